"""Leases on running background tasks: a worker's heartbeat, and taking over from dead ones.

A worker holds a lease on the task it runs and renews it every few seconds (`renew`). When a
worker dies without finishing — killed, out of memory, its machine gone — its lease runs out
and any live worker puts the task back in the queue (`requeue_expired`); after
`MAX_ATTEMPTS` interrupted runs the task is marked failed instead, so one file that kills
every worker cannot keep the queue busy forever. Apps learn about both through the
`task_requeued` signal (sent inside the transaction that re-queues, so what they record
commits with it). Tasks must be idempotent: a task taken over runs again from the start.

A run that lost its lease cannot record its outcome (`finish`): the task belongs to the worker
that took it over. A run that exceeds `MAX_RUNTIME_SECONDS` (hung) is no longer renewed by its
worker's heartbeat, so it is taken over like a dead worker's and eventually given up.

Expiry is computed and compared with the database's clock (`Now()`), so workers on machines
whose clocks disagree still agree on which leases have run out. The one time a worker writes
with its own clock, the start of a task it claims (django-tasks-db sets `started_at`), is
compared with a worker's clock too: each time stamp against the clock that wrote it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import DateTimeField, ExpressionWrapper, Q
from django.db.models.functions import Now
from django.dispatch import Signal
from django.utils import timezone

from .models import TaskLease

log = logging.getLogger(__name__)

LEASE_SECONDS = 40.0
HEARTBEAT_SECONDS = 10.0
MAX_ATTEMPTS = 3
MAX_RUNTIME_SECONDS = 30 * 60.0

# Sent with task_path, args, kwargs, attempts (runs so far) and gave_up (True: marked failed).
task_requeued = Signal()


@dataclass(frozen=True)
class Requeued:
    task_id: str
    task_path: str
    attempts: int
    gave_up: bool


def _db_now_plus(seconds: float) -> ExpressionWrapper:
    """The database's current time shifted by `seconds` (no worker clock involved)."""
    return ExpressionWrapper(Now() + timedelta(seconds=seconds), output_field=DateTimeField())


def _expiry(seconds: float) -> ExpressionWrapper:
    return _db_now_plus(seconds)


def acquire(task_id: Any, worker_id: str, seconds: float = LEASE_SECONDS) -> None:
    """Take the lease on a task this worker has just claimed."""
    TaskLease.objects.update_or_create(task_id=task_id, defaults={
        "worker_id": worker_id, "expires_at": _expiry(seconds)})


def renew(task_id: Any, worker_id: str, seconds: float = LEASE_SECONDS) -> bool:
    """Extend this worker's lease; False when it was lost (another worker took the task)."""
    return bool(TaskLease.objects.filter(task_id=task_id, worker_id=worker_id)
                .update(expires_at=_expiry(seconds)))


def release(task_id: Any, worker_id: str) -> None:
    TaskLease.objects.filter(task_id=task_id, worker_id=worker_id).delete()


def finish(task_id: Any, worker_id: str, record: Callable[[], None]) -> bool:
    """Record a run's outcome (`record`) only while this worker still holds the task's lease.

    False, with nothing written, when the task was taken over meanwhile (the lease expired
    and another worker re-queued or runs it): its status is that run's to set. The task row is
    locked first, as `requeue_expired` does, so the two cannot interleave.
    """
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    with transaction.atomic():
        running = (DBTaskResult.objects.select_for_update()
                   .filter(pk=task_id, status=TaskResultStatus.RUNNING)
                   .values_list("pk", flat=True).first())
        if running is None or not TaskLease.objects.filter(
                task_id=task_id, worker_id=worker_id).exists():
            log.warning("task %s was taken over by another worker; this run's outcome is "
                        "not recorded", task_id)
            return False
        record()
    return True


def requeue_expired(*, lease_seconds: float = LEASE_SECONDS,
                    max_attempts: int = MAX_ATTEMPTS, limit: int = 100) -> list[Requeued]:
    """Put running tasks whose worker stopped renewing its lease back in the queue.

    A running task without any lease (its worker died between claiming it and taking the
    lease, or it was claimed by a worker without leases) counts as expired once it has
    been running for `lease_seconds`, by the worker clock that stamped its start. Safe to call from any number of workers at once: each
    task is taken over by exactly one of them.
    """
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    unleased_before = timezone.now() - timedelta(seconds=lease_seconds)
    expired = (Q(lease__expires_at__lt=Now())
               | Q(lease__isnull=True, started_at__lt=unleased_before))
    candidates = list(DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
                      .filter(expired).order_by().values_list("pk", flat=True)[:limit])
    taken: list[Requeued] = []
    for task_id in candidates:
        with transaction.atomic():
            task = (DBTaskResult.objects.select_for_update(skip_locked=True)
                    .filter(pk=task_id, status=TaskResultStatus.RUNNING).first())
            if task is None:
                continue  # finished meanwhile, or another worker is taking it over
            lease = TaskLease.objects.filter(task_id=task_id).first()
            if lease is None and not DBTaskResult.objects.filter(
                    pk=task_id, started_at__lt=unleased_before).exists():
                continue
            if lease is not None:
                # Conditional: a heartbeat that got in first keeps its task.
                removed, _ = TaskLease.objects.filter(task_id=task_id,
                                                      expires_at__lt=Now()).delete()
                if not removed:
                    continue
            attempts = len(task.worker_ids or [])
            gave_up = attempts >= max_attempts
            if gave_up:
                DBTaskResult.objects.filter(pk=task_id).update(
                    status=TaskResultStatus.FAILED, finished_at=Now(), return_value=None,
                    exception_class_path=f"{__name__}.WorkerLost",
                    traceback=f"The worker running this task stopped {attempts} times; "
                              "the task was given up.")
            else:
                DBTaskResult.objects.filter(pk=task_id).update(status=TaskResultStatus.READY)
            item = Requeued(str(task_id), task.task_path, attempts, gave_up)
            _announce(item, task.args_kwargs or {})
        taken.append(item)
        log.warning("task %s (%s) %s after its worker stopped (run %s)", task_id,
                    task.task_path, "given up" if gave_up else "queued again", attempts)
    return taken


class WorkerLost(Exception):
    """What a task given up after repeated worker deaths reports as its error."""


def _announce(item: Requeued, args_kwargs: dict) -> None:
    try:
        with transaction.atomic():  # a failing receiver rolls back only its own writes
            task_requeued.send(sender=Requeued, task_path=item.task_path,
                               args=list(args_kwargs.get("args") or []),
                               kwargs=dict(args_kwargs.get("kwargs") or {}),
                               attempts=item.attempts, gave_up=item.gave_up)
    except Exception:
        log.exception("a receiver of task_requeued failed for task %s", item.task_id)
