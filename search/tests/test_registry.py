"""Putting a record type into the search is one registration: search knows no record type,
it writes, removes and reindexes by source key, on commit, through the task queue."""

from __future__ import annotations

import ast
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction

from search import index, queries, registry
from search.models import SearchEntry
from search.queries import SearchFilters, search

pytestmark = pytest.mark.django_db


@pytest.fixture
def notes():
    """A test-only source: notes in a dict (id → (title, public)), one entry each."""
    store = {1: ("Komunitní zahrada u školy", True), 2: ("Sdílená kola na nádraží", True),
             3: ("Tajná zahrada", False)}

    def entries(pk):
        if pk not in store or not store[pk][1]:
            return None
        return [index.EntryData("note", str(pk), store[pk][0], f"/poznamky/{pk}/",
                                body="Poznámka občanů.", areas=["B4"], role="citizen",
                                kraje=["CZ031"], year_from=2026, year_to=2026)]

    index.register(index.SearchableSource(
        name="note", entries=entries, plural="notes",
        all_ids=lambda: [pk for pk, (_title, public) in store.items() if public],
        is_public=lambda pk: pk in store and store[pk][1],
        kinds=[index.SearchKind("note", "note",
                                lambda item: f"{item.role} note")]))
    queries._labels_cache.clear()
    yield store
    index.unregister("note")
    queries._labels_cache.clear()


def test_a_registered_source_is_searchable(reference_data, notes, client, queued,
                                           django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        index.reindex_on_commit("note", 1)
    assert queued == ["note:1"]
    results = search("zahrady")
    assert [(i.kind, i.title) for i in results.items] == [("note", "Komunitní zahrada u školy")]
    item = results.items[0]
    assert item.kind_label == "note" and item.label == "citizen note"
    assert item.url == "/poznamky/1/"
    assert [(f.value, f.label) for f in results.facets["kind"]] == [("note", "note")]
    assert search("zahrada", SearchFilters(kind="note", area="B4", kraj="CZ031",
                                           year=2026)).count == 1
    data = client.get("/api/v1/search", {"q": "zahrada u skoly"}).json()
    assert [(i["kind"], i["label"]) for i in data["items"]] == [("note", "citizen note")]


def test_a_record_that_is_gone_leaves_the_index(notes, django_capture_on_commit_callbacks):
    index.reindex_now("note", 1, 2)
    assert search("zahrada").count == 1 and search("kola").count == 1
    notes[1] = ("Komunitní zahrada u školy", False)  # no longer public
    del notes[2]  # gone
    with django_capture_on_commit_callbacks(execute=True):
        index.reindex_on_commit("note", 1)
        index.reindex_on_commit("note", 2)
    assert search("zahrada").count == 0 and search("kola").count == 0
    assert not SearchEntry.objects.exists()


def test_a_transaction_queues_each_key_once(notes, queued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for _ in range(3):
            index.reindex_on_commit("note", 1)
        index.reindex_on_commit("note", 2)
        index.reindex_on_commit("note", 1)
    assert sorted(queued) == ["note:1", "note:2"]
    assert search("zahrada").count == 1 and search("kola").count == 1


def test_a_rolled_back_savepoint_does_not_take_the_other_requests_along(
        notes, queued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        try:
            with transaction.atomic():
                index.reindex_on_commit("note", 1)
                index.reindex_on_commit("note", 2)
                raise RuntimeError("the nested write failed")
        except RuntimeError:
            pass
        index.reindex_on_commit("note", 1)
    assert queued == ["note:1"]  # note 2 went with its savepoint; note 1 is still asked for
    assert search("zahrada").count == 1 and search("kola").count == 0


def test_a_record_never_public_gets_no_task(notes, queued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        index.reindex_on_commit("note", 3)  # a draft: nothing to index, nothing to remove
    assert queued == []


def test_an_unknown_source_is_refused_in_the_request(notes):
    with pytest.raises(registry.UnknownSource):
        index.reindex_on_commit("nonsense", 1)
    with pytest.raises(ValueError):  # one kind, one source
        index.register(index.SearchableSource(
            name="other", entries=lambda pk: None, all_ids=list, plural="others",
            kinds=[index.SearchKind("note", "note")]))


def test_the_rebuild_iterates_the_registry(notes):
    out = io.StringIO()
    call_command("reindex_search", stdout=out)
    assert "Search index rebuilt: 2 notes, 2 entries written, 0 removed, 2 in the index." \
        in out.getvalue()
    assert search("zahrada").count == 1
    call_command("reindex_search", "--source", "note:1", stdout=out)
    assert "note:1: 0 entries written" in out.getvalue()
    index.unregister("note")  # an app that no longer registers its records
    call_command("reindex_search", stdout=out)
    assert "0 entries written, 2 removed, 0 in the index" in out.getvalue()


SEARCH = Path(__file__).resolve().parents[1]


def test_search_imports_no_record_type():
    """Search knows no record type: no module of it imports a section or mining (the text
    keys it shares with the pipeline live in the base layer, core.lemmas)."""
    offending = []
    for path in SEARCH.rglob("*.py"):
        if {"tests", "migrations"} & set(path.relative_to(SEARCH).parts):
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom)
                     and not node.level else [])
            for name in names:
                top = name.split(".")[0]
                if top in {"strategies", "intentions", "funding", "mining"}:
                    offending.append(f"{path.relative_to(SEARCH)}: {name}")
    assert offending == []
