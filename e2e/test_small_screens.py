"""On a 390 px wide phone the tables that were wider than the screen — the national
overview by region and a strategy's concept profile — become cards, so no page scrolls
sideways; the pages pass axe-core at that width."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from playwright.sync_api import expect

from e2e.conftest import assert_accessible

pytestmark = pytest.mark.usefixtures("reference_data")

PHONE = {"width": 390, "height": 844}


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.fixture
def published_strategy_with_profile(make_member, settings, tmp_path):
    from mining.tests.conftest import make_pdf
    from mining.tests.test_integration import STRATEGY_PAGES
    from strategies import services
    from strategies.tests.factories import make_strategy, publish

    settings.MEDIA_ROOT = tmp_path / "media"
    editor = make_member("editor", "544256")
    year = dt.date.today().year
    strategy = make_strategy(editor, valid_from=year - 1, valid_to=year + 5, status="valid")
    services.upload_document(editor, strategy,
                             SimpleUploadedFile("plan.pdf", make_pdf(STRATEGY_PAGES)))
    call_command("worker", burst=True, verbosity=0)  # mines the document: the profile
    return publish(make_member("moderator"), strategy)


def test_the_overview_and_a_profile_fit_a_phone(page, published_strategy_with_profile):
    page.set_viewport_size(PHONE)

    page.goto("/cs/strategie/prehled/")
    regions = page.get_by_role("table", name="Pokrytí podle krajů")
    expect(regions).to_be_visible()
    jihocesky = regions.get_by_role("row").filter(has_text="Jihočeský kraj")
    expect(jihocesky.get_by_role("cell").nth(3)).to_have_text("1")
    assert page_width(page) <= PHONE["width"]
    assert_accessible(page)

    page.goto(published_strategy_with_profile.get_absolute_url())
    profile = page.locator("table.profile-chart")
    expect(profile).to_be_visible()
    # Key areas by name, the code beside it.
    expect(profile.get_by_role("rowheader").first).to_contain_text("ZPO")
    assert page_width(page) <= PHONE["width"]
    assert_accessible(page)

    page.set_viewport_size({"width": 1280, "height": 900})  # a desk: an ordinary table
    expect(profile.locator("thead")).to_be_visible()
