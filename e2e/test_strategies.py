"""The strategy registry in a real browser, in Czech.

The main journey follows the issue: an editor of České Budějovice creates a strategy with a
structure tree, an indicator with a measured value and a document, and submits it; the
regional coordinator returns it with a comment; the editor fixes and resubmits; a moderator
publishes; an anonymous visitor finds it through the filters. Further tests cover the tree
import, the edit conflict, the national overview and deleting and restoring a strategy.
Every page visited ends with an axe-core check (serious and critical violations fail).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from e2e.conftest import assert_accessible, login

pytestmark = pytest.mark.usefixtures("reference_data")

PASSWORD = "heslo-Pro-Test-77"
EDITOR = "editorka@c-budejovice.example.cz"
COORDINATOR = "koordinator@jck.example.cz"
MODERATOR = "moderator@example.cz"
TITLE = "Strategie Smart City České Budějovice 2021–2030"


def watch_errors(page, errors: list[str]) -> None:
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))


@pytest.fixture
def console_errors():
    return []


@pytest.fixture(autouse=True)
def no_console_errors(page, console_errors):
    """No script errors and no Content-Security-Policy violations on any page visited."""
    watch_errors(page, console_errors)
    yield
    assert not console_errors, "\n".join(console_errors)


@pytest.fixture
def media(settings, tmp_path):
    """Uploaded files go to a temporary directory, not to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def editor(make_member):
    return make_member("editor", "544256", email=EDITOR)


def status(page):
    return page.locator(".messages[role=status]")


def badges(page):
    return page.get_by_role("main").locator("h1 + p")


def logout(page) -> None:
    page.get_by_role("banner").get_by_role("button", name="Odhlásit se").click()
    expect(page.get_by_role("banner").get_by_role("link", name="Přihlásit se")).to_be_visible()


def login_to(page, email: str, url: str) -> None:
    login(page, email, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Můj přehled")
    page.goto(url)


def strategy_of(editor_user, title: str = "Strategie rozvoje Českých Budějovic", **fields):
    from strategies.tests.factories import make_strategy

    return make_strategy(editor_user, title=title, **fields)


def add_node(page, kind: str, code: str, title: str, parent: str | None = None) -> None:
    """Through the strategy page's "Přidat prvek" link and the element form."""
    page.get_by_role("link", name="Přidat prvek").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nový prvek")
    form = page.get_by_role("main")
    form.get_by_role("combobox", name="Typ", exact=True).select_option(label=kind)
    form.get_by_role("textbox", name="Kód", exact=True).fill(code)
    form.get_by_role("textbox", name="Název", exact=True).fill(title)
    if parent:
        form.get_by_role("combobox", name="Nadřazený prvek").select_option(label=parent)
    assert_accessible(page)
    form.get_by_role("button", name="Uložit").click()
    # Back on the strategy, at the new element.
    expect(status(page)).to_contain_text("Prvek byl přidán.")
    expect(page).to_have_url(re.compile(r"/cs/strategie/\d+/#node-\d+$"))
    expect(page.locator("ul.tree")).to_contain_text(f"{code} {title}")


def back_to_strategy(page, title: str) -> None:
    page.get_by_role("navigation", name="Drobečková navigace").get_by_role(
        "link", name=title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


# --- 1. The whole journey -------------------------------------------------------------------


def test_create_submit_return_resubmit_publish_and_find_by_facets(page, make_member,
                                                                  admin_user, media):
    from strategies.tests.factories import make_strategy, publish

    make_member("editor", "544256", email=EDITOR)
    make_member("coordinator", "CZ031", email=COORDINATOR)
    moderator = make_member("moderator", email=MODERATOR)
    # Two published strategies the filters must leave out: another type in the same kraj and
    # the same type in another kraj.
    publish(moderator, make_strategy(admin_user, "549240", title="Strategický plán Písku",
                                     strategy_type="strategic_plan"))
    publish(moderator, make_strategy(admin_user, "586846", title="Smart Jihlava"))

    # The editor creates the strategy.
    login(page, EDITOR, PASSWORD)
    page.get_by_role("navigation", name="Hlavní navigace").get_by_role(
        "link", name="Strategie").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Registr strategií")
    assert_accessible(page)
    page.get_by_role("link", name="Nová strategie").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nová strategie")
    form = page.get_by_role("main")
    # The owner is preset to the editor's own municipality.
    # (chosen by name: the municipality stands ticked under the chooser's box)
    expect(form.get_by_role("checkbox", name="České Budějovice")).to_be_checked()
    assert_accessible(page)

    form.get_by_role("textbox", name="Název", exact=True).fill(TITLE)
    form.get_by_role("combobox", name="Typ", exact=True).select_option(
        label="strategie smart city")
    form.get_by_role("combobox", name="Status").select_option(label="schválená / platná")
    form.get_by_role("spinbutton", name="Platnost od (rok)").fill("2021")
    form.get_by_role("spinbutton", name="Platnost do (rok)").fill("2030")
    form.get_by_role("textbox", name="Shrnutí").fill("Chytré a zelené město.")
    form.get_by_role("checkbox", name=re.compile(r"^C4 ")).check()
    form.get_by_role("button", name="Uložit").click()

    expect(status(page)).to_contain_text("Strategie byla založena jako koncept.")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(badges(page)).to_contain_text("koncept")
    expect(page.get_by_text("Struktura zatím nebyla zadána.")).to_be_visible()
    about = page.get_by_role("region", name="O strategii")
    expect(about.locator("dt:text-is('Platnost') + dd")).to_have_text("2021–2030")
    strategy_url = page.url
    assert re.search(r"/cs/strategie/\d+/$", strategy_url), strategy_url
    assert_accessible(page)

    # The tree: a vision, a priority under it and a measure under the priority.
    add_node(page, "vize", "1", "Zelené Budějovice")
    add_node(page, "priorita", "1.1", "Čistá doprava", parent="vize: 1 Zelené Budějovice")
    add_node(page, "opatření", "1.1.1", "Elektrobusy v MHD",
             parent="priorita: 1.1 Čistá doprava")
    assert_accessible(page)

    # An indicator with a measured value on the measure's own page.
    page.locator("ul.tree").get_by_role("link", name="Upravit 1.1.1 Elektrobusy v MHD").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Upravit prvek")
    expect(page.get_by_role("textbox", name="Název", exact=True)).to_have_value(
        "Elektrobusy v MHD")
    expect(page.get_by_role("combobox", name="Nadřazený prvek")).to_have_value(re.compile(r"\d+"))
    main = page.get_by_role("main")
    main.get_by_role("textbox", name="Ukazatel", exact=True).fill("Podíl elektrobusů")
    main.get_by_role("textbox", name="Měrná jednotka").fill("%")
    main.get_by_role("textbox", name="Výchozí hodnota").fill("10")
    main.get_by_role("spinbutton", name="Výchozí rok").fill("2020")
    main.get_by_role("textbox", name="Cílová hodnota").fill("50")
    main.get_by_role("spinbutton", name="Cílový rok").fill("2030")
    main.get_by_role("button", name="Přidat ukazatel").click()
    expect(status(page)).to_contain_text("Ukazatel byl přidán.")
    card = page.locator(".card").filter(
        has=page.get_by_role("heading", name="Podíl elektrobusů (%)"))
    # Years are not grouped like amounts ("2 020"), and exact decimals keep no padding.
    expect(card).to_contain_text("Výchozí hodnota: 10 (2020) · Cílová hodnota: 50 (2030)")
    expect(card).to_contain_text("Zatím žádné naměřené hodnoty.")
    # The year of a new measurement defaults to this year.
    expect(card.get_by_role("spinbutton", name="Rok")).to_have_value(str(dt.date.today().year))
    assert_accessible(page)

    card.get_by_role("spinbutton", name="Rok").fill("2023")
    card.get_by_role("textbox", name="Naměřená hodnota").fill("22,5")
    card.get_by_role("button", name="Uložit hodnotu").click()
    expect(status(page)).to_contain_text("Naměřená hodnota byla uložena.")
    expect(card.locator("p").nth(1)).to_have_text("2023: 22,5")
    assert_accessible(page)

    back_to_strategy(page, TITLE)
    tree = page.locator("ul.tree")
    expect(tree.get_by_role("listitem")).to_have_count(3)
    expect(tree.get_by_role("listitem").nth(0)).to_contain_text("Zelené Budějovice")
    expect(tree.get_by_role("listitem").nth(1)).to_contain_text("Čistá doprava")
    measure = tree.get_by_role("listitem").nth(2)
    expect(measure).to_contain_text("Elektrobusy v MHD")
    indicators = measure.get_by_role("table", name="Ukazatele")
    expect(indicators.get_by_role("row").filter(has_text="Podíl elektrobusů").get_by_role(
        "cell")).to_have_text(["Podíl elektrobusů (%)", "10 (2020)", "50 (2030)", "2023: 22,5"])
    expect(measure.get_by_role("progressbar", name="Plnění cílových hodnot")).to_be_visible()
    assert_accessible(page)

    # A document, generated here.
    page.get_by_role("link", name="Nahrát dokument").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nahrát dokument")
    main = page.get_by_role("main")
    main.get_by_label("Soubor").set_input_files({
        "name": "strategie.txt", "mimeType": "text/plain",
        "buffer": ("Strategie Smart City České Budějovice\n\nVize: Zelené Budějovice.\n"
                   "Opatření 1.1.1: Elektrobusy v MHD.\n").encode(),
    })
    main.get_by_role("combobox", name="Část").select_option(label="úplné znění")
    main.get_by_role("textbox", name="Název", exact=True).fill("Úplné znění strategie")
    assert_accessible(page)
    main.get_by_role("button", name="Nahrát").click()

    expect(status(page)).to_contain_text("Dokument byl nahrán.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Úplné znění strategie")
    version = page.get_by_role("table", name="Verze").get_by_role("row").nth(1)
    expect(version).to_contain_text("strategie.txt")
    expect(version).to_contain_text("TXT")
    assert_accessible(page)

    back_to_strategy(page, TITLE)
    expect(page.get_by_role("region", name="Dokumenty").get_by_role(
        "link", name="Úplné znění strategie", exact=True)).to_be_visible()
    page.get_by_role("button", name="Odeslat ke schválení").click()
    expect(status(page)).to_contain_text("Strategie byla odeslána ke schválení.")
    expect(badges(page)).to_contain_text("odesláno ke schválení")
    # A submitted strategy is not edited until it is reviewed.
    expect(page.get_by_role("link", name="Upravit", exact=True)).to_have_count(0)
    assert_accessible(page)
    logout(page)

    # The regional coordinator returns it with a comment.
    login(page, COORDINATOR, PASSWORD)
    page.goto("/cs/strategie/")
    # The coordinator sees the submission in the list, marked as such.
    submitted = page.locator("ul.results > li").filter(has_text=TITLE)
    expect(submitted).to_contain_text("odesláno ke schválení")
    assert_accessible(page)
    submitted.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    comment = "Doplňte prosím rozpočet opatření 1.1.1."
    page.get_by_role("textbox", name="Co má editor změnit?").fill(comment)
    assert_accessible(page)
    page.get_by_role("button", name="Vrátit k přepracování s komentářem").click()
    expect(status(page)).to_contain_text("Strategie byla vrácena editorům k přepracování.")
    expect(badges(page)).to_contain_text("vráceno k přepracování")
    expect(page.get_by_role("button", name="Zveřejnit")).to_have_count(0)
    assert_accessible(page)
    logout(page)

    # The editor sees the comment, fixes the strategy and submits it again.
    login_to(page, EDITOR, strategy_url)
    returned = page.get_by_role("alert").filter(has_text="Vráceno k přepracování:")
    expect(returned).to_contain_text(comment)
    assert_accessible(page)
    page.get_by_role("link", name="Upravit", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Upravit strategii: {TITLE}")
    expect(page.get_by_role("textbox", name="Shrnutí")).to_have_value("Chytré a zelené město.")
    assert_accessible(page)
    page.get_by_role("textbox", name="Shrnutí").fill(
        "Chytré a zelené město. Rozpočet opatření 1.1.1: 120 mil. Kč.")
    page.get_by_role("main").get_by_role("button", name="Uložit").click()
    expect(status(page)).to_contain_text("Změny byly uloženy.")
    expect(page.get_by_role("region", name="O strategii")).to_contain_text("120 mil. Kč")
    page.get_by_role("button", name="Odeslat ke schválení").click()
    expect(status(page)).to_contain_text("Strategie byla odeslána ke schválení.")
    expect(page.get_by_role("alert").filter(has_text="Vráceno k přepracování:")).to_have_count(0)
    assert_accessible(page)
    logout(page)

    # A moderator publishes.
    login_to(page, MODERATOR, strategy_url)
    expect(badges(page)).to_contain_text("odesláno ke schválení")
    page.get_by_role("button", name="Zveřejnit").click()
    expect(status(page)).to_contain_text("Strategie byla zveřejněna.")
    expect(badges(page)).to_contain_text("zveřejněno")
    assert_accessible(page)
    logout(page)

    # The public finds it by region and type.
    page.goto("/cs/strategie/")
    results = page.locator("ul.results > li")
    expect(results).to_have_count(3)
    filters = page.get_by_role("complementary", name="Filtrovat")
    filters.get_by_role("combobox", name="Kraj", exact=True).select_option(
        label="Jihočeský kraj")
    filters.get_by_role("combobox", name="Typ", exact=True).select_option(
        label="strategie smart city")
    filters.get_by_role("button", name="Použít filtry").click()

    expect(page).to_have_url(re.compile(r"kraj=CZ031.*type=smart_city"))
    expect(page.get_by_role("heading", name="1 strategie")).to_be_visible()
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text(TITLE)
    expect(results.first).to_contain_text("České Budějovice (Jihočeský kraj)")
    expect(page.locator("ul.results")).not_to_contain_text("Písku")
    expect(page.locator("ul.results")).not_to_contain_text("Jihlava")
    # The filters keep their values.
    expect(filters.get_by_role("combobox", name="Kraj", exact=True)).to_have_value("CZ031")
    expect(filters.get_by_role("combobox", name="Typ", exact=True)).to_have_value("smart_city")
    assert_accessible(page)

    results.first.get_by_role("link", name=TITLE).click()
    expect(page).to_have_url(strategy_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator("ul.tree").get_by_role("listitem")).to_have_count(3)
    expect(page.get_by_role("link", name="Upravit", exact=True)).to_have_count(0)
    expect(page.get_by_role("region", name="Historie změn")).to_have_count(0)
    assert_accessible(page)


# --- 2. Tree import -------------------------------------------------------------------------

BROKEN_CSV = """record;key;parent_key;kind;title
node;V;;vize;Zdravé město
node;P;X;hvezda;Čistá doprava
node;O;P;opatření;
"""

VALID_CSV = """record;key;parent_key;kind;code;title;areas;name;unit;baseline_value;\
baseline_year;target_value;target_year;values
node;V;;vize;1;Zdravé město;;;;;;;;
node;P;V;priorita;1.1;Čistá doprava;C4;;;;;;;
node;O;P;opatření;1.1.1;Elektrobusy;;;;;;;;
indicator;;;;;;;Podíl elektrobusů;%;10;2020;50;2030;2022=20
"""


def test_tree_import_shows_errors_of_a_broken_file_and_imports_a_valid_one(page, editor):
    from strategies import services

    strategy = strategy_of(editor, complete=False)  # no structure yet
    services.add_node(editor, strategy, parent=None, kind="vision", title="Původní vize")

    login_to(page, EDITOR, strategy.get_absolute_url())
    page.get_by_role("link", name="Importovat strukturu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Importovat strukturu: {strategy.title}")
    upload = page.get_by_label("Soubor se strukturou (CSV, XLSX nebo JSON)")
    assert_accessible(page)

    upload.set_input_files({"name": "struktura.csv", "mimeType": "text/csv",
                            "buffer": BROKEN_CSV.encode()})
    page.get_by_role("button", name="Importovat").click()

    problems = page.get_by_role("alert").filter(has_text="Nic nebylo importováno.")
    expect(problems).to_contain_text("Opravte tyto problémy a zkuste to znovu")
    expect(problems.get_by_role("listitem")).to_have_count(3)
    expect(problems).to_contain_text("Řádek 3: neznámý typ prvku „hvezda“")
    expect(problems).to_contain_text("Řádek 3: neznámý parent_key „X“")
    expect(problems).to_contain_text("Řádek 4: chybí název.")
    assert strategy.nodes.count() == 1, "a broken file must leave the old tree as it was"
    assert_accessible(page)

    upload.set_input_files({"name": "struktura.csv", "mimeType": "text/csv",
                            "buffer": VALID_CSV.encode()})
    page.get_by_role("button", name="Importovat").click()

    expect(page).to_have_url(re.compile(rf"/cs/strategie/{strategy.pk}/$"))
    expect(status(page)).to_contain_text("Počet importovaných prvků: 3.")
    tree = page.locator("ul.tree")
    expect(tree.get_by_role("listitem")).to_have_count(3)
    expect(tree).not_to_contain_text("Původní vize")
    expect(tree.get_by_role("listitem").nth(1)).to_contain_text("Čistá doprava")
    expect(tree.get_by_role("listitem").nth(1)).to_contain_text("C4")
    measure = tree.get_by_role("listitem").nth(2)
    expect(measure).to_contain_text("Elektrobusy")
    expect(measure.get_by_role("table", name="Ukazatele")).to_contain_text("2022: 20")
    assert_accessible(page)


# --- 3. Edit conflict -----------------------------------------------------------------------


def test_second_save_of_the_same_strategy_shows_both_values(page, browser, live_server,
                                                             editor, make_member,
                                                             console_errors):
    make_member("coordinator", "CZ031", email=COORDINATOR)
    strategy = strategy_of(editor)
    edit_url = f"/cs/strategie/{strategy.pk}/upravit/"

    other_context = browser.new_context(base_url=live_server.url, locale="cs-CZ")
    try:
        other = other_context.new_page()
        other.set_default_timeout(15_000)
        watch_errors(other, console_errors)

        login_to(page, EDITOR, edit_url)
        login_to(other, COORDINATOR, edit_url)
        expect(page.get_by_role("heading", level=1)).to_contain_text("Upravit strategii")
        expect(other.get_by_role("heading", level=1)).to_contain_text("Upravit strategii")

        page.get_by_role("textbox", name="Název", exact=True).fill("Verze editorky")
        page.get_by_role("main").get_by_role("button", name="Uložit").click()
        expect(status(page)).to_contain_text("Změny byly uloženy.")
        expect(page.get_by_role("heading", level=1)).to_have_text("Verze editorky")

        other.get_by_role("textbox", name="Název", exact=True).fill("Verze koordinátora")
        other.get_by_role("main").get_by_role("button", name="Uložit").click()

        conflict = other.get_by_role("alert", name="Porovnejte obě verze")
        expect(conflict).to_be_visible()
        expect(other.get_by_role("main")).to_contain_text(
            "Tento záznam mezitím změnil někdo jiný. Vaše změny nebyly uloženy")
        table = conflict.get_by_role("table", name="Rozdíly mezi uloženou verzí a vaší verzí")
        expect(table.get_by_role("columnheader")).to_have_text(
            ["Pole", "Uloženo někým jiným", "Vaše"])
        row = table.get_by_role("row").filter(has_text="Název")
        expect(row.get_by_role("cell")).to_have_text(
            ["Název", "Verze editorky", "Verze koordinátora"])
        # The form keeps the coordinator's own value.
        expect(other.get_by_role("textbox", name="Název", exact=True)).to_have_value(
            "Verze koordinátora")
        assert_accessible(other)

        # Saving again after the comparison deliberately replaces the other edit.
        other.get_by_role("main").get_by_role("button", name="Uložit").click()
        expect(status(other)).to_contain_text("Změny byly uloženy.")
        expect(other.get_by_role("heading", level=1)).to_have_text("Verze koordinátora")
        assert_accessible(other)
    finally:
        other_context.close()


# --- 4. National overview -------------------------------------------------------------------


def test_national_overview_renders_the_map(page, editor, make_member):
    from strategies.tests.factories import publish

    moderator = make_member("moderator", email=MODERATOR)
    year = dt.date.today().year
    publish(moderator, strategy_of(editor, valid_from=year - 1, valid_to=year + 5,
                                   status="approved"))

    page.goto("/cs/strategie/")
    page.get_by_role("link", name="Celostátní přehled a mapa").click()
    expect(page).to_have_url(re.compile(r"/cs/strategie/prehled/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Celostátní přehled strategií")
    map_ = page.get_by_role("img", name="Obce s platnou strategií")
    expect(map_).to_be_visible()
    assert page.locator("svg.choropleth path.obec").count() > 100
    expect(page.locator("svg.choropleth path.obec.smart")).to_have_count(1)
    expect(page.locator("svg.choropleth path.kraj-outline")).to_have_count(14)
    expect(page.get_by_role("combobox", name="Platné v roce")).to_have_value(str(year))
    regions = page.get_by_role("table", name="Pokrytí podle krajů")
    # One row per kraj with municipalities (the test data has a sample of them).
    assert regions.get_by_role("row").count() > 5
    jihocesky = regions.get_by_role("row").filter(has_text="Jihočeský kraj")
    expect(jihocesky.get_by_role("cell").nth(3)).to_have_text("1")
    by_type = page.get_by_role("table", name="Platné strategie podle typu")
    expect(by_type.get_by_role("row").filter(has_text="strategie smart city")).to_contain_text("1")
    assert_accessible(page)

    # Another year: the strategy was not valid yet.
    page.get_by_role("combobox", name="Platné v roce").select_option(str(year - 5))
    page.get_by_role("button", name="Zobrazit").click()
    expect(page).to_have_url(re.compile(rf"/cs/strategie/prehled/\?year={year - 5}$"))
    expect(page.get_by_role("combobox", name="Platné v roce")).to_have_value(str(year - 5))
    expect(page.locator("svg.choropleth path.obec.smart")).to_have_count(0)
    assert_accessible(page)


# --- 5. Delete and restore ------------------------------------------------------------------


def test_delete_confirmation_and_restore_by_the_administrator(page, editor):
    from strategies import services

    strategy = strategy_of(editor, title="Strategie ke smazání", complete=False)
    services.add_node(editor, strategy, parent=None, kind="vision", title="Vize")
    detail_url = strategy.get_absolute_url()

    login_to(page, EDITOR, detail_url)
    page.get_by_role("link", name="Smazat", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Smazat strategii: Strategie ke smazání")
    expect(page.get_by_role("main")).to_contain_text(
        "Strategie obsahuje dokumenty (0) a prvky struktury (1).")
    assert_accessible(page)

    page.get_by_role("button", name="Ano, smazat").click()
    expect(page).to_have_url(re.compile(r"/cs/strategie/$"))
    expect(status(page)).to_contain_text(
        "Strategie byla smazána. Administrátor ji může obnovit.")
    expect(page.locator("ul.results")).not_to_contain_text("Strategie ke smazání")
    assert_accessible(page)
    logout(page)

    login(page, "admin@example.cz", PASSWORD)
    page.get_by_role("link", name="Smazané strategie").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Smazané strategie")
    table = page.get_by_role("table", name="Smazané strategie")
    row = table.get_by_role("row").filter(has_text="Strategie ke smazání")
    expect(row).to_contain_text(EDITOR)
    assert_accessible(page)

    row.get_by_role("button", name="Obnovit Strategie ke smazání").click()
    expect(page).to_have_url(re.compile(rf"{detail_url}$"))
    expect(status(page)).to_contain_text("Strategie byla obnovena.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Strategie ke smazání")
    expect(page.locator("ul.tree")).to_contain_text("Vize")
    assert_accessible(page)


# --- 6. Correcting an indicator -------------------------------------------------------------


def test_an_indicator_is_corrected_on_its_own_page_and_keeps_its_values(page, editor):
    from decimal import Decimal

    from strategies import services

    strategy = strategy_of(editor, title="Strategie s ukazatelem")
    node = services.add_node(editor, strategy, parent=None, kind="goal",
                             title="Cyklistická doprava")
    indicator = services.add_indicator(editor, node, name="Délka cyklostezek", unit="km",
                                       target_value=Decimal(30), target_year=2030)
    services.set_indicator_value(editor, indicator, 2024, Decimal(18))

    login_to(page, EDITOR, f"/cs/strategie/prvky/{node.pk}/")
    card = page.locator(".card").filter(
        has=page.get_by_role("heading", name="Délka cyklostezek (km)"))
    card.get_by_role("link").click()  # the card's one link: "Upravit ukazatel"
    form = page.get_by_role("main")
    expect(form.get_by_role("textbox", name="Ukazatel", exact=True)).to_have_value(
        "Délka cyklostezek")
    assert_accessible(page)

    form.get_by_role("textbox", name="Ukazatel", exact=True).fill("Délka cyklostezek a pruhů")
    form.get_by_role("textbox", name="Cílová hodnota").fill("35,5")
    form.get_by_role("button", name="Uložit").click()
    expect(status(page)).to_contain_text("Změny byly uloženy.")
    card = page.locator(".card").filter(
        has=page.get_by_role("heading", name="Délka cyklostezek a pruhů (km)"))
    expect(card).to_contain_text("35,5")
    expect(card).to_contain_text("2024: 18")
    assert_accessible(page)
