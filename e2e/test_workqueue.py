"""The work queue in a real browser: an editor of České Budějovice submits a strategy; the
Jihočeský kraj coordinator sees it waiting, counted in the header, opens it from the queue
and returns it with a comment; the editor finds the comment in their queue. The reviewers'
e-mail goes out when the worker runs, not during the request. Every page visited passes
axe-core. The pages are visited in English (/en/) so the wording does not depend on the Czech
catalogue."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from e2e.conftest import assert_accessible, login

PASSWORD = "heslo-Pro-Test-77"
EDITOR = "editorka@c-budejovice.example.cz"
COORDINATOR = "koordinator@jck.example.cz"
TITLE = "Chytrá mobilita České Budějovice 2030"
COMMENT = "Doplňte prosím indikátory k cílům mobility."


@pytest.fixture
def setup(reference_data, make_member, settings):
    from strategies.tests.factories import make_strategy

    settings.NOTICES_DAILY_HOUR = None
    editor = make_member("editor", "544256", email=EDITOR)
    make_member("coordinator", "CZ031", email=COORDINATOR)
    return make_strategy(editor, title=TITLE)


@pytest.fixture
def no_console_errors():
    errors: list[str] = []
    yield errors
    assert not errors, "\n".join(errors)


def open_as(browser, live_server, email, errors):
    context = browser.new_context(base_url=live_server.url, locale="cs-CZ")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    login(page, email, PASSWORD)
    return context, page


def queue_link(page):
    return page.get_by_role("banner").get_by_role("link", name=re.compile("^Work queue"))


def test_submission_returned_through_the_work_queue(browser, live_server, setup,
                                                    no_console_errors):
    strategy = setup
    mail.outbox.clear()

    # --- the editor submits the strategy ---
    context, page = open_as(browser, live_server, EDITOR, no_console_errors)
    page.goto(f"/en/strategies/{strategy.pk}/")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator("div.messages[role=status]")).to_contain_text("submitted for review")
    expect(queue_link(page)).to_have_text("Work queue")  # nothing waits for the editor
    context.close()
    assert mail.outbox == []  # the request sent no mail
    call_command("worker", burst=True, verbosity=0)
    # The kraj's coordinator hears of it (and the administrator who made the accounts).
    assert [COORDINATOR] in [m.to for m in mail.outbox]
    assert [EDITOR] not in [m.to for m in mail.outbox]

    # --- the coordinator finds it in the queue, counted in the header, and returns it ---
    context, page = open_as(browser, live_server, COORDINATOR, no_console_errors)
    page.goto("/en/dashboard/")
    link = queue_link(page)
    expect(link.locator(".count-badge")).to_have_text("1")
    expect(link).to_contain_text("1 item waiting")
    expect(page.get_by_role("region", name="My work queue")).to_contain_text(TITLE)
    assert_accessible(page)
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My work queue")
    waiting = page.get_by_role("region", name=re.compile("^Submissions waiting for my review"))
    expect(waiting).to_contain_text("České Budějovice")
    assert_accessible(page)
    waiting.get_by_role("link", name=TITLE).click()
    page.get_by_label("What should the editor change?").fill(COMMENT)
    page.get_by_role("button", name="Return with a comment").click()
    expect(page.locator("div.messages[role=status]")).to_contain_text("returned")
    expect(queue_link(page).locator(".count-badge")).to_have_count(0)
    page.goto("/en/work-queue/")
    expect(page.get_by_role("region", name=re.compile("^Submissions waiting for my review"))) \
        .to_contain_text("Nothing is waiting for your review.")
    context.close()

    # --- the editor sees the comment in their queue ---
    context, page = open_as(browser, live_server, EDITOR, no_console_errors)
    page.goto("/en/dashboard/")
    expect(queue_link(page).locator(".count-badge")).to_have_text("1")
    queue_link(page).click()
    returned = page.get_by_role("region", name=re.compile("^My submissions returned for changes"))
    expect(returned).to_contain_text(TITLE)
    expect(returned).to_contain_text(COMMENT)
    assert_accessible(page)
    page.get_by_role("link", name="E-mail notifications").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("E-mail notifications")
    assert_accessible(page)
    context.close()
