"""Background tasks of document mining (run by `manage.py worker`) and their queueing.

The task and its queueing live here together: this module imports ``services`` (the task
body) and nothing in mining imports it back. Apps that store files (strategies) queue them
with ``enqueue_file``.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import task
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from . import files, services
from .models import PIPELINE_VERSION, Extraction


@task()
def process_extraction(extraction_id: int) -> str:
    extraction = services.process(extraction_id)
    return extraction.status if extraction else "skipped"


def enqueue_file(sha256: str) -> Extraction:
    """Make sure the stored file with these bytes gets (or has) an extraction."""
    extraction, created = Extraction.objects.get_or_create(sha256=sha256)
    if created:
        _enqueue(extraction)
    return extraction


def _enqueue(extraction: Extraction) -> None:
    Extraction.objects.filter(pk=extraction.pk).update(
        status=Extraction.Status.QUEUED, progress=0, stage="", queued_at=timezone.now(),
        interruptions=0, interrupted_at=None)
    transaction.on_commit(lambda: process_extraction.enqueue(extraction.pk))


def reprocess(*, only_outdated: bool = False, failed_only: bool = False) -> int:
    """Queue stored files again after a pipeline or model change; returns how many."""
    extractions = Extraction.objects.all()
    if only_outdated:
        extractions = extractions.exclude(pipeline_version=PIPELINE_VERSION,
                                          model_version=services.model_version())
    if failed_only:
        extractions = extractions.filter(status=Extraction.Status.FAILED)
    count = 0
    for extraction in extractions:
        _enqueue(extraction)
        count += 1
    return count


def _extractions_with_a_live_task() -> set[int]:
    """Extractions some queued or running task will still process."""
    live = DBTaskResult.objects.filter(
        task_path=services.TASK_PATH,
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]).values_list(
        "args_kwargs", flat=True)
    return {args["args"][0] for args in live if (args or {}).get("args")}


def requeue_stale(older_than: timedelta = timedelta(minutes=1)) -> int:
    """Queue again what no task will process any more: extractions left queued or
    processing whose task is gone (failed outright, lost with a restored backup…), and stored
    files that never got queued (e.g. the queue was unreachable at upload).

    A task whose worker died is not lost: its lease runs out and a live worker re-queues it
    (`core.leases`), so a long document still being processed is never queued twice."""
    known = set(Extraction.objects.values_list("sha256", flat=True))
    for sha256 in sorted(files.hashes() - known):
        enqueue_file(sha256)
    cutoff = timezone.now() - older_than
    waiting = Extraction.objects.filter(
        status__in=[Extraction.Status.QUEUED, Extraction.Status.PROCESSING],
        queued_at__lt=cutoff)
    if not waiting.exists():
        return 0
    live = _extractions_with_a_live_task()
    stale = [extraction for extraction in waiting if extraction.pk not in live]
    for extraction in stale:
        _enqueue(extraction)
    return len(stale)
