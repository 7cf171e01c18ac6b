"""Search behaviour, the same on SQLite (FTS5) and PostgreSQL (tsvector + GIN).

Run on both: `.venv/bin/pytest search` and
`DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/pytest search`.
"""

from __future__ import annotations

import contextlib

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import translation

from search import services
from search.models import SearchEntry
from search.queries import QueryError, SearchFilters, search

pytestmark = pytest.mark.django_db

TRANSPORT = ("Veřejná doprava ve městě potřebuje nové autobusy. Doprava do škol a dopravě "
             "v centru pomůže dopravní plán; kvalitní doprava je cílem strategie.")
ONCE = ("Město opraví chodníky a veřejné osvětlení, vysadí stromy a zlepší zeleň v parcích; "
        "zmíněna je i doprava.")
GREEN = "Revitalizace parku: nová zeleň, stromořadí a zahrady pro obyvatele města."
CYCLE = "Síť cyklostezek propojí obce v regionu; první cyklostezka povede podél řeky."
ENERGY = "Fotovoltaické elektrárny na střechách škol sníží spotřebu energie."


def titles(results):
    return [item.title for item in results.items]


def texts(results):
    return [str(item.snippet) for item in results.items]


@pytest.fixture
def corpus(publish_strategy, add_document):
    strategy = publish_strategy("Strategický plán rozvoje Českých Budějovic",
                                summary="Dlouhodobý plán města.", valid_from=2021,
                                valid_to=2027, areas=[])
    document = add_document(strategy, "Analytická část", [
        (1, TRANSPORT, ["C4"]), (2, ONCE, ["B4"]), (3, GREEN, ["B4"]), (4, CYCLE, ["C4"]),
        (5, ENERGY, ["B2"])])
    return strategy, document


def test_backend_matches_the_database(db):
    from search.backends import get_backend

    assert get_backend().vendor == connection.vendor


@pytest.mark.parametrize("query, expected", [
    ("doprava", TRANSPORT), ("dopravy", TRANSPORT), ("dopravě", TRANSPORT),
    ("doprave", TRANSPORT), ("DOPRAVA", TRANSPORT), ("zelen", GREEN), ("zeleň", GREEN),
    ("cyklostezky", CYCLE), ("cyklostezka", CYCLE), ("fotovoltaika", ENERGY),
    ("skoly", ENERGY),
])
def test_morphology_and_diacritics(corpus, query, expected):
    plain = [text.replace("<mark>", "").replace("</mark>", "") for text in texts(search(query))]
    assert any(expected[:30] in text for text in plain), (query, plain)


def test_every_form_finds_the_same_passages(corpus):
    counts = {q: search(q).count for q in ("doprava", "dopravy", "dopravě", "doprave")}
    assert len(set(counts.values())) == 1, counts


def test_ranking_puts_the_passage_about_the_word_first(corpus):
    results = search("doprava", SearchFilters(kind="passage"))
    assert results.count == 2
    first, second = results.items
    assert first.page == 1 and second.page == 2
    assert first.score > second.score


def test_title_match_outranks_a_passing_mention(publish_strategy, corpus):
    publish_strategy("Plán udržitelné městské mobility", summary="Cyklostezky a autobusy.")
    results = search("mobilita")
    assert results.items[0].kind == "strategy"


def test_phrase_requires_adjacent_words(corpus):
    assert search('"veřejná doprava"').count == 1
    assert search('„veřejnou dopravou“').count == 1  # other forms of the same phrase
    assert search('"doprava veřejná"').count == 0
    assert search('"zeleň parcích"').count == 1  # a stop word would sit between
    assert search("veřejné doprava").count == 2  # words, not a phrase: both passages


def test_prefix(corpus):
    results = search("cyklo*")
    assert results.count == 1 and "<mark>cyklostezek</mark>" in texts(results)[0]
    assert search("fotovolt*").count == 1
    assert search("xyzab*").count == 0
    with pytest.raises(QueryError):
        search("cy*")


def test_all_words_must_match(corpus):
    assert search("cyklostezka řeka").count == 1
    assert search("cyklostezka fotovoltaika").count == 0


def test_snippet_marks_original_words_and_escapes(publish_strategy, add_document):
    strategy = publish_strategy("Akční plán")
    add_document(strategy, "Příloha", [
        (7, "Zastávky <script>alert(1)</script> MHD & dopravě pomohou.", ["C4"])])
    item = search("doprava").items[0]
    assert item.kind == "passage" and item.page == 7 and item.document == "Příloha"
    assert "<mark>dopravě</mark>" in item.snippet
    assert "&lt;script&gt;" in item.snippet and "<script>" not in item.snippet
    assert "&amp;" in item.snippet


def test_long_text_snippet_is_a_window_around_the_matches(publish_strategy, add_document):
    strategy = publish_strategy("Dlouhý dokument")
    filler = "Obyvatelé města chtějí kvalitní veřejné služby. " * 40
    add_document(strategy, "Návrhová část", [(3, filler + "Nová cyklostezka vede k řece. "
                                              + filler, ["C4"])])
    snippet = str(search("cyklostezka").items[0].snippet)
    assert "<mark>cyklostezka</mark>" in snippet
    assert snippet.startswith("…") and snippet.endswith("…") and len(snippet) < 400


def test_facets_and_filters(publish_strategy, add_document, admin_user, corpus):
    brno = publish_strategy("Strategie Brna", actor=admin_user, owner_code="582786",
                            level="municipal", strategy_type="sump", valid_from=2030,
                            valid_to=2035)
    add_document(brno, "Plán mobility", [(2, "Doprava v Brně: tramvaje a doprava vlakem.",
                                          ["C4", "C2"])])
    results = search("doprava", SearchFilters(kind="passage"))
    assert results.count == 3 and results.facets_exact
    kraje = {f.value: f.count for f in results.facets["kraj"]}
    assert kraje == {"CZ031": 2, "CZ064": 1}
    areas = {f.value: f.count for f in results.facets["area"]}
    assert areas == {"C4": 2, "B4": 1, "C2": 1}
    assert {f.value: f.count for f in results.facets["pillar"]} == {"C": 2, "B": 1}
    assert {f.value: f.count for f in results.facets["type"]} == {"smart_city": 2, "sump": 1}
    years = {f.value: f.count for f in results.facets["year"]}
    assert years["2021"] == 2 and years["2035"] == 1 and "2029" not in years

    assert search("doprava", SearchFilters(kraj="CZ064")).count == 1
    assert search("doprava", SearchFilters(area="C4", kind="passage")).count == 2
    assert search("doprava", SearchFilters(pillar="B", kind="passage")).count == 1
    assert search("doprava", SearchFilters(type="sump")).count == 1
    assert search("doprava", SearchFilters(year=2025, kind="passage")).count == 2
    assert search("doprava", SearchFilters(level="regional")).count == 0


def test_unit_filter_includes_sub_units(corpus, publish_strategy, admin_user):
    publish_strategy("Doprava v Brně", actor=admin_user, owner_code="582786")
    # České Budějovice (544256) lies in ORP 302, okres 3301 and kraj CZ031.
    for code in ("544256", "302", "3301", "CZ031"):
        results = search("doprava", SearchFilters(unit=code))
        assert results.count == 2 and all(i.title != "Doprava v Brně" for i in results.items)
    assert titles(search("doprava", SearchFilters(unit="582786"))) == ["Doprava v Brně"]
    assert search("doprava", SearchFilters(unit="CZ020")).count == 0
    with pytest.raises(QueryError):
        search("doprava", SearchFilters(unit="999999999"))


def test_drafts_are_not_indexed_and_unpublished_ones_leave(editor, corpus,
                                                          django_capture_on_commit_callbacks):
    from strategies import services as strategy_services
    from strategies.tests.factories import make_strategy

    with django_capture_on_commit_callbacks(execute=True):
        make_strategy(editor, title="Tajná doprava")
    assert "Tajná doprava" not in titles(search("doprava"))
    strategy, _document = corpus
    with django_capture_on_commit_callbacks(execute=True):
        strategy_services.delete_strategy(editor, strategy)
    assert search("doprava").count == 0
    assert not SearchEntry.objects.exists()


def test_edits_reach_the_index(corpus, editor, django_capture_on_commit_callbacks):
    from strategies import services as strategy_services

    strategy, _document = corpus
    with django_capture_on_commit_callbacks(execute=True):
        strategy_services.add_node(editor, strategy, kind="priority", title="Elektromobilita",
                                   code="P1", description="Dobíjecí stanice pro auta.")
    results = search("elektromobility")
    assert [i.kind for i in results.items] == ["node"]
    assert results.items[0].title == "P1 Elektromobilita"


def test_an_editors_correction_of_a_passage_reaches_the_index(
        corpus, editor, django_capture_on_commit_callbacks):
    from mining import services as mining_services
    from mining.models import Passage

    passage = Passage.objects.get(text=ENERGY)  # classified B2
    assert search("fotovoltaické", SearchFilters(area="C2")).count == 0
    with django_capture_on_commit_callbacks(execute=True):
        mining_services.correct_passage(editor, passage, ["C2"])
    assert search("fotovoltaické", SearchFilters(area="C2")).count == 1
    assert search("fotovoltaické", SearchFilters(area="B2")).count == 0


def test_reindex_is_idempotent(corpus):
    strategy, _document = corpus
    before = list(SearchEntry.objects.order_by("pk").values_list("pk", "fingerprint"))
    assert services.reindex_source(f"strategy:{strategy.pk}") == 0
    assert list(SearchEntry.objects.order_by("pk").values_list("pk", "fingerprint")) == before
    summary = services.rebuild_index()
    assert summary["written"] == 0 and summary["entries"] == len(before)


def test_very_common_word_uses_bounded_candidates(settings, publish_strategy, add_document):
    settings.SEARCH = {"exact_limit": 4, "candidate_limit": 3}
    strategy = publish_strategy("Plán")
    passages = [(n, f"Obec opraví silnici {n}" + (" a chodník." if n <= 2 else "."), ["C4"])
                for n in range(1, 8)]
    passages.append((9, "Obec a obce: každá obec v obci pro obce, obcím a obcemi.", ["ZPO1"]))
    add_document(strategy, "Obce", passages)
    results = search("obec", SearchFilters(kind="passage"))
    assert results.plan == "tiers"
    assert not results.count_exact and results.count >= 5
    assert not results.facets_exact
    assert results.items[0].page == 9  # the passage about municipalities comes first
    # Narrowed below the limit by a rarer word, the engine ranks exactly again.
    exact = search("obec chodník", SearchFilters(kind="passage"))
    assert exact.plan == "exact" and exact.count == 2 and exact.count_exact
    phrase = search('"obec opraví"')
    assert phrase.plan == "tiers" and phrase.count >= 5 and len(phrase.items) == 3


def test_common_words_are_probed_from_the_top_tier_with_the_same_results(
        settings, publish_strategy, add_document, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("the PostgreSQL plan reads the planner's statistics")
    from search.backends.postgres import PostgresBackend

    settings.SEARCH = {"exact_limit": 4, "candidate_limit": 3}
    strategy = publish_strategy("Plán")
    add_document(strategy, "Obce", [
        (n, "Obec opraví silnici" + " a obec" * (n % 4) + ".", ["C4"]) for n in range(1, 13)])
    middle = search("obec", SearchFilters(kind="passage"))
    probes: list = []
    candidates = PostgresBackend.candidates
    monkeypatch.setattr(PostgresBackend, "candidates", lambda self, match, limit: (
        probes.append(match.tags), candidates(self, match, limit))[1])
    # Statistics of a large table in which "obec" is in nine passages of ten.
    monkeypatch.setattr(PostgresBackend, "_lexeme_stats",
                        lambda self: (1e6, {"obec": 0.9, "kind_passage": 0.95}))
    top = search("obec", SearchFilters(kind="passage"))
    assert "12_obec" in probes[0][-1]  # the first probe reads the top tier
    assert [item.page for item in top.items] == [item.page for item in middle.items]
    assert top.items[0].page in (3, 7, 11)  # "obec" four times


def test_filters_on_most_rows_are_read_off_the_found_rows_with_the_same_results(
        corpus, publish_strategy, admin_user, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("the PostgreSQL plan reads the planner's statistics")
    from django.test.utils import CaptureQueriesContext

    from search.backends.postgres import PostgresBackend

    publish_strategy("Doprava v Brně", actor=admin_user, owner_code="582786")
    filters = [SearchFilters(kraj="CZ031"), SearchFilters(unit="3301"), SearchFilters(area="C4"),
               SearchFilters(pillar="C"), SearchFilters(level="municipal"),
               SearchFilters(kraj="CZ064", kind="strategy"), SearchFilters(area="C4", unit="302")]

    def results(frequency: float):
        tags = {f"{name}_{code}": frequency for name, code in [
            ("kraj", "cz031"), ("kraj", "cz064"), ("unit", "3301"), ("unit", "302"),
            ("area", "c4"), ("pillar", "c"), ("level", "municipal")]}
        monkeypatch.setattr(PostgresBackend, "_lexeme_stats", lambda self: (1e6, tags))
        with CaptureQueriesContext(connection) as captured:
            found = [(hits.count, titles(hits)) for hits in
                     (search("doprava", f) for f in filters)]
        return found, sum("strpos(lower(" in q["sql"] or "lower(level) =" in q["sql"]
                          for q in captured.captured_queries)

    in_index, read_off_rows = results(0.1), results(0.9)
    assert in_index[1] == 0 and read_off_rows[1] >= len(filters)
    assert read_off_rows[0] == in_index[0]
    counts = [count for count, _titles in in_index[0]]
    assert all(counts) and counts[5] == 1  # only the strategy in Brno
    assert counts[4] == counts[0] + 1  # both owners are municipal, one is not in CZ031


@pytest.mark.parametrize("query", [
    '" OR 1=1 --', "NEAR(doprava obec)", "{tags}: pub", "doprava' | 'x", "doprava:*",
    "tags : pub", "a__b", "doprava)(", "-doprava", "doprava AND NOT zeleň", "\\'",
])
def test_operators_and_quotes_are_just_text(corpus, query):
    # Nothing searchable left is a clear message (QueryError), never an engine error.
    with contextlib.suppress(QueryError):
        search(query)


def test_search_page(client, corpus):
    with translation.override("en"):
        url = reverse("search:index")
    assert url == "/en/search/"
    response = client.get(url, {"q": "dopravě"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<mark>" in html and "Analytická část" in html
    assert client.get(url, {"q": "a v na"}).status_code == 400
    assert client.get(url).status_code == 200
