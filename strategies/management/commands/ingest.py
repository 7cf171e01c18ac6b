"""Bulk-load a folder of strategy documents for one owner unit, with progress."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from mining.models import Extraction
from strategies import services
from strategies.models import Strategy
from territory.models import TerritorialUnit

SUFFIXES = {".pdf", ".docx", ".odt", ".html", ".htm", ".txt", ".rtf"}


class Command(BaseCommand):
    help = ("Upload files (or folders of files) as documents of a strategy of the owner unit; "
            "--wait returns when processing has finished.")

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument("--owner", required=True, help="official code of the owner unit")
        parser.add_argument("--strategy", type=int, help="id of the strategy (default: the "
                            "owner's newest strategy, or a new draft one)")
        parser.add_argument("--as", dest="actor", default="",
                            help="e-mail of the acting user (default: first administrator)")
        parser.add_argument("--wait", action="store_true",
                            help="process the queue in this process until it is empty")

    def handle(self, *args, paths, owner, strategy, actor, wait, **options):
        unit = TerritorialUnit.objects.filter(code=owner).first()
        if unit is None:
            raise CommandError(f"No territorial unit has the code {owner}.")
        user = (User.objects.filter(email=actor).first() if actor else
                User.objects.filter(is_superuser=True).order_by("pk").first())
        if user is None:
            raise CommandError("No acting user: pass --as EMAIL or create an administrator.")
        files = self._files(paths)
        if not files:
            raise CommandError("No PDF, DOCX, ODT, HTML, RTF or TXT files found.")
        target = self._strategy(strategy, unit, user)
        succeeded, failed = [], []
        for number, path in enumerate(files, start=1):
            self._bar(number, len(files), path.name)
            try:
                with path.open("rb") as handle:
                    services.upload_document(user, target, File(handle, name=path.name),
                                                      part="full", title=path.stem)
                succeeded.append(path)
            except (ValidationError, PermissionDenied, OSError) as error:
                message = " ".join(getattr(error, "messages", [str(error)]))
                failed.append((path, message))
        sys.stderr.write("\n")
        self.stdout.write(f"Uploaded {len(succeeded)} of {len(files)} files to strategy "
                          f"{target.pk} ({target.title}).")
        for path, message in failed:
            self.stdout.write(f"  refused {path}: {message}")
        if wait:
            self._wait(files, target)

    def _files(self, paths: list[Path]) -> list[Path]:
        found: list[Path] = []
        for path in paths:
            if path.is_dir():
                found += sorted(p for p in path.rglob("*")
                                if p.is_file() and p.suffix.lower() in SUFFIXES)
            elif path.is_file():
                found.append(path)
            else:
                raise CommandError(f"{path} does not exist.")
        return found

    def _strategy(self, strategy_id, unit, user):
        if strategy_id:
            target = Strategy.objects.filter(pk=strategy_id, owners=unit).first()
            if target is None:
                raise CommandError(f"Strategy {strategy_id} does not belong to {unit.name}.")
            return target
        target = Strategy.objects.filter(owners=unit).order_by("-updated_at").first()
        if target is not None:
            return target
        level = "regional" if unit.kind == "kraj" else "municipal"
        return services.create_strategy(user, services.StrategyData(
            title=f"Dokumenty – {unit.name}", owners=[unit], level=level,
            strategy_type="other"))

    def _bar(self, done: int, total: int, label: str) -> None:
        width = 30
        filled = int(width * done / total)
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} "
                         f"{label[:40]:<40}")
        sys.stderr.flush()

    def _wait(self, files, target) -> None:
        call_command("worker", burst=True, verbosity=0)
        hashes = set(target.documents.values_list("versions__sha256", flat=True))
        extractions = Extraction.objects.filter(sha256__in=hashes)
        counts: dict[str, int] = {}
        for extraction in extractions:
            counts[extraction.status] = counts.get(extraction.status, 0) + 1
        self.stdout.write("Processing: " + ", ".join(f"{n} {s}" for s, n in
                                                     sorted(counts.items())))
        for extraction in extractions.filter(status=Extraction.Status.FAILED):
            names = ", ".join(target.documents.filter(versions__sha256=extraction.sha256)
                              .values_list("title", flat=True))
            self.stdout.write(f"  failed {names}: {extraction.reason_en}")
