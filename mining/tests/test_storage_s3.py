"""Uploaded files on S3-compatible object storage, read by workers on other machines.

A real S3 server (moto's server mode on a free loopback port) is started by the tests; the
web side (this process) and every worker (separate processes, each with its own empty local
media folder, as on separate machines) are configured only through the environment, as in
production (`STORAGE_BACKEND=s3`, `AWS_*`).
"""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mining.models import Extraction
from mining.pipeline import process_document
from smartplatform.settings import default_storage_from
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


@pytest.fixture
def s3(s3_server, settings, tmp_path):
    """An empty bucket; this process stores its uploads there (and its own local media
    folder, `web-media`, stays empty)."""
    env = s3_server.new_bucket()
    s3_server.use(settings, env)
    settings.MEDIA_ROOT = tmp_path / "web-media"
    settings.MEDIA_ROOT.mkdir()
    return env, s3_server


def files_in(folder) -> list:
    return [path for path in folder.rglob("*") if path.is_file()]


def plan(number: int) -> bytes:
    return make_pdf([[f"Strategie obce číslo {number}", "Opatření 1.1 Rozvoj cyklostezek",
                      "Město vybuduje síť cyklostezek a bezpečných přechodů pro chodce."],
                     [f"Priorita 2 Energetika obce {number}",
                      "Fotovoltaické elektrárny na střechách základních škol."]])


def test_a_document_on_s3_is_mined_by_a_worker_elsewhere_and_downloaded(
    editor, client, s3, tmp_path
):
    env, server = s3
    web_media, worker_media = tmp_path / "web-media", tmp_path / "worker-media"
    worker_media.mkdir()
    data = plan(1)
    with shared_database(tmp_path) as database_url:
        strategy = make_strategy(editor)
        upload = strategy_services.upload_document(editor, strategy,
                                                   SimpleUploadedFile("plan.pdf", data))
        assert server.keys(env) == [f"smart/{upload.version.file.name}"]
        log = tmp_path / "worker.log"
        worker = start_worker(worker_environment(database_url, worker_media, **env), log,
                              *FAST_LEASE)
        try:
            wait_until(lambda: Extraction.objects.filter(
                sha256=upload.version.sha256, status__in=["done", "partial"]).exists(),
                timeout=60, what="the worker to mine the document", logs=[log],
                workers=[worker])
        finally:
            stop(worker)
        extraction = Extraction.objects.get(sha256=upload.version.sha256)
        assert extraction.passage_count == len(process_document(data).passages) > 0
        client.force_login(editor)
        response = client.get(reverse("strategies:document_download",
                                      kwargs={"pk": upload.version.pk}))
        assert response.status_code == 200
        downloaded = b"".join(response.streaming_content)
        assert hashlib.sha256(downloaded).hexdigest() == upload.version.sha256
    assert files_in(web_media) == files_in(worker_media) == []  # nothing on local disks


def test_two_workers_with_their_own_disks_share_one_queue_and_one_bucket(
    editor, s3, tmp_path
):
    from django_tasks_db.models import DBTaskResult

    env, server = s3
    documents = {number: plan(number) for number in range(1, 7)}
    with shared_database(tmp_path) as database_url:
        workers, logs, folders = [], [], []
        for name in ("a", "b"):
            folder, log = tmp_path / f"media-{name}", tmp_path / f"worker-{name}.log"
            folder.mkdir()
            folders.append(folder)
            logs.append(log)
            workers.append(start_worker(worker_environment(database_url, folder, **env), log,
                                        *FAST_LEASE, slow_page_seconds=0.5))
        try:
            wait_until(lambda: all("Starting worker" in log.read_text(errors="replace")
                                   for log in logs if log.exists()) and len(
                [log for log in logs if log.exists()]) == 2,
                timeout=60, what="both workers to start", logs=logs, workers=workers)
            strategy = make_strategy(editor)
            uploads = {number: strategy_services.upload_document(
                editor, strategy, SimpleUploadedFile(f"plan-{number}.pdf", data))
                for number, data in documents.items()}
            wait_until(lambda: Extraction.objects.filter(
                status__in=["done", "partial"]).count() == len(documents),
                timeout=120, what="both workers to mine every document", logs=logs,
                workers=workers)
        finally:
            for worker in workers:
                stop(worker)
        tasks = list(DBTaskResult.objects.all())
        assert len(tasks) == len(documents)
        assert all(task.status == "SUCCESSFUL" and len(task.worker_ids) == 1 for task in tasks)
        assert len({task.worker_ids[0] for task in tasks}) == 2  # both took part
        for number, upload in uploads.items():
            extraction = Extraction.objects.get(sha256=upload.version.sha256)
            assert extraction.attempts == 1
            assert extraction.passages.count() == len(
                process_document(documents[number]).passages)
    assert len(server.keys(env)) == len(documents)
    assert files_in(folders[0]) == files_in(folders[1]) == files_in(tmp_path / "web-media") == []


def test_an_unreachable_storage_fails_the_document_with_a_reason(editor, s3, settings):
    from django.core.management import call_command

    env, _server = s3
    strategy = make_strategy(editor)
    upload = strategy_services.upload_document(editor, strategy,
                                               SimpleUploadedFile("plan.pdf", plan(1)))
    # The bucket's server is gone by the time the worker reads the file.
    settings.STORAGES = {**settings.STORAGES, "default": default_storage_from(
        {**env, "AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9"})}
    call_command("worker", burst=True, verbosity=0)
    extraction = Extraction.objects.get(sha256=upload.version.sha256)
    assert (extraction.status, extraction.reason_code) == ("failed", "storage")
    assert "could not be reached" in extraction.reason_en and extraction.reason_cs


@pytest.mark.parametrize(("environ", "message"), [
    ({"STORAGE_BACKEND": "ftp"}, "must be 'local' or 's3'"),
    ({"STORAGE_BACKEND": "s3"}, "AWS_STORAGE_BUCKET_NAME"),
])
def test_a_wrong_storage_configuration_stops_at_start_with_a_clear_message(environ, message):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match=message):
        default_storage_from(environ)
    assert default_storage_from({})["BACKEND"].endswith("FileSystemStorage")
