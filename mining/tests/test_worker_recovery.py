"""A worker killed half-way through a document: another live worker takes the task over.

Real processes: a worker is started on a document slowed down page by page, killed with
SIGKILL half-way, and a second worker (with short leases) finishes the document. Runs on
SQLite (a file copy of the test database) and on PostgreSQL (the test database itself).
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from mining.models import Extraction, Passage
from mining.pipeline import process_document
from strategies import services as strategy_services
from strategies.tests.factories import make_strategy

from .conftest import make_pdf
from .processes import (
    FAST_LEASE,
    shared_database,
    start_worker,
    stop,
    wait_until,
    worker_environment,
)

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = 16


def long_document() -> bytes:
    topics = ["cyklostezky a bezpečné přechody pro chodce", "fotovoltaické elektrárny na školách",
              "digitalizace úřadu a otevřená data", "zeleň v ulicích a hospodaření s vodou"]
    return make_pdf([[f"Kapitola {page}", f"Opatření {page}.1: město podpoří "
                      f"{topics[page % len(topics)]} v části {page}.",
                      f"Náklady opatření {page}.1 činí {page} mil. Kč v roce {2020 + page}."]
                     for page in range(1, PAGES + 1)])


def document_urls(document_id: int) -> dict[str, str]:
    urls = {}
    for language in ("cs", "en"):
        with translation.override(language):
            urls[language] = reverse("strategies:document", kwargs={"pk": document_id})
    return urls


def test_a_killed_worker_is_replaced_and_the_document_finished_once(
    editor, media, tmp_path, client
):
    from django_tasks_db.models import DBTaskResult

    data = long_document()
    expected = process_document(data)
    with shared_database(tmp_path) as database_url:
        strategy = make_strategy(editor)
        upload = strategy_services.upload_document(editor, strategy,
                                                   SimpleUploadedFile("plan.pdf", data))
        extraction = Extraction.objects.get(sha256=upload.version.sha256)
        env = worker_environment(database_url, media)
        logs = [tmp_path / "first.log", tmp_path / "second.log"]

        first = start_worker(env, logs[0], *FAST_LEASE, slow_page_seconds=0.5)
        try:
            wait_until(lambda: Extraction.objects.filter(
                pk=extraction.pk, status="processing", progress__gt=0).exists(),
                timeout=60, what="the first worker to be half-way", logs=logs,
                workers=[first])
        finally:
            stop(first, kill=True)
        extraction.refresh_from_db()
        assert extraction.status == Extraction.Status.PROCESSING
        assert 0 < extraction.progress < 60
        assert Passage.objects.count() == 0  # nothing half-written
        assert DBTaskResult.objects.get().status == "RUNNING"

        second = start_worker(env, logs[1], *FAST_LEASE, slow_page_seconds=0.3)
        try:
            # Within seconds (the lease is 3 s here) the second worker takes the task over;
            # meanwhile the document says it is being processed again.
            wait_until(lambda: Extraction.objects.filter(pk=extraction.pk,
                                                         interruptions=1).exists(),
                       timeout=30, what="the task to be taken over", logs=logs,
                       workers=[second])
            urls = document_urls(upload.version.document_id)
            client.force_login(editor)
            assert "zpracovává znovu" in client.get(urls["cs"]).content.decode()
            assert "being processed again" in client.get(urls["en"]).content.decode()
            api = client.get(f"/api/v1/strategies/{strategy.pk}").json()
            processing = api["documents"][0]["versions"][0]["processing"]
            assert processing["retrying"] is True and processing["attempt"] == 2
            wait_until(lambda: Extraction.objects.filter(
                pk=extraction.pk, status__in=["done", "partial"]).exists(),
                timeout=60, what="the second worker to finish the document", logs=logs,
                workers=[second])
        finally:
            stop(second)

        extraction.refresh_from_db()
        passages = list(extraction.passages.order_by("index"))
        assert len(passages) == len(expected.passages) == extraction.passage_count
        assert [p.index for p in passages] == list(range(len(passages)))
        assert [(p.page, p.start, p.text) for p in passages] == [
            (p.page, p.start, p.text) for p in expected.passages]
        assert {p.page for p in passages} == set(range(1, PAGES + 1))
        assert extraction.attempts == 2 and extraction.page_count == PAGES
        task = DBTaskResult.objects.get()
        assert task.status == "SUCCESSFUL" and len(task.worker_ids) == 2
        with translation.override("en"):
            html = client.get(document_urls(upload.version.document_id)["en"]).content.decode()
        assert "being processed again" not in html and f"{PAGES} pages" in html
