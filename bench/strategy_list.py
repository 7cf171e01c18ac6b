"""How quickly the strategy registry lists 10,000 strategies (issue 3).

    DEBUG=1 .venv/bin/python bench/strategy_list.py [--strategies 10000] [--repeat 20]

Builds a throw-away SQLite database (or uses DATABASE_URL when set, in a fresh test
database), fills it with N published strategies spread over real municipalities, then
times the public list page, a faceted list page and the API list, each against the
baseline of the bare paginated query (`Strategy.objects.order_by(...)[:25]` with
`count()`) measured in the same run. Prints median milliseconds, the ratio to the baseline
(The number of SQL queries per list request is constant whatever N is; the
tests assert that.)
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartplatform.settings")
if "DATABASE_URL" not in os.environ:
    os.environ["VAR_DIR"] = tempfile.mkdtemp(prefix="smart-bench-")


def median_ms(action, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--strategies", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=20)
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

    from concept.models import KeyArea
    from strategies.models import Strategy
    from territory.models import TerritorialUnit

    started = time.perf_counter()
    towns = list(TerritorialUnit.objects.filter(kind="obec").order_by("code"))
    areas = list(KeyArea.objects.all())
    types = ["smart_city", "strategic_plan", "development_programme", "action_plan", "sump"]
    batch = []
    for index in range(args.strategies):
        batch.append(Strategy(title=f"Strategie {index:05d} {towns[index % len(towns)].name}",
                              summary="Rozvoj dopravy, energetiky a digitalizace obce.",
                              level="municipal", strategy_type=types[index % len(types)],
                              status="valid", valid_from=2020 + index % 5,
                              valid_to=2027 + index % 5, state="published"))
    for strategy in batch:  # save() fills the derived search and sort columns
        strategy.search_text = f"{strategy.title} {strategy.summary}".lower()
        from core.text import czech_sort_bytes

        strategy.sort_key = czech_sort_bytes(strategy.title)
    Strategy.objects.bulk_create(batch, batch_size=1000)
    ids = list(Strategy.objects.values_list("pk", flat=True))
    owner_links = [Strategy.owners.through(strategy_id=pk,
                                           territorialunit_id=towns[i % len(towns)].pk)
                   for i, pk in enumerate(ids)]
    Strategy.owners.through.objects.bulk_create(owner_links, batch_size=2000)
    area_links = [Strategy.areas.through(strategy_id=pk, keyarea_id=areas[i % 16].pk)
                  for i, pk in enumerate(ids)]
    Strategy.areas.through.objects.bulk_create(area_links, batch_size=2000)
    print(f"{connection.vendor}: {len(ids):,} strategies created in "
          f"{time.perf_counter() - started:.1f} s")

    client = Client()

    def baseline():
        list(Strategy.objects.order_by("sort_key")[:25])
        Strategy.objects.count()

    cases = {
        "list page": lambda: client.get("/cs/strategie/"),
        "list page, 2 facets + text": lambda: client.get(
            "/cs/strategie/", {"kraj": "CZ031", "type": "smart_city", "q": "strategie"}),
        "list page 200": lambda: client.get("/cs/strategie/", {"page": 200}),
        "API list": lambda: client.get("/api/v1/strategies"),
        "API list, area + valid_in": lambda: client.get(
            "/api/v1/strategies", {"area": "C4", "valid_in": 2026}),
    }
    for action in cases.values():
        action()  # warm caches
    base = median_ms(baseline, args.repeat)
    print(f"{'case':32} {'median ms':>10} {'× baseline':>11}")
    print(f"{'baseline: bare page + count':32} {base:10.1f} {1:11.1f}")
    for name, action in cases.items():
        assert action().status_code == 200, name
        ms = median_ms(action, args.repeat)
        print(f"{name:32} {ms:10.1f} {ms / base:11.1f}")


if __name__ == "__main__":
    main()
