"""Browser journey for search: a visitor finds a passage of a published strategy's document
by an inflected word typed without diacritics, sees the highlighted snippet with its page,
narrows by a facet and opens the strategy. Every page passes axe-core."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from e2e.conftest import assert_accessible

DOCUMENT = ("Strategický plán rozvoje města\n\n"
            "Priorita 1 Doprava\n\n"
            "Město vybuduje síť cyklostezek, zklidní dopravu v centru a zavede chytré řízení "
            "křižovatek. Bezpečná doprava pro chodce a cyklisty je hlavním cílem priority.\n\n"
            "Priorita 2 Energetika\n\n"
            "Na střechách škol vzniknou fotovoltaické elektrárny s bateriovým úložištěm.")


@pytest.fixture
def published(reference_data, make_member, settings, tmp_path):
    from strategies import services
    from strategies.tests.factories import make_strategy, publish

    settings.MEDIA_ROOT = tmp_path
    # Mining and indexing run inline, as a worker would run them right away.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    editor = make_member("editor", "544256")
    strategy = make_strategy(editor, title="Chytré Budějovice 2030", valid_from=2021,
                             valid_to=2030, status="valid")
    services.upload_document(editor, strategy,
                             SimpleUploadedFile("plan.txt", DOCUMENT.encode()),
                             part="proposal", title="Návrhová část")
    return publish(make_member("moderator"), strategy)


def test_visitor_finds_a_passage_by_an_inflected_word_without_diacritics(page, published):
    page.goto("/cs/")
    search = page.get_by_role("search", name="Vyhledávání na webu")
    search.get_by_role("searchbox").fill("doprave")
    search.get_by_role("button").click()
    expect(page).to_have_url("/cs/hledat/?q=doprave")
    results = page.locator("main")
    expect(results.locator("mark").first).to_be_visible()
    expect(results).to_contain_text("Návrhová část")
    expect(results).to_contain_text("Chytré Budějovice 2030")
    assert_accessible(page)

    page.goto("/cs/hledat/?q=%22chytr%C3%A9+%C5%99%C3%ADzen%C3%AD%22")
    expect(page.locator("main mark").first).to_be_visible()
    assert_accessible(page)

    page.goto("/cs/hledat/?q=cyklostezka")
    page.locator("main").get_by_role("link", name="Chytré Budějovice 2030: Návrhová část").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Návrhová část")
    assert_accessible(page)


def test_bad_query_gets_a_clear_message(page, reference_data):
    page.goto("/cs/hledat/?q=%22%22")
    expect(page.locator("main")).to_be_visible()
    assert_accessible(page)
