"""Run the day's e-mail notices now: each kind posts its daily notices (the closing
deadlines of followed calls) and the daily digests go out.

For installations that schedule it with cron instead of letting a standing worker start it
(NOTICES_DAILY_HOUR empty), e.g. `0 7 * * * manage.py send_notices`. A day already run (by a
worker or by cron) is not run again unless --again is given; a notice is sent once however
often it runs.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import timezone

from accounts import notifications


class Command(BaseCommand):
    help = "Post the day's deadline notices and send the daily digests."

    def add_arguments(self, parser):
        parser.add_argument("--again", action="store_true",
                            help="run even if today's run has been done already")

    def handle(self, *args, again: bool, **options):
        today = timezone.localdate()
        talk = options.get("verbosity", 1) > 0
        if not notifications.claim_day(today) and not again:
            if talk:
                self.stdout.write(f"The notices of {today.isoformat()} have been run already.")
            return
        counts = notifications.daily_run(today)
        if talk:
            summary = ", ".join(f"{name}: {count}" for name, count in counts.items())
            self.stdout.write(f"Notices of {today.isoformat()} – {summary}")
