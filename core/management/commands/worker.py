"""Run queued background tasks (extraction, mining …) from the database queue."""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run queued tasks; --burst exits when the queue is empty."

    def add_arguments(self, parser):
        parser.add_argument("--burst", action="store_true",
                            help="process everything queued, then exit")
        parser.add_argument("--interval", type=float, default=1.0,
                            help="seconds between polls of an empty queue")
        parser.add_argument("--queue", default="default")

    def handle(self, *args, burst: bool, interval: float, queue: str, **options):
        # Documents left half-processed by a worker that died are queued again first.
        try:
            from mining.services import requeue_stale
        except ImportError:
            pass
        else:
            requeued = requeue_stale()
            if requeued:
                self.stdout.write(f"{requeued} interrupted document(s) queued again.")
        call_command("db_worker", batch=burst, interval=interval, queue_name=queue,
                     startup_delay=False, reload=False, verbosity=options.get("verbosity", 1))
