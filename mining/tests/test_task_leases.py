"""Leases on running tasks (`core.leases`) as a document's processing sees them.

The crash test with real processes is in `test_worker_recovery.py`; these check each rule on
its own: a live lease is left alone, an expired one is taken over exactly once, repeated
deaths give the document up with a reason, and a replaced run cannot write its result.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from core import leases
from mining import services
from mining.models import Extraction, Passage
from mining.pipeline import process_document
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


def document_html(client, editor, version, language: str) -> str:
    client.force_login(editor)
    with translation.override(language):
        url = reverse("strategies:document", kwargs={"pk": version.document_id})
    return client.get(url).content.decode()


def test_a_live_lease_is_left_alone_and_an_expired_one_taken_over_once(editor, media, client):
    from django_tasks_db.models import DBTaskResult

    version, extraction = uploaded(editor)
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        task = die_half_way(extraction, "dead-worker")
        clock.shift(dt.timedelta(seconds=30))
        assert leases.requeue_expired() == []  # still within its lease
        assert DBTaskResult.objects.get().status == "RUNNING"
        clock.shift(dt.timedelta(seconds=15))
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
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        DBTaskResult.objects.ready().get().claim("worker-without-leases")
        clock.shift(dt.timedelta(seconds=leases.LEASE_SECONDS - 1))
        assert leases.requeue_expired() == []
        clock.shift(dt.timedelta(seconds=2))
        assert len(leases.requeue_expired()) == 1
    assert DBTaskResult.objects.get().status == "READY"


def test_a_document_that_stops_every_worker_is_given_up_with_a_reason(editor, media, client):
    from django_tasks_db.models import DBTaskResult

    version, extraction = uploaded(editor)
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        for attempt in range(1, leases.MAX_ATTEMPTS + 1):
            die_half_way(extraction, f"worker-{attempt}")
            clock.shift(dt.timedelta(seconds=leases.LEASE_SECONDS + 1))
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
