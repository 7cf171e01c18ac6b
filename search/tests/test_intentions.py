"""Project intentions in the search: public ones only, following their edits. Runs on both
databases like the rest of the search suite."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from intentions import services as intention_services
from intentions.models import Intention
from intentions.tests.factories import make_intention, publish
from search.queries import SearchFilters, search

pytestmark = pytest.mark.django_db


@pytest.fixture
def lighting(vocabularies, editor, moderator, django_capture_on_commit_callbacks):
    """A draft fiche of České Budějovice (B2 with B1, 2026–2027) about LED lamps."""
    with django_capture_on_commit_callbacks(execute=True):
        return make_intention(editor)


def published(moderator, intention, capture):
    with capture(execute=True):
        publish(moderator, intention)
    return Intention.objects.get(pk=intention.pk)


def test_a_draft_is_not_found_a_published_intention_is(lighting, moderator,
                                                        django_capture_on_commit_callbacks):
    assert search("spotřeba").count == 0  # the draft is not public
    published(moderator, lighting, django_capture_on_commit_callbacks)
    results = search("spotreby")  # any form, no diacritics: "spotřeba", "spotřebu"
    assert results.count == 1
    item = results.items[0]
    assert item.kind == "intention" and item.title == "Chytré veřejné osvětlení"
    assert item.url == lighting.get_absolute_url()
    assert item.document == "České Budějovice"  # the leading unit
    assert "<mark>spotřeba</mark>" in item.snippet and "<mark>spotřebu</mark>" in item.snippet


def test_facets_and_filters_of_an_intention(lighting, moderator,
                                            django_capture_on_commit_callbacks):
    published(moderator, lighting, django_capture_on_commit_callbacks)
    facets = search("osvětlení").facets
    assert [f.value for f in facets["kind"]] == ["intention"]
    assert {f.value for f in facets["area"]} == {"B1", "B2"}
    assert [f.value for f in facets["kraj"]] == ["CZ031"]
    assert [f.value for f in facets["year"]] == ["2026", "2027"]
    for filters, found in [(SearchFilters(kind="intention"), 1),
                           (SearchFilters(kind="passage"), 0),
                           (SearchFilters(area="B1"), 1), (SearchFilters(area="C4"), 0),
                           (SearchFilters(unit="CZ031"), 1), (SearchFilters(year=2027), 1),
                           (SearchFilters(year=2030), 0)]:
        assert search("osvětlení", filters).count == found, filters


def test_an_edit_of_a_published_intention_reaches_the_index(
        lighting, editor, moderator, django_capture_on_commit_callbacks):
    intention = published(moderator, lighting, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        intention_services.update_intention(
            editor, intention, {"description": "Nové lavičky a stojany na kola u škol."},
            expected_version=intention.version)
    assert search("svítidel").count == 0  # the old description is gone
    assert search("lavička").items[0].kind == "intention"


def test_the_search_page_and_the_rebuild_show_intentions(
        client, lighting, moderator, django_capture_on_commit_callbacks):
    published(moderator, lighting, django_capture_on_commit_callbacks)
    html = client.get(reverse("search:index"), {"q": "osvětlení"}).content.decode()
    assert "projektový záměr" in html and "České Budějovice" in html
    out = io.StringIO()
    call_command("reindex_search", stdout=out)
    assert "1 intentions, 0 entries written, 0 removed, 1 in the index" in out.getvalue()


def test_without_a_task_queue_the_index_still_follows(lighting, moderator, monkeypatch,
                                                      django_capture_on_commit_callbacks):
    from search import tasks

    class Unavailable:
        def enqueue(self, *args, **kwargs):
            raise ConnectionError("queue down")

    monkeypatch.setattr(tasks, "reindex_source_task", Unavailable())
    published(moderator, lighting, django_capture_on_commit_callbacks)
    assert search("spotřeba").count == 1  # reindexed inline instead


def test_the_api_finds_and_filters_intentions(client, lighting, moderator,
                                              django_capture_on_commit_callbacks):
    published(moderator, lighting, django_capture_on_commit_callbacks)
    data = client.get("/api/v1/search", {"q": "spotreba", "kind": "intention"}).json()
    assert data["count"] == 1
    item = data["items"][0]
    assert item["kind"] == "intention" and item["document"] == "České Budějovice"
    assert item["url"] == lighting.get_absolute_url() and "<mark>" in item["snippet"]
    assert client.get("/api/v1/search", {"q": "spotreba", "kind": "strategy"}
                      ).json()["count"] == 0
