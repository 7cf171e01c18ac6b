"""Units, strategies and measures are chosen by name, not by official codes: a plain field
takes a name typed with or without diacritics (or still a code), a name that fits several
is answered with the namesakes to tick, nothing is picked behind the user's back, and the
suggestions the combobox shows come ranked as the territory search ranks them."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from territory.models import Kind, TerritorialUnit
from territory.queries import search_units

CB, PISEK = "544256", "549240"
HERMAN_PISEK, HERMAN_CB = "549398", "598593"  # two municipalities called Heřmaň


def published(author, reviewer, **fields):
    """A complete strategy (summary, validity, a goal) by `author`, published by `reviewer`."""
    from strategies import services
    from strategies.tests.factories import make_strategy, publish

    strategy = make_strategy(author, summary="Shrnutí strategie.", valid_from=2025,
                             valid_to=2030, **fields)
    services.add_node(author, strategy, kind="goal", code="1", title="Cíl")
    return publish(reviewer, strategy)


@pytest.fixture
def editor(vocabularies, make_member):
    return make_member("editor", CB)


@pytest.fixture
def coordinator(vocabularies, make_member):
    return make_member("coordinator", "CZ031")


def suggestions(client, source: str, query: str, **params) -> list[tuple[str, str]]:
    url = reverse("choose", args=[source])
    html = client.get(url, {"q": query, "for": "id_x", **params}).content.decode()
    return re.findall(r'role="option"[^>]*data-value="([^"]*)" data-label="([^"]*)"', html)


def test_suggestions_rank_units_as_the_territory_search(client, reference_data):
    for query in ("ceske bud", "České Bud", "CESKE BUD"):
        options = suggestions(client, "unit", query, kind="obec")
        assert options[0] == (CB, "České Budějovice")
    everything = suggestions(client, "unit", "ces")
    expected = [u.code for u in search_units("ces")[:len(everything)]]
    assert [value for value, _label in everything] == expected
    assert suggestions(client, "unit", "   ") == []


def hint(district: str) -> str:
    """How a municipality is told from its namesakes (in Czech, as the pages are asked)."""
    with translation.override("cs"):
        return _("%(kind)s, district of %(district)s") % {"kind": Kind.OBEC.label,
                                                           "district": district}


def test_suggestions_say_how_many_and_tell_namesakes_apart(client, reference_data):
    html = client.get(reverse("choose", args=["unit"]),
                      {"q": "herman", "kind": "obec", "for": "id_x"}).content.decode()
    assert html.count('role="option"') == 2
    assert f'data-hint="{hint("Písek")}"' in html
    assert f'data-hint="{hint("České Budějovice")}"' in html
    with translation.override("cs"):
        count = ngettext("%(count)s suggestion; choose with the arrow keys and Enter.",
                         "%(count)s suggestions; choose with the arrow keys and Enter.", 2) \
            % {"count": 2}
    assert f'data-status="{count}"' in html
    assert 'id="id_x_option_1"' in html
    assert client.get(reverse("choose", args=["nothing-such"]), {"q": "x"}).status_code == 404


def test_a_strategy_is_owned_by_a_unit_typed_by_name_without_javascript(client, editor):
    client.force_login(editor)
    url = reverse("strategies:create")
    page = client.get(url).content.decode()
    assert 'name="owners"' in page and 'data-chooser' in page
    response = client.post(url, {"title": "Strategie mobility", "owners": "ceske budejovice",
                                 "level": "municipal", "strategy_type": "sump",
                                 "status": "preparation"})
    assert response.status_code == 302, response.content.decode()[:2000]
    from strategies.models import Strategy

    strategy = Strategy.objects.get(title="Strategie mobility")
    assert [u.code for u in strategy.owners.all()] == [CB]
    edit = client.get(reverse("strategies:edit", args=[strategy.pk])).content.decode()
    assert re.search(rf'<input type="checkbox" name="owners" value="{CB}" checked>\s*'
                     r"České Budějovice", edit)


def test_part_of_a_name_is_answered_with_what_it_may_mean(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("strategies:create"), {
        "title": "Strategie", "owners": "Herman", "level": "municipal",
        "strategy_type": "sump", "status": "preparation"})
    assert response.status_code == 200  # nothing created: the user says which one
    html = response.content.decode()
    for code in (HERMAN_PISEK, HERMAN_CB):
        assert re.search(rf'<input type="checkbox" name="owners" value="{code}">', html)
    response = client.post(reverse("strategies:create"), {
        "title": "Strategie", "owners": [HERMAN_CB], "level": "municipal",
        "strategy_type": "sump", "status": "preparation"})
    assert response.status_code == 302
    response = client.post(reverse("strategies:create"), {
        "title": "Strategie 2", "owners": f"Heřmaň ({hint('Písek')})", "level": "municipal",
        "strategy_type": "sump", "status": "preparation"})
    assert response.status_code == 302, re.findall(r'field-error.{0,300}', response.content.decode())
    from strategies.models import Strategy

    assert [u.code for u in Strategy.objects.get(title="Strategie 2").owners.all()] \
        == [HERMAN_PISEK]


def test_codes_still_work_and_unknown_names_are_refused(client, coordinator):
    client.force_login(coordinator)
    data = {"title": "Kódy", "level": "municipal", "strategy_type": "sump",
            "status": "preparation"}
    assert client.post(reverse("strategies:create"),
                       {**data, "owners": f"{CB} {PISEK}"}).status_code == 302
    response = client.post(reverse("strategies:create"), {**data, "owners": "Atlantida"})
    assert response.status_code == 200 and "Atlantida" in response.content.decode()


def test_partner_municipality_typed_by_name_in_the_wizard(client, editor):
    from intentions.tests.factories import make_intention

    intention = make_intention(editor)
    client.force_login(editor)
    url = reverse("intentions:step", args=[intention.pk, "basics"])
    response = client.post(url, {"title": intention.title, "partner_units": "pisek",
                                 "version": 0, "go": "next"})
    assert response.status_code == 302
    assert [p.unit.code for p in intention.partnerships.all()] == [PISEK]
    page = client.get(url).content.decode()
    assert re.search(rf'name="partner_units" value="{PISEK}" checked>\s*Písek', page)


def test_orp_filter_takes_a_name_and_the_exports_get_its_code(client, editor, make_member):
    published(editor, make_member("moderator"), title="Smart Budějovice")
    page = client.get(reverse("strategies:list"), {"orp": "ceske budejovice"})
    html = page.content.decode()
    assert "Smart Budějovice" in html
    exports = re.findall(r'href="/api/v1/strategies\?([^"]*)"', html)
    assert exports and all("orp=302" in query for query in exports), exports
    elsewhere = client.get(reverse("strategies:list"), {"orp": "Písek"}).content.decode()
    assert "Smart Budějovice" not in elsewhere
    intentions = client.get(reverse("intentions:list"), {"orp": "České Budějovice"})
    exports = re.findall(r'href="/api/v1/intentions\?([^"]*)"', intentions.content.decode())
    assert exports and all("orp=302" in query for query in exports), exports


def test_parent_strategies_are_suggested_by_title_as_far_as_the_user_may_see(
        client, editor, make_member):
    from strategies.tests.factories import make_strategy

    coordinator = make_member("coordinator", "CZ031")
    moderator = make_member("moderator")
    regional = published(coordinator, moderator, owner_code="CZ031", level="regional",
                         title="Krajská inovační strategie")
    hidden = make_strategy(make_member("coordinator", "CZ063"), owner_code="CZ063",
                           level="regional", title="Krajská strategie Vysočiny")
    client.force_login(editor)
    found = suggestions(client, "strategy", "krajska", level="regional,national")
    assert (str(regional.pk), "Krajská inovační strategie") in found
    assert str(hidden.pk) not in [value for value, _label in found]
    own = make_strategy(editor, title="Strategie města")
    response = client.post(reverse("strategies:edit", args=[own.pk]), {
        "title": own.title, "owners": [CB], "level": "municipal", "strategy_type": "smart_city",
        "status": "preparation", "parents": "krajska inovacni strategie",
        "version": own.version})
    assert response.status_code == 302
    assert list(own.parents.all()) == [regional]
    assert TerritorialUnit.objects.filter(code=CB).exists()


def test_each_form_keeps_its_own_narrowing(client, editor):
    from strategies.tests.factories import make_strategy

    own = make_strategy(editor, title="Strategie města")
    client.force_login(editor)
    edit = client.get(reverse("strategies:edit", args=[own.pk])).content.decode()
    assert f"exclude={own.pk}" in edit  # the strategy is not offered as its own parent
    new = client.get(reverse("strategies:create")).content.decode()
    assert "exclude=" not in new
