"""The foundation's main journeys in a real browser, in Czech first.

Every page a journey visits ends with an axe-core check (serious and critical violations
fail the test). Locators go through roles and labels, with the wording users see.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from e2e.conftest import assert_accessible, login

pytestmark = pytest.mark.usefixtures("reference_data")

PASSWORD = "heslo-Pro-Test-77"


@pytest.fixture(autouse=True)
def no_console_errors(page):
    """No script errors and no Content-Security-Policy violations on any page visited."""
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield
    assert not errors, "\n".join(errors)


def main_nav(page):
    return page.get_by_role("navigation", name="Hlavní navigace")


def fact(page, term: str):
    """The <dd> that follows the <dt> with `term` in the profile's list of facts."""
    return page.locator("dl.facts").locator(f"dt:text-is('{term}') + dd")


# --- 1. Home page ------------------------------------------------------------------------


def test_home_page_czech_skip_link_and_landmarks(page):
    page.goto("/cs/")

    expect(page.locator("html")).to_have_attribute("lang", "cs")
    expect(page).to_have_title(re.compile("Platforma SMART"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Jednotná informační a datová platforma pro koncept SMART"
    )

    # Landmarks: banner, main navigation, search, main, footer.
    expect(page.get_by_role("banner")).to_be_visible()
    expect(main_nav(page)).to_be_visible()
    expect(page.get_by_role("search", name="Vyhledat obec")).to_be_visible()
    expect(page.get_by_role("main")).to_be_visible()
    expect(page.get_by_role("contentinfo")).to_be_visible()

    # The skip link is the first stop of the keyboard, shows when focused, and moves the
    # focus to <main>.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Přejít na hlavní obsah")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0, "skip link stays off-screen"
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()
    expect(page).to_have_url(re.compile(r"/cs/#main$"))

    assert_accessible(page)


# --- 2. Municipality search and profile --------------------------------------------------


def test_search_without_diacritics_and_open_profile(page):
    page.goto("/cs/")
    search = page.get_by_role("search", name="Vyhledat obec")
    search.get_by_label("Název obce, ORP nebo kraje").fill("Ceske Bud")
    search.get_by_role("button", name="Hledat").click()

    expect(page).to_have_url(re.compile(r"/cs/uzemi/\?q=Ceske\+Bud"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Obce a kraje")
    results = page.locator("#results").get_by_role("listitem")
    first = results.first
    expect(first).to_contain_text("České Budějovice")
    expect(first).to_contain_text("Jihočeský kraj")
    assert_accessible(page)

    first.get_by_role("link", name="České Budějovice").click()

    expect(page).to_have_url(re.compile(r"/cs/uzemi/544256/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("České Budějovice")
    expect(fact(page, "Úřední kód")).to_have_text("544256")
    expect(fact(page, "Kraj").get_by_role("link")).to_have_text("Jihočeský kraj")
    expect(fact(page, "ORP").get_by_role("link")).to_have_text("České Budějovice")
    # 94 463 inhabitants, grouped the Czech way (a non-breaking space between thousands).
    expect(fact(page, "Počet obyvatel")).to_contain_text(re.compile(r"94\s463"))
    expect(page.get_by_role("navigation", name="Drobečková navigace")).to_contain_text(
        "Jihočeský kraj"
    )
    map_ = page.get_by_role("img", name=re.compile("České Budějovice.*mapě Česka"))
    expect(map_).to_be_visible()
    assert page.locator("svg.map path.region").count() == 14
    expect(page.locator("svg.map circle.point")).to_have_count(1)
    assert_accessible(page)


def test_live_search_updates_results_while_typing(page):
    page.goto("/cs/uzemi/")
    expect(page.get_by_role("heading", name="Kraje", exact=True)).to_be_visible()
    # A marker that survives only if the page is not reloaded.
    page.evaluate("window.__sameDocument = true")

    page.get_by_label("Název (diakritika nepovinná)").press_sequentially("pise", delay=60)

    results = page.locator("#results")
    expect(results.get_by_role("listitem").first).to_contain_text("Písek")
    expect(page.get_by_role("heading", name="Kraje", exact=True)).to_have_count(0)
    assert page.evaluate("window.__sameDocument") is True, "the page reloaded instead of htmx"
    expect(page).to_have_url(re.compile(r"/cs/uzemi/\?q=pise"))

    # Typing on narrows the list again without a reload.
    page.get_by_label("Název (diakritika nepovinná)").fill("Jihlava")
    expect(results.get_by_role("listitem").first).to_contain_text("Jihlava")
    expect(results).not_to_contain_text("Písek")
    assert page.evaluate("window.__sameDocument") is True
    assert_accessible(page)


# --- 3. Smart Cities Concept --------------------------------------------------------------


def test_concept_pillar_and_key_area(page):
    page.goto("/cs/")
    main_nav(page).get_by_role("link", name="Koncepce Smart Cities").click()

    expect(page).to_have_url(re.compile(r"/cs/koncepce/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Koncepce Smart Cities")
    expect(main_nav(page).get_by_role("link", name="Koncepce Smart Cities")).to_have_attribute(
        "aria-current", "page"
    )
    assert_accessible(page)

    page.get_by_role("link", name="C – Prostředí pro život").click()
    expect(page).to_have_url(re.compile(r"/cs/koncepce/pilir/C/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("C – Prostředí pro život")
    expect(page.get_by_role("heading", name="Klíčové oblasti")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="C4", exact=True).click()
    expect(page).to_have_url(re.compile(r"/cs/koncepce/C4/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Dopravní infrastruktura a mobilita vhodná pro lidi"
    )
    expect(fact(page, "Kód")).to_have_text("C4")
    expect(fact(page, "Anglický název")).to_have_text(
        "Transport infrastructure and mobility fit for people"
    )
    breadcrumbs = page.get_by_role("navigation", name="Drobečková navigace")
    expect(breadcrumbs.get_by_role("link", name="Prostředí pro život")).to_be_visible()
    assert_accessible(page)


# --- 4. Login, dashboard, logout ----------------------------------------------------------


def test_login_wrong_then_right_password_dashboard_and_logout(page, make_member):
    make_member("editor", "549240", email="editorka@example.cz")

    login(page, "editorka@example.cz", "spatne-heslo-123")
    expect(page).to_have_url(re.compile(r"/cs/ucet/login/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Přihlásit se")
    # The error is announced (role="alert") and visible.
    expect(page.get_by_role("alert")).to_have_text("Zadaný e-mail nebo heslo není správné.")
    # Still anonymous: the header still offers logging in, the e-mail is kept.
    expect(page.get_by_role("banner").get_by_role("link", name="Přihlásit se")).to_be_visible()
    expect(page.get_by_role("banner").get_by_role("button", name="Odhlásit se")).to_have_count(0)
    expect(page.get_by_label("E-mail")).to_have_value("editorka@example.cz")
    assert_accessible(page)

    page.get_by_label("Heslo").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Přihlásit se").click()

    expect(page).to_have_url(re.compile(r"/cs/prehled/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Můj přehled")
    expect(page.get_by_text("Přihlášen(a) jako editorka@example.cz.")).to_be_visible()
    roles = page.get_by_role("table", name="Moje role")
    row = roles.get_by_role("row").filter(has_text="editor obce")
    expect(row).to_have_count(1)
    expect(row.get_by_role("link", name="Písek")).to_be_visible()
    # An editor does not manage memberships.
    expect(page.get_by_role("link", name="Spravovat členství")).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("banner").get_by_role("button", name="Odhlásit se").click()
    expect(page).to_have_url(re.compile(r"/cs/$"))
    expect(page.get_by_role("banner").get_by_role("link", name="Přihlásit se")).to_be_visible()
    page.goto("/cs/prehled/")
    expect(page).to_have_url(re.compile(r"/cs/ucet/login/\?next="))
    assert_accessible(page)


# --- 5. Language switch -------------------------------------------------------------------


def test_language_switch_keeps_the_page(page):
    page.goto("/cs/uzemi/544256/")
    expect(page.locator("dl.facts")).to_contain_text("Úřední kód")

    page.get_by_role("banner").get_by_role("link", name="English").click()

    expect(page).to_have_url(re.compile(r"/en/territory/544256/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_contain_text("České Budějovice")
    expect(fact(page, "Official code")).to_have_text("544256")
    expect(fact(page, "Region").get_by_role("link")).to_have_text("Jihočeský kraj")
    expect(
        page.get_by_role("navigation", name="Main navigation").get_by_role(
            "link", name="Municipalities and regions"
        )
    ).to_be_visible()
    expect(page.get_by_role("link", name="Skip to main content")).to_be_attached()
    assert_accessible(page)

    page.get_by_role("banner").get_by_role("link", name="Česky").click()
    expect(page).to_have_url(re.compile(r"/cs/uzemi/544256/$"))
    expect(page.locator("html")).to_have_attribute("lang", "cs")
    expect(fact(page, "Úřední kód")).to_have_text("544256")
    assert_accessible(page)


# --- 6. Keyboard --------------------------------------------------------------------------


def test_main_navigation_reachable_by_keyboard_with_visible_focus(page):
    page.goto("/cs/")
    nav_link = main_nav(page).get_by_role("link", name="Obce a kraje")

    for _ in range(10):
        page.keyboard.press("Tab")
        if nav_link.evaluate("el => el === document.activeElement"):
            break
    expect(nav_link).to_be_focused()

    focus = nav_link.evaluate("""el => {
        const style = getComputedStyle(el);
        const box = el.getBoundingClientRect();
        return {visible: el.matches(':focus-visible'), style: style.outlineStyle,
                width: parseFloat(style.outlineWidth), color: style.outlineColor,
                inView: box.width > 0 && box.height > 0 && box.top >= 0
                        && box.bottom <= window.innerHeight};
    }""")
    assert focus["visible"], "the focused link does not match :focus-visible"
    assert focus["style"] != "none" and focus["width"] >= 2, f"no visible focus ring: {focus}"
    assert focus["inView"], "the focused link is off-screen"

    # The next Tab goes on through the navigation, and Enter follows the link.
    page.keyboard.press("Tab")
    expect(main_nav(page).get_by_role("link", name="Koncepce Smart Cities")).to_be_focused()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/cs/uzemi/$"))
    assert_accessible(page)


# --- 7. Administrator manages memberships -------------------------------------------------


def test_admin_grants_and_removes_editor_role(page, admin_user, make_user):
    make_user("starosta@pisek.example.cz")

    login(page, "admin@example.cz", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Můj přehled")
    page.get_by_role("link", name="Spravovat členství").click()

    expect(page).to_have_url(re.compile(r"/cs/ucet/clenstvi/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Členství")
    assert_accessible(page)

    form = page.get_by_role("region", name="Přidělit roli")
    form.get_by_label("E-mail uživatele").fill("starosta@pisek.example.cz")
    form.get_by_role("combobox", name="Role").select_option(label="editor obce")

    # A code that names no unit: the error is tied to its field, the entries are kept.
    # (The unit is chosen by name or code through the chooser's combobox.)
    code = form.get_by_role("combobox", name="Územní jednotka")
    code.fill("999999")
    form.get_by_role("button", name="Přidělit").click()
    code = page.get_by_role("region", name="Přidělit roli").get_by_role(
        "combobox", name="Územní jednotka")
    expect(code).to_have_attribute("aria-invalid", "true")
    expect(code).to_have_accessible_description(re.compile("Nic s názvem „999999“ nebylo nalezeno"))
    expect(code).to_have_accessible_description(re.compile("úřední kód"))
    expect(form.get_by_label("E-mail uživatele")).to_have_value("starosta@pisek.example.cz")
    expect(page.get_by_role("table", name="Stávající členství")).not_to_contain_text(
        "starosta@pisek.example.cz"
    )
    assert_accessible(page)

    code.fill("549240")
    form.get_by_role("button", name="Přidělit").click()

    # (the page's message; the chooser has a status region of its own)
    expect(page.locator(".messages[role=status]")).to_contain_text("Role byla přidělena.")
    table = page.get_by_role("table", name="Stávající členství")
    row = table.get_by_role("row").filter(has_text="starosta@pisek.example.cz")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("editor obce")
    expect(row.get_by_role("link", name="Písek")).to_be_visible()
    expect(row).to_contain_text("549240")
    assert_accessible(page)

    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name="Odebrat").click()

    expect(page.locator(".messages[role=status]")).to_contain_text("Role byla odebrána.")
    expect(table.get_by_role("row").filter(has_text="starosta@pisek.example.cz")).to_have_count(0)
    # The administrator's own membership stays.
    expect(table.get_by_role("row").filter(has_text="admin@example.cz")).to_have_count(1)
    assert_accessible(page)
