"""Diacritics never matter, checked over the whole demo corpus (``seed_demo``).

For every word form that occurs in the indexed text (titles and bodies of every entry), the
query typed without diacritics finds at least what the accented query finds — as a word, in
a phrase with its neighbour and as a prefix. The complete sets are compared at the level
that decides them (the parsed query and the engine's matches, everything the page and the
API show is taken from those); a deterministic sample goes through the page's search and
the API as well.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from core.lemmas import fold, words
from search.backends import get_backend
from search.models import SearchEntry
from search.queries import QueryError, search
from search.query import parse_query


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo content, seeded once for the module inside a transaction rolled back at
    its end (each test runs in a savepoint of it)."""
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
            call_command("seed_demo", stdout=StringIO())
        # What the worker does after seeding (inside this transaction nothing commits, so
        # the reindexing requested on commit would never run).
        call_command("reindex_search", stdout=StringIO())
        assert {"strategy", "node", "passage", "intention", "call"} <= set(
            SearchEntry.objects.values_list("kind", flat=True))
        yield list(SearchEntry.objects.values_list("title", "body"))
        transaction.set_rollback(True)


def matches(query: str) -> set[int]:
    try:
        parsed = parse_query(query)
    except QueryError:  # nothing searchable (e.g. only stop words): finds nothing
        return set()
    return {row.id for row in get_backend().search(parsed.clauses).rows}


def accented(form: str) -> bool:
    return fold(form) != form.lower()


def corpus(entries) -> tuple[list[str], list[tuple[str, str]]]:
    """The word forms with diacritics, and adjacent pairs with at least one of them."""
    forms: set[str] = set()
    pairs: set[tuple[str, str]] = set()
    for title, body in entries:
        for text in (title, body):
            surfaces = words(text)
            forms.update(surface for surface in surfaces if accented(surface))
            pairs.update((a, b) for a, b in zip(surfaces, surfaces[1:], strict=False)
                         if accented(a) or accented(b))
    return sorted(forms), sorted(pairs)


@pytest.mark.django_db
def test_a_query_without_diacritics_finds_what_the_accented_one_finds(demo):
    forms, pairs = corpus(demo)
    assert len(forms) > 1000 and len(pairs) > 5000  # the whole demo corpus, not a sample

    missed = []
    found = 0
    for form in forms:
        wanted = matches(form)
        found += bool(wanted)
        if not wanted <= matches(fold(form)):
            missed.append(form)
    assert missed == [], f"{len(missed)} word forms: {missed[:20]}"
    assert found > 0.8 * len(forms)  # the forms are found at all

    missed = [f'"{a} {b}"' for a, b in pairs
              if not matches(f'"{a} {b}"') <= matches(f'"{fold(a)} {fold(b)}"')]
    assert missed == [], f"{len(missed)} phrases: {missed[:20]}"

    prefixes = sorted({form[:length] for form in forms for length in (4, 6)
                       if len(form) > length and accented(form[:length])})
    missed = [prefix for prefix in prefixes
              if not matches(prefix + "*") <= matches(fold(prefix) + "*")]
    assert missed == [], f"{len(missed)} prefixes: {missed[:20]}"

    # The page's search and the API on a sample: the same results in the same order.
    for form in forms[::40]:
        try:
            expected = search(form, page_size=50)
        except QueryError:
            continue
        folded = search(fold(form), page_size=50)
        assert folded.count == expected.count
        assert ([item.entry_id for item in folded.items]
                == [item.entry_id for item in expected.items]), form


@pytest.mark.django_db
def test_the_cases_of_issue_13(demo, client):
    def titles(query: str) -> list[str]:
        return [item.title for item in search(query, page_size=100).items]

    # The demo's call "Komunitní energetika" and the strategies' passages about it.
    energy = titles("komunitní energetika")
    assert any(title.endswith("Komunitní energetika") for title in energy)
    assert len(energy) >= 3
    assert set(energy) <= set(titles("komunitni energetika"))
    for accented_query, folded_query in [("bydlení", "bydleni"), ("povodně", "povodne"),
                                         ("parkování", "parkovani")]:
        assert titles(accented_query)
        assert titles(folded_query) == titles(accented_query)
    # Inflected forms still meet, with and without diacritics.
    transport = set(titles("doprava"))
    assert transport and transport == set(titles("dopravě")) == set(titles("dopravy"))
    assert transport == set(titles("doprave"))
    # Stop words typed without diacritics are stop words too ("při", "pri").
    assert titles("ochrana pri povodnich") == titles("ochrana při povodních")
    # The API answers the same for both spellings.
    api = [client.get("/api/v1/search", {"q": q}).json() for q in ("bydlení", "bydleni")]
    assert api[0]["count"] == api[1]["count"] > 0
    assert [i["url"] for i in api[0]["items"]] == [i["url"] for i in api[1]["items"]]


@pytest.mark.django_db
def test_every_kind_of_the_demo_is_searchable_and_says_what_it_is(demo):
    """Funding calls are in the search, and a result says what it is in the words issue 13
    asks for."""
    from django.utils import translation

    with translation.override("cs"):
        call = search("Bezpečnost chodců", page_size=5).items[0]
        assert call.title.startswith("OPD-22-BEZPECNOST") and call.kind_label == "výzva"
        intention = next(item for item in search("energetické společenství",
                                                 page_size=20).items
                         if item.kind == "intention")
        assert "záměr" in intention.kind_label
        measures = [item for item in search("cyklostezek", page_size=100).items
                    if item.kind == "node" and item.role == "measure"]
        assert measures
        assert measures[0].label == f"opatření strategie {measures[0].document}"
