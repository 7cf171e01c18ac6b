"""Leases on running tasks (`core.leases`) as a document's processing sees them.

The crash test with real processes is in `test_worker_recovery.py`; these check each rule on
its own: a live lease is left alone, an expired one is taken over exactly once, repeated
deaths give the document up with a reason, a replaced run cannot write its result nor finish
its task, expiry follows the database's clock, and a hung run loses its lease.

Leases expire by the database's clock, so the tests age what is stored (`elapse`) rather than
moving this process's clock.
"""

from __future__ import annotations

import datetime as dt
import time

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation

from core import leases
from core.models import TaskLease
from mining import services
from mining.models import Extraction, Passage
from mining.pipeline import process_document
from portal.management.commands.worker import Heartbeat, LeasedWorker
from strategies import services as strategy_services
from strategies.tests.factories import make_strategy

from .conftest import make_pdf
from .processes import shared_database, start_worker, stop, wait_until, worker_environment
from .test_integration import STRATEGY_PAGES

pytestmark = pytest.mark.django_db(transaction=True)


def uploaded(editor):
    strategy = make_strategy(editor)
    upload = strategy_services.upload_document(
        editor, strategy, SimpleUploadedFile("plan.pdf", make_pdf(STRATEGY_PAGES)))
    return upload.version, Extraction.objects.get(sha256=upload.version.sha256)


def die_half_way(extraction, worker_id: str):
    """What a worker does before it is killed: claims the task, takes the lease, starts."""
    from django_tasks_db.models import DBTaskResult

    task = DBTaskResult.objects.ready().get()
    task.claim(worker_id)
    leases.acquire(task.pk, worker_id, seconds=40)
    services._claim(extraction.pk)
    Extraction.objects.filter(pk=extraction.pk).update(progress=24)
    return task


def elapse(seconds: float) -> None:
    """As if `seconds` had passed on the database's clock: leases and run starts age."""
    from django_tasks_db.models import DBTaskResult

    delta = dt.timedelta(seconds=seconds)
    TaskLease.objects.update(expires_at=F("expires_at") - delta)
    DBTaskResult.objects.filter(started_at__isnull=False).update(
        started_at=F("started_at") - delta)


def leased_worker(worker_id: str, *, max_runtime: float = 1800.0) -> LeasedWorker:
    return LeasedWorker(queue_names=["default"], interval=0.1, batch=True,
                        backend_name="default", startup_delay=False, max_tasks=None,
                        excluded_queue_names=[], worker_id=worker_id,
                        lease_seconds=leases.LEASE_SECONDS, max_attempts=leases.MAX_ATTEMPTS,
                        max_runtime=max_runtime)


def document_html(client, editor, version, language: str) -> str:
    client.force_login(editor)
    with translation.override(language):
        url = reverse("strategies:document", kwargs={"pk": version.document_id})
    return client.get(url).content.decode()


def test_a_live_lease_is_left_alone_and_an_expired_one_taken_over_once(editor, media, client):
    from django_tasks_db.models import DBTaskResult

    version, extraction = uploaded(editor)
    task = die_half_way(extraction, "dead-worker")
    elapse(30)
    assert leases.requeue_expired() == []  # still within its lease
    assert DBTaskResult.objects.get().status == "RUNNING"
    elapse(15)
    taken = leases.requeue_expired()
    assert [(t.task_id, t.gave_up) for t in taken] == [(str(task.pk), False)]
    assert leases.requeue_expired() == []  # exactly one worker takes it over
    task.refresh_from_db()
    extraction.refresh_from_db()
    assert task.status == "READY"
    assert (extraction.status, extraction.progress, extraction.interruptions) == ("queued", 0, 1)
    assert "being processed again, attempt 2" in document_html(client, editor, version, "en")
    call_command("worker", burst=True, verbosity=0)
    extraction.refresh_from_db()
    assert extraction.status in ("done", "partial") and extraction.attempts == 2
    assert extraction.passage_count == Passage.objects.count() > 0
    assert "being processed again" not in document_html(client, editor, version, "en")


def test_a_task_claimed_without_a_lease_is_taken_over_after_the_lease_time(editor, media):
    from django_tasks_db.models import DBTaskResult

    _version, extraction = uploaded(editor)
    DBTaskResult.objects.ready().get().claim("worker-without-leases")
    elapse(leases.LEASE_SECONDS - 5)
    assert leases.requeue_expired() == []
    elapse(6)
    assert len(leases.requeue_expired()) == 1
    assert DBTaskResult.objects.get().status == "READY"


def test_a_document_that_stops_every_worker_is_given_up_with_a_reason(editor, media, client):
    from django_tasks_db.models import DBTaskResult

    version, extraction = uploaded(editor)
    for attempt in range(1, leases.MAX_ATTEMPTS + 1):
        die_half_way(extraction, f"worker-{attempt}")
        elapse(leases.LEASE_SECONDS + 1)
        [taken] = leases.requeue_expired()
        assert taken.gave_up == (attempt == leases.MAX_ATTEMPTS)
    extraction.refresh_from_db()
    assert extraction.status == "failed" and extraction.reason_code == "interrupted"
    assert "interrupted 3 times" in extraction.reason_en and "3×" in extraction.reason_cs
    assert DBTaskResult.objects.get().status == "FAILED"
    assert "interrupted 3 times" in document_html(client, editor, version, "en")
    # The queue is empty: a worker has nothing left to retry.
    call_command("worker", burst=True, verbosity=0)
    assert Extraction.objects.get(pk=extraction.pk).status == "failed"


def test_a_replaced_run_cannot_write_its_result(editor, media):
    _version, extraction = uploaded(editor)
    first = services._claim(extraction.pk)
    second = services._claim(extraction.pk)  # the run that took over
    result = process_document(make_pdf(STRATEGY_PAGES))
    services.store_result(extraction.pk, result, first.attempts)
    assert Passage.objects.count() == 0
    assert Extraction.objects.get(pk=extraction.pk).status == "processing"
    services._progress_reporter(extraction.pk, first.attempts)("classify", 1, 1)
    assert Extraction.objects.get(pk=extraction.pk).stage == "extract"
    services.store_result(extraction.pk, result, second.attempts)
    assert Passage.objects.count() == len(result.passages)
    assert Extraction.objects.get(pk=extraction.pk).status in ("done", "partial")


def test_a_document_whose_task_is_gone_is_queued_again_by_the_next_worker(editor, media):
    from django_tasks_db.models import DBTaskResult

    _version, extraction = uploaded(editor)
    services._claim(extraction.pk)
    DBTaskResult.objects.all().delete()  # e.g. restored from a backup without the queue
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=2)):
        call_command("worker", burst=True, verbosity=0)  # queues it on start
    call_command("worker", burst=True, verbosity=0)
    assert Extraction.objects.get(pk=extraction.pk).status in ("done", "partial")


def test_the_heartbeat_keeps_a_long_document_with_its_worker(editor, media, tmp_path):
    """A document taking several lease periods is not taken from a live worker."""
    from django_tasks_db.models import DBTaskResult

    with shared_database(tmp_path) as database_url:
        _version, extraction = uploaded(editor)
        log = tmp_path / "worker.log"
        worker = start_worker(worker_environment(database_url, media), log,
                              "--lease", "2", "--heartbeat", "0.5", "--interval", "0.2",
                              slow_page_seconds=2.0)
        try:
            deadline = 25
            wait_until(lambda: (leases.requeue_expired(lease_seconds=2) and False)
                       or Extraction.objects.filter(pk=extraction.pk,
                                                    status__in=["done", "partial"]).exists(),
                       timeout=deadline, what="the worker to finish", logs=[log],
                       workers=[worker])
        finally:
            stop(worker)
        extraction.refresh_from_db()
        assert extraction.attempts == 1 and extraction.interruptions == 0
        assert len(DBTaskResult.objects.get().worker_ids) == 1


@pytest.mark.parametrize("outcome", ["returns", "raises"])
def test_a_worker_that_lost_its_lease_does_not_finish_the_task(editor, media, monkeypatch,
                                                                outcome):
    """Worker A stalls past its lease, B takes the task over; A coming back to life (with a
    result or an error) leaves the task to B, which is still running it and finishes it."""
    from django_tasks_db.models import DBTaskResult

    _version, extraction = uploaded(editor)
    real_process = services.process

    def stalled_past_its_lease(extraction_id):
        services._claim(extraction_id)
        elapse(leases.LEASE_SECONDS + 1)
        assert len(leases.requeue_expired()) == 1
        replacement = DBTaskResult.objects.ready().get()
        replacement.claim("worker-b")
        leases.acquire(replacement.pk, "worker-b")
        if outcome == "raises":
            raise RuntimeError("the parser gave up")
        return None

    monkeypatch.setattr(services, "process", stalled_past_its_lease)
    task = DBTaskResult.objects.ready().get()
    task.claim("worker-a")
    leased_worker("worker-a").run_task(task)
    task = DBTaskResult.objects.get()
    assert (task.status, task.worker_ids) == ("RUNNING", ["worker-a", "worker-b"])
    assert TaskLease.objects.get().worker_id == "worker-b"
    # Were B to die now, its task would be taken over like any other.
    elapse(leases.LEASE_SECONDS + 1)
    assert [t.task_id for t in leases.requeue_expired(max_attempts=5)] == [str(task.pk)]

    monkeypatch.setattr(services, "process", real_process)
    task = DBTaskResult.objects.ready().get()
    task.claim("worker-b")
    leased_worker("worker-b").run_task(task)
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert Extraction.objects.get(pk=extraction.pk).status in ("done", "partial")


def test_lease_expiry_follows_the_database_clock_not_the_workers(editor, media):
    _version, extraction = uploaded(editor)
    with time_machine.travel(timezone.now() - dt.timedelta(minutes=10)):  # a slow clock
        task = die_half_way(extraction, "slow-clock-worker")
        assert leases.renew(task.pk, "slow-clock-worker")
    assert leases.requeue_expired() == []  # a worker with the right clock sees it live
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=10)):  # a fast clock
        assert leases.requeue_expired() == []
    elapse(leases.LEASE_SECONDS + 1)
    assert [t.task_id for t in leases.requeue_expired()] == [str(task.pk)]


def run_hanging(monkeypatch, worker: LeasedWorker, *, hangs_for: float) -> None:
    """Run the queued task on `worker`; its parser hangs, the heartbeat beats meanwhile as the
    lease is about to run out."""
    from django_tasks_db.models import DBTaskResult

    heart = Heartbeat(worker, every=leases.HEARTBEAT_SECONDS)

    def hanging(extraction_id):
        services._claim(extraction_id)
        time.sleep(hangs_for)
        elapse(leases.LEASE_SECONDS - 1)
        heart.beat()
        elapse(2)
        heart.beat()
        return None

    monkeypatch.setattr(services, "process", hanging)
    task = DBTaskResult.objects.ready().get()
    task.claim(worker.worker_id)
    worker.run_task(task)


def test_a_slow_run_within_its_maximum_time_keeps_its_task(editor, media, monkeypatch):
    from django_tasks_db.models import DBTaskResult

    uploaded(editor)
    run_hanging(monkeypatch, leased_worker("worker-1", max_runtime=60), hangs_for=0)
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_a_hung_run_loses_its_task_after_the_maximum_time_and_is_given_up(
        editor, media, monkeypatch, client):
    from django_tasks_db.models import DBTaskResult

    version, extraction = uploaded(editor)
    for attempt in range(1, leases.MAX_ATTEMPTS + 1):
        run_hanging(monkeypatch, leased_worker(f"worker-{attempt}", max_runtime=0.05),
                    hangs_for=0.1)
        expected = "FAILED" if attempt == leases.MAX_ATTEMPTS else "READY"
        assert DBTaskResult.objects.get().status == expected
    extraction.refresh_from_db()
    assert extraction.status == "failed" and extraction.reason_code == "interrupted"
    assert "interrupted 3 times" in document_html(client, editor, version, "en")
