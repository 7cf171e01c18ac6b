"""Browser tests: Playwright drives Debian's Chromium against the live test server.

Playwright's sync API runs an event loop in this thread, which Django would otherwise take
for async context; the ORM calls in these tests are synchronous, so that check is lifted.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-dev-shm-usage", "--disable-component-update", "--no-first-run"]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "e2e" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="cs-CZ")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def assert_accessible(page) -> None:
    """Run axe-core on the current page; fail on serious or critical violations."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    violations = [v for v in results.response["violations"]
                  if v.get("impact") in ("serious", "critical")]
    assert not violations, "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} – "
        + ", ".join(str(n.get("target")) for n in v["nodes"][:5])
        for v in violations
    )


def login(page, email: str, password: str) -> None:
    page.goto("/cs/")
    page.get_by_role("link", name="Přihlásit se").click()
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Heslo").fill(password)
    page.get_by_role("button", name="Přihlásit se").click()
