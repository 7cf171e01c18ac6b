"""Restore a backup written by `manage.py backup` into an empty database and storage."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, restore


class Command(BaseCommand):
    help = ("Restore a backup into a newly migrated, empty database (no records but those "
            "`migrate` creates) and an empty storage, "
            "then rebuild the search index. Checks the archive before changing anything.")

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="the archive written by `backup`")

    def handle(self, *args, path: Path, **options):
        verbose = options.get("verbosity", 1) > 0
        try:
            summary = restore(path, progress=self.stdout.write if verbose else None)
        except BackupError as error:
            raise CommandError(str(error)) from error
        if verbose:
            self.stdout.write(self.style.SUCCESS(
                f"Restored {sum(summary.records.values())} records and {summary.files} files "
                f"({summary.skipped_files} already in the storage). Start a worker to queue "
                "documents that were waiting for processing."))
