"""Measure search ranking against human relevance judgments over the demo corpus.

    .venv/bin/python bench/relevance.py [--skip-pg] [--reuse] [--per-query] [--save FILE]

``bench/relevance_set.json`` holds the queries an official would type (one and two words,
phrases, typed without diacritics, places, technologies, English, prefixes), each with the
demo items judged relevant: grade 2 for an item *about* what was asked (its title says
so, or a passage dwelling on it), grade 1 for an item that is relevant but only mentions it.
Items are named by stable keys (kind and title; a structure element also by its strategy, an
intention by its municipality, a passage by its document and the beginning of its text),
never by database ids.

Judged items are grouped into *copies*: the same measure in twenty strategies, a passage
repeated in several documents, texts of one template that differ only in their place.
A copy after the first one found brings nothing new, so a page filled with copies of one
measure scores lower than a page with different relevant items:

* nDCG@10 — gain ``2**grade - 1`` for the first item of each relevant group among the first
  10 results, discounted by ``log2(rank + 1)``, divided by the best possible (one item per
  group, best grades first);
* recall@20 — relevant groups found among the first 20 results, divided by
  ``min(20, relevant groups)`` (a query with 60 relevant groups can reach 1.0 too).

Each engine runs in a subprocess on a fresh database created here — SQLite in
``var/bench-relevance`` and the PostgreSQL database ``bench_relevance`` — migrated, with the
reference data and ``seed_demo``'s content, indexed by ``reindex_search`` (so the index is
built by the code being measured) and searched through ``search.queries.search()``, exactly
as the page and the API search. ``--reuse`` queries the databases of an earlier run after
rebuilding their index (for quick comparisons while tuning ranking). The benchmark never
runs in the test suite; it takes about two minutes per database.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SET_PATH = ROOT / "bench" / "relevance_set.json"
NDCG_AT = 10
RECALL_AT = 20


def item_key(kind: str, title: str, document: str, body: str) -> str:
    """The stable name of an indexed item (the relevance set's keys)."""
    if kind == "passage":
        return f"passage: {title} § {' '.join(body.split())[:80]}"
    if kind in ("node", "intention"):  # the strategy's, the municipality's
        return f"{kind}: {title} @ {document}"
    return f"{kind}: {title}"


# --- metrics (plain functions over keys) -----------------------------------------------------

def judged(query: dict) -> tuple[dict[str, tuple[int, int]], list[int]]:
    """(item key → (group number, grade), grades of the groups)."""
    by_key, grades = {}, []
    for number, group in enumerate(query["relevant"]):
        grades.append(group["grade"])
        for key in group["items"]:
            by_key[key] = (number, group["grade"])
    return by_key, grades


def ndcg(ranked: list[str], query: dict, at: int = NDCG_AT) -> float:
    by_key, grades = judged(query)
    seen: set[int] = set()
    dcg = 0.0
    for rank, key in enumerate(ranked[:at], 1):
        group, grade = by_key.get(key, (None, 0))
        if group is None or group in seen:
            continue
        seen.add(group)
        dcg += (2 ** grade - 1) / math.log2(rank + 1)
    ideal = sum((2 ** grade - 1) / math.log2(rank + 1)
                for rank, grade in enumerate(sorted(grades, reverse=True)[:at], 1))
    return dcg / ideal if ideal else 0.0


def recall(ranked: list[str], query: dict, at: int = RECALL_AT) -> float:
    by_key, grades = judged(query)
    if not grades:
        return 0.0
    found = {by_key[key][0] for key in ranked[:at] if key in by_key}
    return len(found) / min(at, len(grades))


# --- one engine (subprocess) -----------------------------------------------------------------

def setup_django(database_url: str, workdir: Path) -> None:
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-relevance-" + "x" * 40)
    os.environ["DATABASE_URL"] = database_url
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    # Reindexing and mining run inline while seeding, as a worker would run them.
    os.environ["TASKS_BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartplatform.settings")
    os.environ["LOG_LEVEL"] = "WARNING"
    import django

    django.setup()


def run_phase(args) -> None:
    setup_django(args.database_url, args.workdir)
    from io import StringIO

    from django.core.management import call_command
    from django.db import connection

    from search.models import SearchEntry
    from search.queries import QueryError, search

    started = time.perf_counter()
    quiet = StringIO()
    if not args.reuse:
        call_command("migrate", verbosity=0)
        call_command("seed_demo", stdout=quiet)
    call_command("reindex_search", stdout=quiet)
    prepared = time.perf_counter() - started
    entries = {entry.id: item_key(entry.kind, entry.title, entry.document, entry.body)
               for entry in SearchEntry.objects.only("kind", "title", "document", "body")}
    queries = json.loads(SET_PATH.read_text(encoding="utf-8"))["queries"]
    rankings, timings = {}, []
    for query in queries:
        begun = time.perf_counter()
        try:
            results = search(query["query"], page_size=RECALL_AT)
        except QueryError:
            rankings[query["query"]] = []
            continue
        timings.append((time.perf_counter() - begun) * 1000)
        rankings[query["query"]] = [entries.get(item.entry_id, f"? {item.title}")
                                    for item in results.items]
    judged_keys = {key for query in queries for group in query["relevant"]
                   for key in group["items"]}
    absent = sorted(judged_keys - set(entries.values()))
    print(json.dumps({"vendor": connection.vendor, "entries": len(entries),
                      "prepare_s": round(prepared, 1), "rankings": rankings,
                      "median_ms": round(statistics.median(timings), 1), "absent": absent}))


# --- the report ------------------------------------------------------------------------------

def report(queries: list[dict], results: dict[str, dict], per_query: bool) -> None:
    types = list(dict.fromkeys(query["type"] for query in queries)) + ["all"]
    scores: dict[str, dict[str, list[tuple[float, float]]]] = {}
    for label, result in results.items():
        table = defaultdict(list)
        for query in queries:
            ranked = result["rankings"].get(query["query"], [])
            pair = (ndcg(ranked, query), recall(ranked, query))
            table[query["type"]].append(pair)
            table["all"].append(pair)
        scores[label] = table
    print(f"\n{len(queries)} queries; nDCG@{NDCG_AT} / recall@{RECALL_AT} (copies count once)")
    print("type".ljust(20) + "queries".rjust(8) + "".join(label.rjust(16) for label in results))
    for kind in types:
        count = len(scores[next(iter(scores))][kind])
        cells = []
        for label in results:
            pairs = scores[label][kind]
            cells.append(f"{statistics.mean(p[0] for p in pairs):.3f} / "
                         f"{statistics.mean(p[1] for p in pairs):.3f}")
        print(kind.ljust(20) + str(count).rjust(8) + "".join(c.rjust(16) for c in cells))
    if per_query:
        print("\nper query: nDCG / recall" + "".join(label.rjust(16) for label in results))
        for query in queries:
            cells = [f"{ndcg(r['rankings'].get(query['query'], []), query):.2f} / "
                     f"{recall(r['rankings'].get(query['query'], []), query):.2f}"
                     for r in results.values()]
            print(query["query"][:36].ljust(36) + "".join(c.rjust(16) for c in cells))
    for label, result in results.items():
        if result["absent"]:  # the demo content changed: the judgments need a look
            print(f"\n{label}: {len(result['absent'])} judged items are not in the index, "
                  f"e.g. {result['absent'][0]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workdir", type=Path, default=ROOT / "var" / "bench-relevance")
    parser.add_argument("--pg-url", default=os.environ.get(
        "BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/bench_relevance"))
    parser.add_argument("--skip-pg", action="store_true")
    parser.add_argument("--reuse", action="store_true",
                        help="the databases of an earlier run, with their index rebuilt")
    parser.add_argument("--per-query", action="store_true", help="figures of every query")
    parser.add_argument("--save", type=Path, help="write the rankings to this JSON file")
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        run_phase(args)
        return

    started = time.perf_counter()
    args.workdir.mkdir(parents=True, exist_ok=True)
    sqlite_path = args.workdir / "relevance.sqlite3"
    if not args.reuse:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{sqlite_path}{suffix}").unlink(missing_ok=True)
    phases = [("sqlite", f"sqlite:///{sqlite_path}")]
    if not args.skip_pg:
        if not args.reuse:
            import psycopg

            base, _, name = args.pg_url.rpartition("/")
            with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
                admin.execute(f'CREATE DATABASE "{name}"')
        phases.append(("pg", args.pg_url))
    results = {}
    for label, url in phases:
        print(f"[{time.perf_counter() - started:5.0f} s] {label}: "
              f"{'reindexing' if args.reuse else 'seeding the demo'} and searching …", flush=True)
        output = subprocess.run(
            [sys.executable, __file__, "--phase", label, "--database-url", url,
             "--workdir", str(args.workdir)] + (["--reuse"] if args.reuse else []),
            check=True, capture_output=True, text=True)
        results[label] = json.loads(output.stdout.strip().splitlines()[-1])
        info = results[label]
        print(f"        {info['entries']} entries, prepared in {info['prepare_s']} s, "
              f"median search {info['median_ms']} ms", flush=True)
    queries = json.loads(SET_PATH.read_text(encoding="utf-8"))["queries"]
    report(queries, results, args.per_query)
    if args.save:
        args.save.write_text(json.dumps({label: r["rankings"] for label, r in results.items()},
                                        ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
