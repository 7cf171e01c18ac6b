"""Funding calls in the search (registered by ``funding/search.py``): found on the search page
and in the API however the words are typed, following their edits, gone once deleted and
back once restored. Runs on both databases like the rest of the search suite."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from funding import services as funding_services
from funding.tests.factories import make_call
from search.models import SearchEntry
from search.queries import SearchFilters, search
from territory.models import TerritorialUnit

pytestmark = pytest.mark.django_db

TITLE = "Bezpečnost chodců a cyklistů"
SHOWN = f"OPD-22-BEZPECNOST {TITLE}"  # identifier and title, as everywhere in the app


@pytest.fixture
def transport(moderator):
    return funding_services.save_programme(
        moderator, code="OPD", name="Operační program Doprava", provider_type="eu_op",
        provider="Ministerstvo dopravy")


@pytest.fixture
def pedestrians(moderator, transport, django_capture_on_commit_callbacks):
    """A call of OPD for Jihočeský kraj, open from March to September 2026."""
    with django_capture_on_commit_callbacks(execute=True):
        return make_call(
            moderator, identifier="OPD-22-BEZPECNOST", title=TITLE, areas=("C4",),
            programme=transport, opens_on=dt.date(2026, 3, 1), closes_on=dt.date(2026, 9, 30),
            territories=[TerritorialUnit.objects.get(code="CZ031")],
            description="Přechody pro chodce, osvětlení přechodů a bezpečné cesty do škol.")


def test_a_call_is_found_by_words_of_its_title(pedestrians):
    for query in ("Bezpečnost chodců", "bezpecnost chodcu", "bezpečnosti chodce",
                  "OPD-22-BEZPECNOST"):
        results = search(query)
        assert [(i.kind, i.title) for i in results.items] == [("call", SHOWN)], query
    item = search("Bezpečnost chodců").items[0]
    assert item.url == pedestrians.get_absolute_url()
    assert item.document == "Operační program Doprava"
    assert "<mark>chodce</mark>" in search("chodci").items[0].snippet  # the description


def test_facets_and_filters_of_a_call(pedestrians):
    facets = search("chodců").facets
    assert [f.value for f in facets["kind"]] == ["call"]
    assert [f.value for f in facets["area"]] == ["C4"]
    assert [f.value for f in facets["kraj"]] == ["CZ031"]
    assert [f.value for f in facets["year"]] == ["2026"]
    for filters, found in [(SearchFilters(kind="call"), 1), (SearchFilters(kind="strategy"), 0),
                           (SearchFilters(area="C4"), 1), (SearchFilters(area="B2"), 0),
                           (SearchFilters(kraj="CZ031"), 1), (SearchFilters(kraj="CZ064"), 0),
                           (SearchFilters(year=2026), 1), (SearchFilters(year=2027), 0)]:
        assert search("chodců", filters).count == found, filters


def test_the_search_page_shows_the_call(client, pedestrians):
    html = client.get(reverse("search:index"), {"q": "Bezpečnost chodců"}).content.decode()
    assert SHOWN in html and '<span class="badge">výzva</span>' in html
    assert '<span class="muted">Operační program Doprava</span>' in html
    assert pedestrians.get_absolute_url() in html
    with translation.override("en"):
        url = reverse("search:index")
    html = client.get(url, {"q": "bezpecnost chodcu"}).content.decode()
    assert SHOWN in html and '<span class="badge">call</span>' in html


def test_the_api_finds_the_call(client, pedestrians):
    data = client.get("/api/v1/search", {"q": "Bezpečnost chodců"}).json()
    assert data["count"] == 1
    item = data["items"][0]
    assert item["kind"] == "call" and item["title"] == SHOWN
    assert item["kind_label"] == "výzva" and item["document"] == "Operační program Doprava"
    assert item["url"] == pedestrians.get_absolute_url()
    assert client.get("/api/v1/search", {"q": "chodci", "kind": "call"}).json()["count"] == 1
    english = client.get("/api/v1/search", {"q": "chodci"}, HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["items"][0]["kind_label"] == "call"


def test_an_edit_reaches_the_index(pedestrians, moderator, transport,
                                   django_capture_on_commit_callbacks):
    data = funding_services.CallData(
        programme=transport, identifier="OPD-22-BEZPECNOST", title="Tiché ulice",
        opens_on=pedestrians.opens_on, closes_on=pedestrians.closes_on)
    with django_capture_on_commit_callbacks(execute=True):
        funding_services.update_call(moderator, pedestrians, data, pedestrians.version)
    assert search("chodců").count == 0
    assert [i.title for i in search("tiché ulice").items] == ["OPD-22-BEZPECNOST Tiché ulice"]
    with django_capture_on_commit_callbacks(execute=True):
        funding_services.save_programme(
            moderator, transport, code="OPD", name="Doprava 2021–2027", provider_type="eu_op",
            provider="Ministerstvo dopravy", expected_version=transport.version)
    assert search("tiché ulice").items[0].document == "Doprava 2021–2027"


def test_a_deleted_call_disappears_and_a_restored_one_returns(
        client, pedestrians, moderator, admin_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        funding_services.delete_call(moderator, pedestrians)
    assert search("Bezpečnost chodců").count == 0
    assert not SearchEntry.objects.filter(kind="call").exists()
    assert client.get("/api/v1/search", {"q": "Bezpečnost chodců"}).json()["count"] == 0
    out = io.StringIO()
    call_command("reindex_search", stdout=out)  # the rebuild leaves it out too
    assert search("Bezpečnost chodců").count == 0
    with django_capture_on_commit_callbacks(execute=True):
        funding_services.restore_call(admin_user, pedestrians.pk)
    assert [i.title for i in search("Bezpečnost chodců").items] == [SHOWN]


def test_an_import_indexes_every_call_once(moderator, transport, queued,
                                           django_capture_on_commit_callbacks):
    rows = [funding_services.CallData(
        programme=transport, identifier=f"OPD-30-{n}", title=f"Chodníky a přechody {n}",
        opens_on=dt.date(2026, 1, 1), closes_on=dt.date(2026, 12, 31)) for n in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        funding_services.import_calls(moderator, rows)
    with django_capture_on_commit_callbacks(execute=True):
        funding_services.import_calls(moderator, rows)  # again: each call updated
    assert search("přechody").count == 3
    keys = [f"call:{pk}" for pk in SearchEntry.objects.values_list("object_id", flat=True)]
    assert sorted(queued) == sorted(keys * 2)  # one task per call and transaction
