"""The project-intention journey in a real browser: an editor prepares an intention across
two browser sessions (closing the browser mid-way), fixes what the completeness check
reports, submits, sees matching calls and downloads the PDF fiche. Every page visited
passes axe-core. The pages are visited in English (/en/) so the wording does not depend on
the Czech catalogue."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from e2e.conftest import assert_accessible, login

PASSWORD = "heslo-Pro-Test-77"
EMAIL = "editorka@example.cz"


@pytest.fixture
def setup(reference_data, make_member):
    from concept.models import KeyArea
    from concept.services import load_vocabularies
    from funding import services as funding
    from territory.models import TerritorialUnit

    load_vocabularies()
    editor = make_member("editor", "544256", email=EMAIL)
    moderator = make_member("moderator")
    programme = funding.save_programme(moderator, code="IROP", name="IROP 2021–2027",
                                       provider_type="eu_op", provider="MMR")
    # The call is open on whatever day the test runs, and its closing day falls inside the
    # twelve months the calendar shows from the current month (its opening day may lie in
    # the month before, so the calendar is checked through the closing day).
    today = dt.date.today()
    funding.create_call(moderator, funding.CallData(
        programme=programme, identifier="IROP-77-SMART", title="Chytrá města a obce",
        opens_on=today - dt.timedelta(days=5), closes_on=today + dt.timedelta(days=200),
        applicant_types=["obec"], areas=list(KeyArea.objects.filter(code="B2")),
        territories=[TerritorialUnit.objects.get(code="CZ031")],
        allocation=Decimal("100000000"), min_support=Decimal("500000"),
        max_support=Decimal("20000000"), cofinancing_rate=Decimal("15")))
    return editor


@pytest.fixture
def no_console_errors():
    errors: list[str] = []
    yield errors
    assert not errors, "\n".join(errors)


def watch(page, errors):
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))


def version(page) -> int:
    return int(page.locator("#id_version").input_value())


def saved(page, before: int) -> None:
    """Wait until the background save after `before` has come back (the step's version
    in the form moves on with every save)."""
    page.wait_for_function(
        "v => Number(document.getElementById('id_version').value) > v", arg=before)
    expect(page.locator("#save-status")).to_contain_text("Saved at")


def test_editor_prepares_an_intention_across_sessions(browser, live_server, setup,
                                                      no_console_errors):
    # --- first session: start the fiche, fill in part of it, then close the browser ---
    context = browser.new_context(base_url=live_server.url, locale="cs-CZ",
                                  accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    watch(page, no_console_errors)
    login(page, EMAIL, PASSWORD)
    page.goto("/en/intentions/")
    assert_accessible(page)
    page.get_by_role("link", name="New intention").click()
    page.get_by_label("Title of the intention").fill("Chytré veřejné osvětlení Budějovic")
    # The leading unit is chosen by name (the chooser's combobox), as an editor types it.
    unit = page.get_by_role("combobox", name="Leading municipality or unit")
    unit.focus()
    page.keyboard.type("ceske bud", delay=40)
    expect(page.get_by_role("listbox").get_by_role("option").first).to_contain_text(
        "České Budějovice")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page.get_by_role("radio", name="České Budějovice").or_(
        page.get_by_role("checkbox", name="České Budějovice"))).to_be_checked()
    assert_accessible(page)
    page.get_by_role("button", name="Start the fiche").click()

    expect(page.get_by_role("heading", name="Basics")).to_be_visible()
    v = version(page)
    page.get_by_label("Problem it solves").fill("Staré lampy svítí draze a špatně.")
    saved(page, v)
    v = version(page)
    page.get_by_label("Goals").fill("Snížit spotřebu o 60 %.")
    saved(page, v)
    assert_accessible(page)
    context.close()  # the tab is gone mid-way; nothing must be lost

    # --- second session: continue where the first one stopped ---
    context = browser.new_context(base_url=live_server.url, locale="cs-CZ",
                                  accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    watch(page, no_console_errors)
    login(page, EMAIL, PASSWORD)
    page.goto("/en/intentions/?mine=on")
    page.get_by_role("link", name="Chytré veřejné osvětlení Budějovic").click()
    assert_accessible(page)
    page.get_by_role("link", name="Edit the fiche").click()
    expect(page.get_by_label("Problem it solves")).to_have_value(
        "Staré lampy svítí draze a špatně.")
    expect(page.get_by_label("Goals")).to_have_value("Snížit spotřebu o 60 %.")
    page.get_by_label("Target groups").fill("Chodci a řidiči")
    page.get_by_label("Description of the project").fill("Výměna svítidel za LED.")
    page.get_by_role("button", name="Save and continue").click()

    # Classification
    expect(page.get_by_role("heading", name="Areas, technologies and strategies")).to_be_visible()
    v = version(page)
    page.get_by_label("Main key area").select_option(value=str(_area_pk("B2")))
    page.get_by_label("Smart public lighting").check()
    saved(page, v)
    assert_accessible(page)
    page.get_by_role("button", name="Save and continue").click()

    # Outputs
    v = version(page)
    page.get_by_label("Output or indicator 1").fill("Vyměněná svítidla")
    page.get_by_label("Unit of row 1").fill("ks")
    page.get_by_label("Target of row 1").fill("800")
    saved(page, v)
    assert_accessible(page)
    page.get_by_role("button", name="Save and continue").click()

    # Timeline and budget: the grid follows the dates; the sums do not match yet.
    v = version(page)
    page.get_by_label("Planned start").fill("2026-03-01")
    page.get_by_label("Planned end").fill("2027-06-30")
    saved(page, v)
    # With project documentation ready the application takes about four months: the call
    # below (closing in 200 days) can be reached; from a mere idea it would be too late.
    v = version(page)
    page.get_by_label("Readiness").select_option(value="documentation")
    saved(page, v)
    expect(page.get_by_label("own budget in 2027")).to_be_visible()
    v = version(page)
    page.get_by_label("Total cost (CZK)").fill("3 000 000")
    page.get_by_label("own budget in 2026").fill("1 000 000")
    page.get_by_label("EU programme in 2027").fill("1 500 000")
    saved(page, v)
    # The running totals follow the typing, before any final check.
    expect(page.locator("#budget-totals")).to_contain_text(
        "500\u00a0000\u00a0Kč of the total cost is not divided by year and source yet")
    v = version(page)
    page.get_by_label("Total cost (CZK)").fill("tři miliony")
    expect(page.locator("#err-total_cost")).to_contain_text("Enter an amount in CZK")
    page.get_by_label("Total cost (CZK)").fill("3 000 000")
    saved(page, v)
    expect(page.locator("#err-total_cost")).to_be_empty()
    assert_accessible(page)
    page.get_by_role("button", name="Check and submit").click()

    # The completeness check reports the mismatch; the editor fixes it.
    expect(page.get_by_text(re.compile("adds up to 2\u00a0500\u00a0000\u00a0Kč"))).to_be_visible()
    expect(page.get_by_role("button", name="Submit the intention")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(r"^Fix\W+The budget by year")).click()
    v = version(page)
    page.get_by_label("Total cost (CZK)").fill("2 500 000")
    saved(page, v)
    page.get_by_role("button", name="Check and submit").click()
    expect(page.get_by_text("adds up to")).to_have_count(0)

    # Matching calls with the reasons, then submit.
    calls = page.get_by_role("region", name="Matching funding calls")
    expect(calls.get_by_role("link", name=re.compile("IROP-77-SMART"))).to_be_visible()
    calls.get_by_text("Why this score").first.click()
    expect(calls.get_by_text(re.compile("main key area B2"))).to_be_visible()
    page.get_by_role("button", name="Submit the intention").click()
    expect(page.get_by_text("The intention has been submitted.")).to_be_visible()
    expect(page.get_by_text("submitted", exact=True).first).to_be_visible()
    assert_accessible(page)

    # The PDF fiche.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="PDF", exact=True).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as handle:
        assert handle.read(4) == b"%PDF"

    page.get_by_role("link", name=re.compile("IROP-77-SMART")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("IROP-77-SMART")
    expect(page.get_by_text("Chytré veřejné osvětlení Budějovic")).to_be_visible()
    assert_accessible(page)
    page.goto("/en/funding/calendar/")
    expect(page.get_by_role("link", name=re.compile("IROP-77-SMART")).first).to_be_visible()
    assert_accessible(page)
    context.close()


def _area_pk(code: str) -> int:
    from concept.models import KeyArea

    return KeyArea.objects.get(code=code).pk
