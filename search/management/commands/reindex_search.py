"""Rebuild the search index from the records (idempotent; safe to rerun at any time)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from search import services


class Command(BaseCommand):
    help = ("Reindex every published strategy (its structure and document passages) "
            "and every public project intention.")

    def add_arguments(self, parser):
        parser.add_argument("--strategy", type=int, action="append", default=[],
                            help="only this strategy id (repeatable)")

    def handle(self, *args, **options):
        if options["strategy"]:
            for strategy_id in options["strategy"]:
                written = services.reindex_strategy(strategy_id)
                self.stdout.write(f"strategy {strategy_id}: {written} entries written")
            return

        def progress(done: int, total: int) -> None:
            if done == total or done % 50 == 0:
                self.stdout.write(f"  {done}/{total} records")

        summary = services.rebuild_index(progress)
        self.stdout.write(self.style.SUCCESS(
            "Search index rebuilt: {strategies} strategies, {intentions} intentions, "
            "{written} entries written, {removed} removed, {entries} in the index."
            .format(**summary)))
