"""Precision of matching intentions and funding calls on the judged set (issue 12).

    DEBUG=1 .venv/bin/python bench/matching.py

Builds a throw-away SQLite database (or uses DATABASE_URL when set, in a fresh test
database), loads the reference data the tests use, writes the calls and intentions of
funding/data/judged_pairs.json through the services and ranks the calls for every
intention exactly as the intention's pages do (funding.queries.matching_calls). Prints,
per intention, the first three calls (an unjudged pair is marked "?" and counts as not
fitting), the precision of the top 3 and the share of fitting calls found there.
`--explain KEY` also prints every call ranked for that intention with the points per
criterion (and the calls it would reach too late).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartplatform.settings")
if "DATABASE_URL" not in os.environ:
    os.environ["VAR_DIR"] = tempfile.mkdtemp(prefix="smart-bench-")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--explain", action="append", default=[], metavar="KEY",
                        help="print the whole ranking of this intention (key in the set)")
    args = parser.parse_args()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    if "DATABASE_URL" in os.environ:
        connection.creation.create_test_db(verbosity=0)
    else:
        call_command("migrate", verbosity=0)

    from accounts.models import Role
    from accounts.services import create_user
    from concept.reference import read_concept
    from concept.services import load_concept, load_vocabularies
    from funding import evaluation
    from funding.queries import matching_calls
    from territory.reference import read_reference
    from territory.services import load_official_units

    load_official_units(read_reference(ROOT / "territory" / "tests" / "data"))
    load_concept(read_concept())
    load_vocabularies()
    admin = create_user("bench-admin@example.cz", "bench-Heslo-77", is_staff=True)
    admin.memberships.create(role=Role.ADMINISTRATOR)
    today = dt.date.today()
    data = evaluation.load()
    _calls, intentions = evaluation.create_records(admin, data, today)
    report = evaluation.evaluate(data, intentions,
                                 lambda intention: matching_calls(intention, today))
    print(f"{len(data['judgements'])} judged pairs, {len(intentions)} intentions, "
          f"{len(data['calls'])} calls")
    for line in report.lines():
        print(line)
    judged = evaluation.judgements(data)
    for key in args.explain:
        intention = intentions[key]
        print(f"\n{key}: {intention.title}")
        for late in (False, True):
            for call, match in matching_calls(intention, today, too_late=late):
                fits = judged.get((key, call.identifier), (None, ""))[0]
                points = " ".join(f"{r.criterion}={r.points}" for r in match.reasons)
                print(f"  {'late ' if late else ''}{match.score:3} {call.identifier:18} "
                      f"judged={fits}  {points}")


if __name__ == "__main__":
    main()
