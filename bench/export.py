"""Streamed exports of a 100,000-row list (issue 14): memory and time to first byte.

    DEBUG=1 .venv/bin/python bench/export.py [--rows 100000]

Builds a throw-away SQLite database (or, with DATABASE_URL, a fresh test database), fills
it with N published strategies, each owned by a municipality and classified in a key area,
then asks the API for the whole list as CSV, CSV with semicolons, XLSX and JSON
(`/api/v1/strategies?format=…`) and reads each answer chunk by chunk as a client would.
Prints, per format: time to the first byte, total time, size, and the peak growth of the
process's resident memory while the answer was produced (sampled at every chunk), against
the baseline of reading the same rows' columns bare from the database
(`values_list(...).iterator()`), measured in the same run. Targets: first byte under 1 s,
memory growth under 100 MB.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartplatform.settings")
os.environ.setdefault("API_RATE_LIMIT_ANONYMOUS", "0")
if "DATABASE_URL" not in os.environ:
    os.environ["VAR_DIR"] = tempfile.mkdtemp(prefix="smart-bench-")


def rss_mb() -> float:
    """The process's resident memory now, in MB."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def fill(rows: int) -> None:
    from concept.models import KeyArea
    from core.text import czech_sort_bytes, fold
    from strategies.models import Strategy
    from territory.models import TerritorialUnit

    towns = list(TerritorialUnit.objects.filter(kind="obec").order_by("code")
                 .values_list("pk", "name"))
    areas = list(KeyArea.objects.values_list("pk", flat=True))
    types = ["smart_city", "strategic_plan", "development_programme", "action_plan", "sump"]
    owners, classified = Strategy.owners.through, Strategy.areas.through
    for start in range(0, rows, 5000):
        batch = []
        for index in range(start, min(rows, start + 5000)):
            title = f"Strategie {index:06d} {towns[index % len(towns)][1]}"
            summary = "Rozvoj dopravy, energetiky a digitalizace obce; =SUM(A1) zkouška."
            batch.append(Strategy(
                title=title, summary=summary, level="municipal",
                strategy_type=types[index % len(types)], status="valid",
                valid_from=2020 + index % 5, valid_to=2027 + index % 5, state="published",
                search_text=fold(f"{title} {summary}"), sort_key=czech_sort_bytes(title)))
        made = Strategy.objects.bulk_create(batch)
        owners.objects.bulk_create(
            owners(strategy_id=s.pk, territorialunit_id=towns[s.pk % len(towns)][0])
            for s in made)
        classified.objects.bulk_create(
            classified(strategy_id=s.pk, keyarea_id=areas[s.pk % len(areas)]) for s in made)


def measure(client, params: dict) -> tuple[float, float, int, float]:
    """(first byte s, total s, bytes, peak RSS growth MB) of one streamed export."""
    gc.collect()
    before = rss_mb()
    peak = before
    started = time.perf_counter()
    response = client.get("/api/v1/strategies", params)
    assert response.status_code == 200, response.status_code
    first = None
    size = 0
    for chunk in response.streaming_content:
        if first is None:
            first = time.perf_counter() - started
        size += len(chunk)
        peak = max(peak, rss_mb())
    response.close()
    return first or 0.0, time.perf_counter() - started, size, peak - before


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    if "DATABASE_URL" in os.environ:
        connection.creation.create_test_db(verbosity=0)
    else:
        call_command("migrate", verbosity=0)
    call_command("load_reference_data", verbosity=0)
    started = time.perf_counter()
    fill(args.rows)
    print(f"{args.rows:,} strategies generated in {time.perf_counter() - started:.1f} s "
          f"({connection.vendor})")

    from strategies.models import Strategy

    gc.collect()
    before = rss_mb()
    started = time.perf_counter()
    bare = sum(1 for _row in Strategy.objects.order_by("sort_key", "id").values_list(
        "pk", "title", "level", "strategy_type", "status", "state", "valid_from", "valid_to",
        "summary").iterator(chunk_size=2000))
    baseline = time.perf_counter() - started
    print(f"baseline: {bare:,} rows read bare in {baseline:.2f} s, "
          f"RSS growth {rss_mb() - before:.1f} MB")

    client = Client()
    # A web process has loaded its code before its first request (smartplatform.wsgi
    # imports the URLconf): one small request first, outside the measurement.
    assert client.get("/api/v1/strategies", {"page_size": 1}).status_code == 200
    print(f"{'format':<14}{'first byte':>12}{'total':>10}{'× baseline':>12}{'size':>12}"
          f"{'RSS growth':>13}")
    failed = False
    for name, params in (("csv", {"format": "csv"}),
                         ("csv semicolon", {"format": "csv", "sep": "semicolon"}),
                         ("xlsx", {"format": "xlsx"}), ("json", {"format": "json"})):
        first, total, size, growth = measure(client, params)
        ok = first < 1.0 and growth < 100
        failed |= not ok
        print(f"{name:<14}{first * 1000:>10.0f} ms{total:>8.1f} s{total / baseline:>11.1f}×"
              f"{size / 1e6:>9.1f} MB{growth:>10.1f} MB  {'ok' if ok else 'OVER TARGET'}")
    print("targets: first byte < 1 s, RSS growth < 100 MB")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
