# ruff: noqa: S608 - SQL text is assembled from constant table and column names only;
# every value (MATCH expressions, tsquery literals, limits) is a query parameter.
"""Benchmark search at scale: the application layer against the raw engines and tantivy.

    .venv/bin/python bench/search.py [--passages 1000000] [--skip-pg] [--skip-tantivy]

Indexes ``--passages`` passages of generated Czech strategy text (plus a strategy and ten
structure elements per document, as the platform indexes them) into SQLite (FTS5) and
PostgreSQL (tsvector + GIN) through ``search.indexing.entry_values`` — the same keys, tags
and tier tokens the application writes — and into tantivy (tantivy-py, the reference of a
dedicated engine) over the same keys. Then it runs a fixed mix of 200 queries (rare words,
very common words, two words, phrases, prefixes, words with facet filters) and prints p50
and p95 latency per query type for:

* ``app sqlite`` / ``app pg`` — ``search.queries.search()``: parsing, ranking,
  count, facets and a page of 20 results with highlighted snippets;
* ``raw fts5`` / ``raw pg`` — the same keys as one engine query ranked by the engine, top
  20 ids only (``ORDER BY rank`` / ``ORDER BY ts_rank_cd``), no count, no facets;
* ``tantivy`` — the same query as a tantivy BooleanQuery, top 20 by BM25.

and the ratio app / raw (the cost of the application layer; below 1 where the raw engine
ranks every match of a common word and the application reads bounded tiers instead).

The caches are warmed first (the SQLite file read once, every query run once through the
application). Then each query runs through the application and the raw engine in turn, so
both meet the same load on this shared machine, and each figure is the median of three
runs (one run for a query slower than 300 ms, where neighbours matter less).

The corpus is generated deterministically: word forms and adjacent word pairs of the
mining evaluation set (real Czech strategy sentences) followed by a long tail of about
31,000 rarer forms from simplemma's Czech dictionary, drawn with Zipf-like frequencies so
that forms of "obec", "rozvoj" and "město" occur in most passages and rare words in tens
to hundreds of them. Each engine is loaded
in a subprocess whose Django settings point at that database (``DATABASE_URL``, production
settings with DEBUG off), so the application layer runs exactly as configured in
production. Working files go to ``var/bench-search`` and the PostgreSQL database
``bench_search`` (both recreated on every run; ``--reuse`` queries the ones an earlier run
with the same ``--passages`` left behind).

Run time at 1,000,000 passages on the 2-core machine: about 28 minutes — SQLite load
6 min, PostgreSQL load 4 min plus 9 min for the GIN index, tantivy 4.5 min, and the
queries about 5 min, nearly all of it the raw engines ranking every match of common words
(2-5 s per query). 500,000 passages take about half of that. The benchmark never runs in
the test suite.
"""

from __future__ import annotations

import argparse
import collections
import itertools
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUERY_TYPES = ("rare", "common", "two words", "phrase", "prefix", "facets")
HEAD = ["obce", "obec", "rozvoje", "rozvoj", "obcí", "města", "rozvoji", "obci", "město",
        "obcích"]
PASSAGES_PER_DOCUMENT = 200
NODES_PER_DOCUMENT = 10
SEED = 20251122
AREAS = ["ZPO1", "ZPO2", "ZPO3", "ZPO4", "A1", "A2", "A3", "A4", "B1", "B2", "B3", "B4",
         "C1", "C2", "C3", "C4"]
LEVELS = ["municipal"] * 6 + ["subregional"] * 2 + ["regional", "national"]
TYPES = ["strategic_plan", "development_programme", "smart_city", "action_plan", "sump",
         "energy_concept", "digitalisation", "other"]
TOP = 20


# --- the corpus ---------------------------------------------------------------------------

def vocabulary():
    """Word forms (stop words, the head, then by frequency) and adjacent content pairs."""
    from core.language import ENGLISH_STOPWORDS
    from core.lemmas import is_stopword, tokenize

    counts: collections.Counter = collections.Counter()
    pairs: collections.Counter = collections.Counter()
    path = ROOT / "mining" / "data" / "evaluation_set.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        words = [w.lower() for w, _s, _e in tokenize(json.loads(line)["text"])]
        counts.update(words)
        for a, b in itertools.pairwise(words):
            if not is_stopword(a) and not is_stopword(b) and len(a) > 2 and len(b) > 2:
                pairs[(a, b)] += 1
    forms = sorted(counts, key=lambda w: (-counts[w], w))
    forms = [w for w in forms if not (w in ENGLISH_STOPWORDS and not is_stopword(w))]
    stop = [w for w in forms if is_stopword(w)]
    content = [w for w in forms if not is_stopword(w) and w not in HEAD]
    order = stop[:12] + HEAD + content + stop[12:]
    return order + rare_forms(set(order)), sorted(pairs, key=lambda p: (-pairs[p], p))


def rare_forms(known: set[str], step: int = 10) -> list[str]:
    """The long tail of real Czech: every step-th lower-case word form of simplemma's Czech
    dictionary (about 31,000 forms), so that rare words are rare (tens to hundreds of
    passages in a million) as they are in real documents."""
    from simplemma.strategies.dictionaries import DefaultDictionaryFactory

    dictionary = DefaultDictionaryFactory().get_dictionary("cs")
    forms = sorted(form for form in dictionary if form.isalpha() and form.islower()
                   and len(form) > 3 and form not in known)
    return forms[::step]


class Corpus:
    def __init__(self, seed: int = SEED):
        self.order, self.pairs = vocabulary()
        self.cum = list(itertools.accumulate(1.0 / (r + 2.7) ** 1.05
                                             for r in range(len(self.order))))
        self.pair_cum = list(itertools.accumulate(1.0 / (r + 1) for r in range(len(self.pairs))))
        self.seed = seed

    def sentence_words(self, rng: random.Random, count: int) -> list[str]:
        words = rng.choices(self.order, cum_weights=self.cum, k=count)
        for _ in range(rng.randint(0, 3)):
            a, b = rng.choices(self.pairs, cum_weights=self.pair_cum)[0]
            at = rng.randrange(len(words))
            words[at:at + 1] = [a, b]
        return words

    def text(self, rng: random.Random, low: int = 40, high: int = 120) -> str:
        words = self.sentence_words(rng, rng.randint(low, high))
        sentences, index = [], 0
        while index < len(words):
            length = rng.randint(6, 18)
            chunk = words[index:index + length]
            index += length
            chunk[0] = chunk[0].capitalize()
            sentences.append(" ".join(chunk) + ".")
        return " ".join(sentences)


class Keys:
    """``core.lemmas.index_terms`` with a cache per word form (the vocabulary is small)."""

    def __init__(self):
        from core.lemmas import is_stopword, search_key, tokenize

        self.tokenize, self.is_stopword, self.search_key = tokenize, is_stopword, search_key
        self.cache: dict[str, str] = {}

    def __call__(self, text: str) -> str:
        out = []
        for word, _s, _e in self.tokenize(text):
            key = self.cache.get(word)
            if key is None:
                key = self.cache[word] = "" if self.is_stopword(word) else self.search_key(word)
            if key:
                out.append(key)
        return " ".join(out)


def documents(passages: int, units: list[tuple[str, list[str], str]], pillar_of: dict):
    """(EntryData, ...) for every passage, strategy and element, deterministically."""
    from search.indexing import EntryData

    corpus = Corpus()
    keys = Keys()
    rng = random.Random(SEED)
    area_cum = list(itertools.accumulate(1.0 / (r + 1) for r in range(len(AREAS))))
    made = 0
    document = 0
    while made < passages:
        document += 1
        owner, unit_codes, kraj = units[rng.randrange(len(units))]
        year_from = rng.randint(2014, 2026)
        common = dict(kraje=[kraj], units=unit_codes, level=rng.choice(LEVELS),
                      type=rng.choice(TYPES), year_from=year_from,
                      year_to=year_from + rng.randint(3, 10))
        title = f"Strategie {document}: " + corpus.text(rng, 4, 8).rstrip(".")
        strategy_areas = sorted(set(rng.choices(AREAS, cum_weights=area_cum, k=3)))
        yield EntryData("strategy", str(document), title, f"/cs/strategie/{document}/",
                        body=corpus.text(rng, 30, 60), areas=strategy_areas,
                        pillars=sorted({pillar_of[a] for a in strategy_areas}), **common)
        for node in range(NODES_PER_DOCUMENT):
            node_title = corpus.text(rng, 3, 8).rstrip(".")
            yield EntryData("node", f"{document}.{node}", node_title,
                            f"/cs/strategie/{document}/#node-{node}",
                            body=corpus.text(rng, 10, 30), document=title, areas=strategy_areas,
                            pillars=sorted({pillar_of[a] for a in strategy_areas}), **common)
        for index in range(min(PASSAGES_PER_DOCUMENT, passages - made)):
            text = corpus.text(rng)
            areas = sorted(set(rng.choices(AREAS, cum_weights=area_cum, k=rng.randint(1, 2))))
            made += 1
            yield EntryData("passage", f"{made}@{document}", f"Dokument {document}",
                            f"/cs/strategie/dokumenty/{document}/#page-{index // 3 + 1}",
                            body=text, document=f"Dokument {document}", page=index // 3 + 1,
                            areas=areas, pillars=sorted({pillar_of[a] for a in areas}),
                            title_text="", terms=keys(text), **common)


# --- the query mix ------------------------------------------------------------------------

def query_mix(units: list[tuple[str, list[str], str]]) -> list[dict]:
    """200 queries: (type, q, filters), deterministic."""
    order, pairs = vocabulary()
    from core.lemmas import is_stopword

    rng = random.Random(SEED + 1)
    content = [w for w in order if not is_stopword(w) and len(w) > 3]
    common = HEAD + content[10:40]
    middle = content[60:400]
    rare = content[10_000:]
    phrases = [f"{a} {b}" for a, b in pairs[:400]]
    queries = []
    for n in range(34):
        queries.append({"type": "rare", "q": rng.choice(rare)})
        queries.append({"type": "common", "q": common[n % len(common)]})
        two = (f"{rng.choice(middle)} {rng.choice(common)}" if n % 3 == 0 else
               f"{rng.choice(middle)} {rng.choice(middle)}" if n % 3 == 1 else
               f"{rng.choice(common)} {rng.choice(common)}")
        queries.append({"type": "two words", "q": two})
        if n < 33:
            queries.append({"type": "phrase", "q": f'"{rng.choice(phrases)}"'})
            word = rng.choice(common if n % 3 == 0 else middle)
            queries.append({"type": "prefix", "q": word[:rng.randint(4, max(4, len(word) - 2))] + "*"})
        if n < 32:
            filters: dict = {}
            choice = n % 6
            if choice == 0:
                filters["area"] = rng.choice(AREAS)
            elif choice == 1:
                filters["kraj"] = rng.choice(units)[2]
            elif choice == 2:
                filters["unit"] = rng.choice(rng.choice(units)[1][1:] or ["CZ031"])
            elif choice == 3:
                filters["level"], filters["type"] = rng.choice(LEVELS), rng.choice(TYPES)
            elif choice == 4:
                filters["year"] = rng.randint(2016, 2030)
            else:
                filters["area"], filters["kraj"] = rng.choice(AREAS), rng.choice(units)[2]
            word = rng.choice(common if n % 2 else middle)
            queries.append({"type": "facets", "q": word, "filters": filters})
    assert len(queries) == 200, len(queries)
    return queries


def clauses_of(q: str):
    from search.query import parse_query

    return parse_query(q).clauses


def filter_tags(filters: dict) -> list[str]:
    from search.indexing import tag

    return [tag(name, value) for name, value in filters.items()]


def raw_fts5(q: str, filters: dict) -> str:
    """The query's keys as one MATCH: each clause any of its alternatives (the Czech and,
    where they differ, the English keys), as the application searches them."""
    parts = []
    for clause in clauses_of(q):
        if clause.kind == "prefix":
            parts.append(f'"{clause.prefix}" *')
        else:
            parts.append("(" + " OR ".join('"' + " ".join(alt) + '"'
                                           for alt in clause.alternatives) + ")")
    parts += [f'tags : "{t}"' for t in filter_tags(filters)]
    return " AND ".join(parts)


def raw_tsquery(q: str, filters: dict) -> str:
    parts = []
    for clause in clauses_of(q):
        if clause.kind == "prefix":
            parts.append(f"'{clause.prefix}':*")
        else:
            parts.append("(" + " | ".join("(" + " <-> ".join(f"'{k}'" for k in alt) + ")"
                                          for alt in clause.alternatives) + ")")
    parts += [f"'{t}'" for t in filter_tags(filters)]
    return " & ".join(parts)


# --- a phase per engine (subprocess) -------------------------------------------------------

def setup_django(database_url: str) -> None:
    # Production settings (DEBUG off: no query log), with a throwaway key.
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-search-" + "x" * 40)
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartplatform.settings")
    os.environ["LOG_LEVEL"] = "WARNING"
    import django

    django.setup()


def load_reference():
    from concept.models import KeyArea
    from concept.reference import read_concept
    from concept.services import load_concept
    from territory.models import Kind, TerritorialUnit
    from territory.reference import read_reference
    from territory.services import load_official_units

    load_official_units(read_reference(ROOT / "territory" / "tests" / "data"))
    load_concept(read_concept())
    from search.indexing import _kraj_code, unit_codes

    units = []
    for unit in (TerritorialUnit.objects.filter(kind=Kind.OBEC)
                 .select_related("kraj", "okres", "orp").prefetch_related("groups")
                 .order_by("code")):
        units.append((unit.code, unit_codes(unit), _kraj_code(unit)))
    pillar_of = dict(KeyArea.objects.values_list("code", "pillar__code"))
    return units, pillar_of


COLUMNS = ["kind", "object_id", "source", "title", "url", "body", "title_terms", "terms",
           "tags", "document", "page", "language", "areas", "pillars", "kraj", "units",
           "level", "type", "year_from", "year_to", "copy_key", "fingerprint", "updated_at"]


def rows(passages: int, units, pillar_of):
    from django.utils import timezone

    from search.indexing import entry_values

    now = timezone.now()
    for data in documents(passages, units, pillar_of):
        values = entry_values(data)
        values["source"] = "bench:" + data.object_id.split("@")[-1].split(".")[0]
        values["updated_at"] = now
        yield [values[c] for c in COLUMNS]


def load_sqlite(passages: int, units, pillar_of) -> dict:
    from django.db import connection

    from search.backends import get_backend

    started = time.perf_counter()
    keys = set()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous=OFF")
        sql = (f"INSERT INTO search_searchentry ({', '.join(COLUMNS)}) "
               f"VALUES ({', '.join(['%s'] * len(COLUMNS))})")
        batch = []
        for row in rows(passages, units, pillar_of):
            keys.update(row[6].split())
            keys.update(row[7].split())
            batch.append(row)
            if len(batch) == 5000:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
        cursor.executemany("INSERT OR IGNORE INTO search_searchterm (term) VALUES (%s)",
                           [(k,) for k in sorted(keys)])
    loaded = time.perf_counter() - started
    get_backend().optimize()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"load_s": round(loaded, 1), "optimize_s": round(time.perf_counter() - started
                                                           - loaded, 1)}


def load_pg(passages: int, units, pillar_of) -> dict:
    from django.db import connection

    from search.backends.postgres import INSTALL

    started = time.perf_counter()
    keys = set()
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX IF EXISTS search_entry_tsv")
        raw = cursor.cursor
        with raw.copy(f"COPY search_searchentry ({', '.join(COLUMNS)}) FROM STDIN") as copy:
            for row in rows(passages, units, pillar_of):
                keys.update(row[6].split())
                keys.update(row[7].split())
                copy.write_row(row)
        with raw.copy("COPY search_searchterm (term) FROM STDIN") as copy:
            for key in sorted(keys):
                copy.write_row((key,))
    loaded = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '1GB'")
        cursor.execute(INSTALL[-1])
    indexed = time.perf_counter() - started - loaded
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE search_searchentry")
        cursor.execute("VACUUM ANALYZE search_searchterm")
    return {"load_s": round(loaded, 1), "gin_s": round(indexed, 1)}


REPEAT = 3
REPEAT_BUDGET_MS = 300


def once(function, query: dict) -> float:
    started = time.perf_counter()
    function(query)
    return (time.perf_counter() - started) * 1000


def repeated(function, query: dict) -> float:
    """The median of up to REPEAT runs (a query slower than the budget runs once): the
    machine is shared, and one run of a millisecond query mostly measures the neighbours."""
    runs = [once(function, query)]
    while len(runs) < REPEAT and sum(runs) < REPEAT_BUDGET_MS:
        runs.append(once(function, query))
    return statistics.median(runs)


def timed(function, queries: list[dict]) -> list[float]:
    return [repeated(function, query) for query in queries]


def timed_pairs(first, second, queries: list[dict]) -> tuple[list[float], list[float]]:
    """Both functions on each query in turn, so that both meet the same load."""
    pairs = [(repeated(first, query), repeated(second, query)) for query in queries]
    return [a for a, _b in pairs], [b for _a, b in pairs]


def run_phase(args) -> None:
    setup_django(args.database_url)
    from django.core.management import call_command
    from django.db import connection

    from search.queries import SearchFilters, search

    if args.reuse:  # the index of an earlier run with the same --passages
        units, pillar_of = _reference_from(args.database_url)
        stats = {"reused": True}
    else:
        call_command("migrate", verbosity=0)
        units, pillar_of = load_reference()
        loader = load_pg if connection.vendor == "postgresql" else load_sqlite
        stats = loader(args.passages, units, pillar_of)
    queries = query_mix(units)
    plans: dict[int, str] = {}

    def app(query):
        results = search(query["q"], SearchFilters(**query.get("filters", {})),
                         page_size=TOP)
        plans[id(query)] = results.plan
        return results

    if connection.vendor == "postgresql":
        sql = ("SELECT id FROM search_searchentry WHERE tsv @@ %s::tsquery "
               "ORDER BY ts_rank_cd(tsv, %s::tsquery) DESC LIMIT 20")

        def raw(query):
            text = raw_tsquery(query["q"], query.get("filters", {}))
            with connection.cursor() as cursor:
                cursor.execute(sql, [text, text])
                return cursor.fetchall()
    else:
        sql = ("SELECT rowid FROM search_fts WHERE search_fts MATCH %s "
               "ORDER BY rank LIMIT 20")

        def raw(query):
            with connection.cursor() as cursor:
                cursor.execute(sql, [raw_fts5(query["q"], query.get("filters", {}))])
                return cursor.fetchall()

    if connection.vendor == "sqlite":  # the database file into the page cache
        with open(connection.settings_dict["NAME"], "rb") as database:
            while database.read(1 << 24):
                pass
    for query in queries:  # warm: caches of lemmas, pages of both tables and indexes
        app(query)
    plans.clear()
    app_ms, raw_ms = timed_pairs(app, raw, queries)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_database_size(current_database())")
            size = cursor.fetchone()[0]
        else:
            size = Path(connection.settings_dict["NAME"]).stat().st_size
    print(json.dumps({"vendor": connection.vendor, "stats": stats, "app": app_ms,
                      "raw": raw_ms, "plans": collections.Counter(plans.values()),
                      "size_mb": round(size / 1e6)}))


def run_tantivy(passages: int, units, pillar_of, queries: list[dict]) -> dict:
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("title", stored=False, tokenizer_name="default",
                           index_option="position")
    builder.add_text_field("terms", stored=False, tokenizer_name="default",
                           index_option="position")
    builder.add_text_field("tags", stored=False, tokenizer_name="whitespace",
                           index_option="basic")
    builder.add_integer_field("id", stored=True, indexed=False)
    schema = builder.build()
    index = tantivy.Index(schema)
    writer = index.writer(heap_size=400_000_000, num_threads=2)
    from search.indexing import entry_values

    started = time.perf_counter()
    for number, data in enumerate(documents(passages, units, pillar_of), 1):
        values = entry_values(data)
        tags = " ".join(t for t in values["tags"].split() if not t[0].isdigit())
        writer.add_document(tantivy.Document(title=values["title_terms"],
                                             terms=values["terms"], tags=tags, id=number))
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    loaded = time.perf_counter() - started
    searcher = index.searcher()
    Occur, Query = tantivy.Occur, tantivy.Query

    def build(query):
        must = []
        for clause in clauses_of(query["q"]):
            if clause.kind == "prefix":
                must.append(Query.regex_query(schema, "terms", clause.prefix + ".*"))
            elif len(clause.alternatives[0]) > 1:
                must.append(Query.phrase_query(schema, "terms", list(clause.alternatives[0])))
            else:
                must.append(Query.term_query(schema, "terms", clause.alternatives[0][0]))
        must += [Query.term_query(schema, "tags", t)
                 for t in filter_tags(query.get("filters", {}))]
        return Query.boolean_query([(Occur.Must, q) for q in must])

    def run(query):
        return searcher.search(build(query), TOP, count=False).hits

    timed(run, queries)
    return {"tantivy": timed(run, queries), "load_s": round(loaded, 1)}


# --- the report ---------------------------------------------------------------------------

def percentile(values: list[float], share: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(share * 100) - 1]


def report(queries: list[dict], series: dict[str, list[float]], pairs) -> None:
    types = list(QUERY_TYPES) + ["all"]

    def values(name: str, kind: str) -> list[float]:
        return [ms for q, ms in zip(queries, series[name], strict=True)
                if kind == "all" or q["type"] == kind]

    width = 12
    print("\nLatency per query type, ms: p50 / p95 (same 200 queries everywhere)")
    print("engine".ljust(12) + "".join(t.rjust(width + 4) for t in types))
    for name in series:
        cells = []
        for kind in types:
            v = values(name, kind)
            cells.append(f"{percentile(v, .5):.1f} / {percentile(v, .95):.1f}".rjust(width + 4))
        print(name.ljust(12) + "".join(cells))
    print("\nApplication layer / raw engine (p50 ratio, p95 ratio)")
    for app, raw in pairs:
        if app not in series or raw not in series:
            continue
        cells = []
        for kind in types:
            a, r = values(app, kind), values(raw, kind)
            cells.append(f"{percentile(a, .5) / percentile(r, .5):.2f} / "
                         f"{percentile(a, .95) / percentile(r, .95):.2f}".rjust(width + 4))
        print(f"{app}/{raw}".ljust(12)[:24].ljust(12) + "".join(cells))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--passages", type=int, default=1_000_000)
    parser.add_argument("--workdir", type=Path, default=ROOT / "var" / "bench-search")
    parser.add_argument("--pg-url", default=os.environ.get(
        "BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/bench_search"))
    parser.add_argument("--skip-pg", action="store_true")
    parser.add_argument("--skip-tantivy", action="store_true")
    parser.add_argument("--reuse", action="store_true",
                        help="query the databases loaded by an earlier run (same --passages)")
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        run_phase(args)
        return

    started = time.perf_counter()
    args.workdir.mkdir(parents=True, exist_ok=True)
    sqlite_path = args.workdir / "search.sqlite3"
    for suffix in ("", "-wal", "-shm") if not args.reuse else ():
        Path(f"{sqlite_path}{suffix}").unlink(missing_ok=True)
    phases = [("sqlite", f"sqlite:///{sqlite_path}")]
    if not args.skip_pg and args.reuse:
        phases.append(("pg", args.pg_url))
    elif not args.skip_pg:
        import psycopg

        base, _, name = args.pg_url.rpartition("/")
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
        phases.append(("pg", args.pg_url))
    results = {}
    for label, url in phases:
        action = "querying the loaded" if args.reuse else "indexing and querying"
        print(f"[{time.perf_counter() - started:6.0f} s] {label}: {action} {args.passages:,} "
              f"passages …", flush=True)
        output = subprocess.run(
            [sys.executable, __file__, "--phase", label, "--database-url", url,
             "--passages", str(args.passages)] + (["--reuse"] if args.reuse else []),
            check=True, capture_output=True, text=True)
        results[label] = json.loads(output.stdout.strip().splitlines()[-1])
        info = results[label]
        print(f"           {info['stats']}, database {info['size_mb']} MB, "
              f"application plans {info['plans']}", flush=True)

    setup_django(phases[0][1])  # reference data for the query mix
    units, pillar_of = _reference_from(phases[0][1])
    queries = query_mix(units)
    series = {"app sqlite": results["sqlite"]["app"], "raw fts5": results["sqlite"]["raw"]}
    if "pg" in results:
        series["app pg"] = results["pg"]["app"]
        series["raw pg"] = results["pg"]["raw"]
    if not args.skip_tantivy:
        print(f"[{time.perf_counter() - started:6.0f} s] tantivy: indexing and querying …",
              flush=True)
        tantivy = run_tantivy(args.passages, units, pillar_of, queries)
        series["tantivy"] = tantivy["tantivy"]
        print(f"           load {tantivy['load_s']} s", flush=True)
    print(f"\n{args.passages:,} passages (+ {NODES_PER_DOCUMENT + 1} strategy/element entries "
          f"per {PASSAGES_PER_DOCUMENT} passages), {len(queries)} queries; total run "
          f"{time.perf_counter() - started:.0f} s")
    report(queries, series, [("app sqlite", "raw fts5"), ("app pg", "raw pg")])


def _reference_from(database_url: str):
    from concept.models import KeyArea
    from search.indexing import _kraj_code, unit_codes
    from territory.models import Kind, TerritorialUnit

    units = [(u.code, unit_codes(u), _kraj_code(u)) for u in
             TerritorialUnit.objects.filter(kind=Kind.OBEC).select_related(
                 "kraj", "okres", "orp").prefetch_related("groups").order_by("code")]
    return units, dict(KeyArea.objects.values_list("code", "pillar__code"))


if __name__ == "__main__":
    main()
