"""Run queued background tasks (extraction, mining …) from the database queue.

Each worker holds a lease on the task it runs and renews it from a heartbeat thread; the same
thread re-queues tasks whose worker died (their lease ran out), so a killed worker's document
is taken over by any live worker within about a minute (`core.leases`). A task running longer
than --max-runtime is considered hung: its lease is no longer renewed, so another worker takes
it over, and a run that lost its lease does not record its outcome. The heartbeat of a standing
worker (not --burst) also starts the day's e-mail notice run once NOTICES_DAILY_HOUR has come
(`accounts.notifications`), in a thread of its own.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections, connections
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.compat import task_backends
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.utils import retry

from accounts import notifications
from core import leases
from mining.tasks import requeue_stale

log = logging.getLogger(__name__)


def _positive(value: str) -> float:
    number = float(value)
    if not 0 < number < 86400:
        raise ValueError(value)
    return number


def _at_least_one(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = "Run queued tasks; --burst exits when the queue is empty."

    def add_arguments(self, parser):
        parser.add_argument("--burst", action="store_true",
                            help="process everything queued, then exit")
        parser.add_argument("--interval", type=_positive, default=1.0,
                            help="seconds between polls of an empty queue")
        parser.add_argument("--queue", default="default")
        parser.add_argument("--lease", type=_positive, default=leases.LEASE_SECONDS,
                            help="seconds a task stays this worker's without a heartbeat "
                                 "(default %(default)s)")
        parser.add_argument("--heartbeat", type=_positive, default=leases.HEARTBEAT_SECONDS,
                            help="seconds between heartbeats and between checks for tasks "
                                 "of dead workers (default %(default)s)")
        parser.add_argument("--max-attempts", type=_at_least_one, default=leases.MAX_ATTEMPTS,
                            help="interrupted runs after which a task is given up "
                                 "(default %(default)s)")
        parser.add_argument("--max-runtime", type=_positive, default=leases.MAX_RUNTIME_SECONDS,
                            help="seconds after which a running task counts as hung: its lease "
                                 "is no longer renewed and another worker takes it over "
                                 "(default %(default)s)")

    def handle(self, *args, burst: bool, interval: float, queue: str, lease: float,
               heartbeat: float, max_attempts: int, max_runtime: float, **options):
        if not isinstance(task_backends["default"], DatabaseBackend):
            raise CommandError("The worker needs the database task backend "
                               "(TASKS_BACKEND=django_tasks_db.DatabaseBackend).")
        if heartbeat >= lease:
            raise CommandError("--heartbeat must be shorter than --lease.")
        verbosity = options.get("verbosity", 1)
        level = (logging.CRITICAL if verbosity == 0 else logging.INFO if verbosity == 1
                 else logging.DEBUG)
        for name in ("django_tasks", "django_tasks_db"):
            logging.getLogger(name).setLevel(level)

        taken = leases.requeue_expired(lease_seconds=lease, max_attempts=max_attempts)
        if taken and verbosity:
            self.stdout.write(f"{len(taken)} task(s) of stopped workers queued again.")
        # Documents whose task was lost altogether are queued again.
        requeued = requeue_stale()
        if requeued and verbosity:
            self.stdout.write(f"{requeued} interrupted document(s) queued again.")

        worker = LeasedWorker(
            queue_names=[queue], interval=interval, batch=burst, backend_name="default",
            startup_delay=False, max_tasks=None, excluded_queue_names=[],
            worker_id=f"{socket.gethostname()[:40]}-{os.getpid()}-{get_random_string(8)}",
            lease_seconds=lease, max_attempts=max_attempts, max_runtime=max_runtime)
        # A standing worker (not --burst) also starts the day's e-mail notice run.
        heart = Heartbeat(worker, every=heartbeat, daily_notices=not burst)
        heart.start()
        try:
            worker.configure_signals()
            worker.run()
        finally:
            heart.stop()
            worker.reset_signals()


class LeasedWorker(Worker):
    """django-tasks-db's worker, holding a lease on the task it runs."""

    def __init__(self, *, lease_seconds: float, max_attempts: int,
                 max_runtime: float = leases.MAX_RUNTIME_SECONDS, **options):
        super().__init__(**options)
        self.lease_seconds = lease_seconds
        self.max_attempts = max_attempts
        self.max_runtime = max_runtime
        self.current_task = None
        self.task_started = 0.0

    def run_task(self, db_task_result) -> None:
        leases.acquire(db_task_result.pk, self.worker_id, self.lease_seconds)
        # The outcome is recorded only while this worker still holds the lease.
        for name in ("set_successful", "set_failed"):
            setattr(db_task_result, name, self._guarded(db_task_result.pk,
                                                        getattr(db_task_result, name)))
        self.task_started = time.monotonic()
        self.current_task = db_task_result.pk
        try:
            super().run_task(db_task_result)
        finally:
            self.current_task = None
            leases.release(db_task_result.pk, self.worker_id)

    def _guarded(self, task_id, record):
        @retry()
        def guarded(*args, **kwargs) -> None:
            leases.finish(task_id, self.worker_id, lambda: record(*args, **kwargs))
        return guarded

    def overran(self) -> bool:
        """The running task has exceeded --max-runtime (hung, e.g. a parser in a loop)."""
        return time.monotonic() - self.task_started > self.max_runtime


def _daily_run(day) -> None:
    try:
        notifications.daily_run(day)
    except Exception:  # the pending notices wait for the next day's run
        log.exception("the e-mail notice run of %s failed", day)
    finally:
        connections.close_all()  # this thread's own connections


class Heartbeat(threading.Thread):
    """Renews the lease of the running task and takes over tasks of dead workers; with
    `daily_notices`, starts the day's e-mail notice run when it is due."""

    def __init__(self, worker: LeasedWorker, every: float, daily_notices: bool = False):
        super().__init__(name="worker-heartbeat", daemon=True)
        self.worker, self.every = worker, every
        self.runs_daily_notices = daily_notices
        self._stopped = threading.Event()
        self._reported_hung = None
        self._notices_day = None  # the last day this worker started or found taken

    def run(self) -> None:
        try:
            while not self._stopped.wait(self.every):
                self.beat()
        finally:
            connections.close_all()  # this thread's own connections

    def beat(self) -> None:
        try:
            close_old_connections()
            task = self.worker.current_task
            if task is not None and self.worker.overran():
                if self._reported_hung != task:  # no renewal: another worker takes it over
                    self._reported_hung = task
                    log.error("task %s has run longer than %s s; its lease is no longer "
                              "renewed (restart this worker if it stays stuck)", task,
                              self.worker.max_runtime)
            elif (task is not None and not leases.renew(task, self.worker.worker_id,
                                                        self.worker.lease_seconds)
                    and self.worker.current_task == task):
                log.warning("lost the lease on task %s; another worker runs it now", task)
            leases.requeue_expired(lease_seconds=self.worker.lease_seconds,
                                   max_attempts=self.worker.max_attempts)
            if self.runs_daily_notices:
                self.daily_notices()
        except Exception:  # the database may be briefly unreachable or locked: next beat
            log.exception("worker heartbeat failed")

    def daily_notices(self, now=None) -> threading.Thread | None:
        """Start the day's e-mail notice run (deadlines, digests) once NOTICES_DAILY_HOUR has
        come, in a thread of its own beside the tasks; the first worker to claim the day
        runs it, the others leave it."""
        hour = settings.NOTICES_DAILY_HOUR
        local = timezone.localtime(now)
        if hour is None or local.hour < hour or self._notices_day == local.date():
            return None
        claimed = notifications.claim_day(local.date())
        self._notices_day = local.date()
        if not claimed:
            return None
        run = threading.Thread(target=_daily_run, args=(local.date(),), name="daily-notices",
                               daemon=True)
        run.start()
        return run

    def stop(self) -> None:
        self._stopped.set()
        self.join(timeout=30)
