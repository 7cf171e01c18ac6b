from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import unit
from core.models import HistoryEntry
from territory.models import Kind
from territory.queries import children, search_units
from territory.services import create_group, update_group


def names(queryset, n=5):
    return [u.name for u in queryset[:n]]


@pytest.mark.parametrize("query", ["Ceske Bud", "české bud", "CESKE BUDEJOVICE", "budějovice"])
def test_search_ignores_diacritics_and_case(reference_data, query):
    assert names(search_units(query, Kind.OBEC), 1) == ["České Budějovice"]


def test_search_ranks_exact_then_prefix_then_word_then_contains(reference_data):
    # "Písek" exactly, then names starting with it, then names containing it elsewhere.
    results = names(search_units("pisek", Kind.OBEC), 10)
    assert results[0] == "Písek"
    ranked = search_units("usti", Kind.OBEC)
    # The village named exactly "Ústí" first, then names starting with it, bigger first.
    assert names(ranked, 3) == ["Ústí", "Ústí nad Labem", "Ústí nad Orlicí"]


def test_search_within_parent(reference_data):
    inside = search_units("", Kind.OBEC, unit("CZ063"))
    assert "Jihlava" in names(inside, 500)
    assert "Písek" not in names(inside, 500)


def test_children_of_orp_are_sorted_the_czech_way(reference_data):
    listed = [u.name for u in children(unit("302"))]
    assert listed.index("Hluboká nad Vltavou") < listed.index("Chotýčany")  # ch after h
    assert listed.index("Cehnice") < listed.index("Čakov") if "Cehnice" in listed else True
    assert listed == sorted(listed, key=__import__("czech_sort").key)


def test_coordinator_creates_a_mas_and_history_records_it(reference_data, make_member):
    coordinator = make_member("coordinator", "CZ031")
    members = [unit("544256"), unit("549240")]
    group = create_group(coordinator, kind=Kind.MAS, name="MAS Test", members=members)
    assert group.kraj.code == "CZ031"
    assert group.code.startswith("MAS-")
    assert {m.code for m in group.members.all()} == {"544256", "549240"}
    assert group.population == sum(m.population for m in members)
    entry = HistoryEntry.objects.get(model_label="territory.territorialunit",
                                     object_id=str(group.pk))
    assert entry.actor == coordinator and entry.action == "create"


def test_coordinator_of_another_kraj_cannot_create_there(reference_data, make_member):
    coordinator = make_member("coordinator", "CZ063")
    with pytest.raises(PermissionDenied):
        create_group(coordinator, kind=Kind.MICROREGION, name="X", members=[unit("544256")])


def test_group_members_must_be_municipalities(reference_data, admin_user):
    with pytest.raises(ValidationError):
        create_group(admin_user, kind=Kind.MAS, name="X", members=[unit("302")])


def test_concurrent_group_edit_is_refused_and_keeps_first_change(reference_data, admin_user):
    group = create_group(admin_user, kind=Kind.MAS, name="MAS A", members=[unit("544256")])
    update_group(admin_user, group, expected_version=1, name="MAS B",
                 members=[unit("544256")])
    with pytest.raises(ValidationError) as error:
        update_group(admin_user, group, expected_version=1, name="MAS C",
                     members=[unit("549240")])
    assert error.value.code == "conflict"
    group.refresh_from_db()
    assert group.name == "MAS B"
    assert [m.code for m in group.members.all()] == ["544256"]


def test_profile_page_shows_codes_parents_population_and_map(client, reference_data):
    page = client.get("/cs/uzemi/544256/")
    html = page.content.decode()
    assert page.status_code == 200
    for expected in ("České Budějovice", "544256", "Jihočeský kraj", "94", "<svg"):
        assert expected in html


def test_unknown_code_gives_404_page_in_both_languages(client, reference_data):
    czech = client.get("/cs/uzemi/000000/")
    english = client.get("/en/territory/000000/")
    assert czech.status_code == english.status_code == 404
    assert 'lang="cs"' in czech.content.decode()
    assert 'lang="en"' in english.content.decode()
    assert "Page not found" in english.content.decode()


def test_search_page_and_htmx_partial(client, reference_data):
    full = client.get("/cs/uzemi/", {"q": "Ceske Bud"})
    assert "České Budějovice" in full.content.decode()
    partial = client.get("/cs/uzemi/", {"q": "Ceske Bud"}, HTTP_HX_REQUEST="true")
    assert "České Budějovice" in partial.content.decode()
    assert "<html" not in partial.content.decode()


def test_group_form_rejects_unknown_codes_without_creating(client, reference_data, admin_user):
    from territory.models import TerritorialUnit

    client.force_login(admin_user)
    before = TerritorialUnit.objects.count()
    response = client.post("/cs/uzemi/skupiny/nova/", {"kind": "mas", "name": "MAS X",
                                                        "members": "544256 123"})
    assert response.status_code == 200
    assert "123" in response.content.decode()
    assert TerritorialUnit.objects.count() == before


def test_search_pages_keep_the_query_and_kind(client, reference_data):
    import html

    first = client.get("/en/territory/", {"q": "", "kind": "obec"}).content.decode()
    assert "Page 1 of" in first
    link = html.unescape(re.search(r'href="(\?[^"]*page=2)"', first).group(1))
    assert link == "?q=&kind=obec&page=2"
    second = client.get("/en/territory/" + link).content.decode()
    assert "Page 2 of" in second and "Previous" in second
