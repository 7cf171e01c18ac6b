"""Review journeys of the strategy registry in a real browser, in Czech (issue 12).

(a) An editor changes the validity of a published strategy: the change waits as a revision
that the public does not see until a moderator publishes it. (b) An incomplete strategy
cannot be submitted and its page says what is missing. (c) An editor takes over the
structure proposed by a processed document as a merge, and the indicator on an element the
editor built by hand survives. Every page visited passes the axe-core check.

Texts are looked up through gettext in Czech, so the tests read what a Czech user reads.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import translation
from django.utils.text import capfirst
from playwright.sync_api import expect

from e2e.conftest import assert_accessible, login

pytestmark = pytest.mark.usefixtures("reference_data")

PASSWORD = "heslo-Pro-Test-77"
EDITOR = "editorka@c-budejovice.example.cz"
MODERATOR = "moderator@example.cz"


def cs(text: str, context: str | None = None) -> str:
    with translation.override("cs"):
        if context:
            return translation.pgettext(context, text)
        return translation.gettext(text)


@pytest.fixture
def console_errors():
    return []


@pytest.fixture(autouse=True)
def no_console_errors(page, console_errors):
    """No script errors and no Content-Security-Policy violations on any page visited."""
    page.on("console", lambda m: m.type == "error" and console_errors.append(m.text))
    page.on("pageerror", lambda error: console_errors.append(str(error)))
    yield
    assert not console_errors, "\n".join(console_errors)


@pytest.fixture
def editor(make_member):
    return make_member("editor", "544256", email=EDITOR)


@pytest.fixture
def moderator(make_member):
    return make_member("moderator", email=MODERATOR)


def status(page):
    return page.locator(".messages[role=status]")


def logout(page) -> None:
    page.get_by_role("banner").get_by_role("button", name="Odhlásit se").click()
    expect(page.get_by_role("banner").get_by_role("link", name="Přihlásit se")).to_be_visible()


def login_to(page, email: str, url: str) -> None:
    login(page, email, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Můj přehled")
    page.goto(url)


def facts(page):
    return page.get_by_role("region", name=cs("About the strategy"))


# --- (a) a published strategy's validity changes only after review ---------------------------


def test_a_changed_validity_waits_for_review_and_the_public_sees_it_only_when_published(
        page, editor, moderator):
    from strategies.tests.factories import make_strategy, publish

    strategy = publish(moderator, make_strategy(
        editor, title="Strategie Smart City České Budějovice", valid_from=2021,
        valid_to=2030))
    url = f"/cs/strategie/{strategy.pk}/"

    login_to(page, EDITOR, url)
    page.get_by_role("main").get_by_role("link", name="Upravit", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Upravit strategii")
    note = cs("A change here is published after review.")
    valid_to = page.get_by_role("spinbutton", name=cs("Valid to (year)"))
    # The note is read with the field (its description) and shown by it.
    expect(valid_to).to_have_accessible_description(re.compile(re.escape(note)))
    expect(page.get_by_role("textbox", name="Název", exact=True)) \
        .not_to_have_accessible_description(re.compile(re.escape(note)))
    assert_accessible(page)
    valid_to.fill("2035")
    page.get_by_role("textbox", name=cs("Summary"), exact=True).fill("Aktualizované shrnutí strategie.")
    page.get_by_role("main").get_by_role("button", name="Uložit").click()

    # The summary is published at once, the validity waits for review.
    expect(status(page)).to_contain_text("Změny byly uloženy.")
    expect(facts(page)).to_contain_text("Aktualizované shrnutí strategie.")
    expect(facts(page)).to_contain_text("2021–2030")
    revision = page.get_by_role("region", name=cs("Changes waiting for review"))
    expect(revision).to_contain_text(capfirst(cs("valid to (year)")))
    expect(revision).to_contain_text("2030")
    expect(revision).to_contain_text("2035")
    expect(revision.get_by_role("button", name=cs("Publish the changes"))).to_have_count(0)
    assert_accessible(page)
    logout(page)

    # The public sees the published validity and nothing of the revision.
    page.goto(url)
    expect(facts(page)).to_contain_text("2021–2030")
    expect(page.get_by_role("main")).not_to_contain_text("2035")
    expect(page.get_by_role("region", name=cs("Changes waiting for review"))).to_have_count(0)
    assert_accessible(page)

    # The moderator finds it in the work queue and publishes it.
    login(page, MODERATOR, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Můj přehled")
    page.goto(url)
    revision = page.get_by_role("region", name=cs("Changes waiting for review"))
    expect(revision).to_contain_text("2035")
    assert_accessible(page)
    revision.get_by_role("button", name=cs("Publish the changes")).click()
    expect(status(page)).to_contain_text(cs("The changes have been published."))
    expect(facts(page)).to_contain_text("2021–2035")
    expect(page.get_by_role("region", name=cs("Changes waiting for review"))).to_have_count(0)
    logout(page)

    page.goto(url)
    expect(facts(page)).to_contain_text("2021–2035")
    assert_accessible(page)


# --- (b) an incomplete strategy cannot be submitted --------------------------------------------


def test_an_incomplete_strategy_cannot_be_submitted_and_the_page_says_what_is_missing(
        page, editor):
    from strategies.tests.factories import make_strategy

    strategy = make_strategy(editor, title="Rozpracovaná strategie", complete=False)
    missing_validity = cs("Enter the validity period (the first and the last year).")
    missing_structure = cs("Enter the structure (goals, measures) or upload the strategy's "
                           "document.")

    login_to(page, EDITOR, f"/cs/strategie/{strategy.pk}/")
    completeness = page.locator("section.completeness")
    expect(completeness).to_contain_text(
        cs("Before the strategy can be submitted for review, complete:"))
    expect(completeness).to_contain_text(missing_validity)
    expect(completeness).to_contain_text(missing_structure)
    assert_accessible(page)

    page.get_by_role("button", name=cs("Submit for review")).click()
    alert = page.locator(".messages").filter(
        has_text=cs("The strategy cannot be submitted yet:"))
    expect(alert).to_contain_text(missing_validity)
    expect(alert).to_contain_text(missing_structure)
    expect(page.get_by_role("main").locator(".badges")).to_contain_text(cs("draft"))
    assert_accessible(page)


# --- (c) a proposed structure is merged and the editor's indicator survives --------------------


@pytest.fixture
def processed(editor, settings, tmp_path):
    """A strategy with a hand-built tree (priority 1 with measure 1.1 and its indicator, and
    priority 9 that the document does not contain) and its processed document."""
    from mining.tests.conftest import make_pdf
    from mining.tests.test_integration import STRATEGY_PAGES
    from strategies import services
    from strategies.tests.factories import make_strategy

    settings.MEDIA_ROOT = tmp_path / "media"
    strategy = make_strategy(editor, title="Strategický plán rozvoje města", complete=False,
                             valid_from=2021, valid_to=2027)
    priority = services.add_node(editor, strategy, kind="priority", code="1",
                                 title="Doprava a mobilita")
    measure = services.add_node(editor, strategy, kind="measure", code="1.1", parent=priority,
                                title="Rozvoj cyklostezek a cyklopruhů ve městě")
    indicator = services.add_indicator(editor, measure, name="Délka cyklostezek", unit="km",
                                       baseline_value=Decimal("8.5"), baseline_year=2020)
    services.set_indicator_value(editor, indicator, 2024, Decimal("12"))
    services.add_node(editor, strategy, kind="priority", code="9", title="Kultura")
    result = services.upload_document(editor, strategy, SimpleUploadedFile(
        "plan.pdf", make_pdf(STRATEGY_PAGES)))
    call_command("worker", burst=True, verbosity=0)
    return strategy, result.version.document


def test_a_proposed_structure_is_merged_and_the_indicator_survives(page, processed):
    strategy, document = processed
    with translation.override("cs"):
        url = document.get_absolute_url()
    login_to(page, EDITOR, url)
    page.get_by_role("link", name=cs("Compare and take over the proposed structure")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        cs("Take over the proposed structure"))
    current = page.get_by_role("region", name=cs("Current structure"))
    proposed = page.get_by_role("region", name=cs("Proposed structure after the merge"))
    expect(current).to_contain_text("Rozvoj cyklostezek a cyklopruhů ve městě")
    expect(proposed).to_contain_text("Energetika")
    # The editor's own priority 9 is offered for removal, unticked, and stays by default.
    keep = page.get_by_role("checkbox", name=re.compile("Kultura"))
    expect(keep).not_to_be_checked()
    assert_accessible(page)
    page.get_by_role("button", name=cs("Merge into the structure")).click()

    expect(page).to_have_url(re.compile(rf"/cs/strategie/{strategy.pk}/"))
    tree = page.locator("ul.tree")
    expect(tree).to_contain_text("Energetika")
    expect(tree).to_contain_text("Kultura")
    expect(tree).to_contain_text("Rozvoj cyklostezek a cyklopruhů ve městě")
    indicators = page.locator("table.indicators").filter(has_text="Délka cyklostezek")
    expect(indicators).to_have_count(1)
    expect(indicators).to_contain_text("2024: 12")
    assert_accessible(page)
