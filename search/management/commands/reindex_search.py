"""Rebuild the search index from the records (idempotent; safe to rerun at any time)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from search import registry, services


class Command(BaseCommand):
    help = ("Reindex every record of every searchable source the apps register (published "
            "strategies with their structure and document passages, public project "
            "intentions, funding calls …).")

    def add_arguments(self, parser):
        parser.add_argument("--source", action="append", default=[], metavar="KEY",
                            help="only this source key, e.g. strategy:12 (repeatable)")

    def handle(self, *args, **options):
        if options["source"]:
            for key in options["source"]:
                try:
                    written = services.reindex_source(key)
                except registry.UnknownSource as error:
                    raise CommandError(str(error)) from None
                self.stdout.write(f"{key}: {written} entries written")
            return

        def progress(done: int, total: int) -> None:
            if done == total or done % 50 == 0:
                self.stdout.write(f"  {done}/{total} records")

        summary = services.rebuild_index(progress)
        # Sources with records only ("0 calls" says nothing).
        counts = "".join(f"{count} {plural}, " for plural, count in summary["sources"].items()
                         if count)
        self.stdout.write(self.style.SUCCESS(
            "Search index rebuilt: {counts}{written} entries written, {removed} removed, "
            "{entries} in the index.".format(counts=counts, **summary)))
