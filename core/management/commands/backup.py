"""Write the whole platform — database and stored files — to one archive."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, backup


class Command(BaseCommand):
    help = ("Back up the database and every stored file into one archive (tar; gzip when "
            "the name ends in .gz). Safe while the platform runs.")

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="the archive to write, e.g. "
                                                    "smart-2026-05-01.tar.gz")

    def handle(self, *args, path: Path, **options):
        verbose = options.get("verbosity", 1) > 0
        try:
            summary = backup(path, progress=self.stdout.write if verbose else None)
        except BackupError as error:
            raise CommandError(str(error)) from error
        if verbose:
            self.stdout.write(self.style.SUCCESS(
                f"Backed up {sum(summary.records.values())} records and {summary.files} "
                f"files ({summary.bytes:,} bytes) to {path}."))
