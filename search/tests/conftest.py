"""Search tests: tasks run immediately, strategies and passages made through services."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def fresh_labels():
    from search import queries

    queries._labels_cache.clear()


@pytest.fixture
def queued(monkeypatch):
    """Source keys handed to the task queue (the immediate backend then runs them)."""
    from search import tasks

    keys: list[str] = []
    task = tasks.reindex_source_task

    class Counting:
        def enqueue(self, key):
            keys.append(key)
            return task.enqueue(key)

    monkeypatch.setattr(tasks, "reindex_source_task", Counting())
    return keys


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def editor(reference_data, make_member):
    return make_member("editor", "544256")


@pytest.fixture
def moderator(reference_data, make_member):
    return make_member("moderator")


@pytest.fixture
def publish_strategy(editor, moderator, django_capture_on_commit_callbacks):
    """A published strategy; its reindexing task runs on commit (immediately)."""
    from strategies.tests.factories import make_strategy, publish

    def factory(title="Strategie rozvoje", actor=None, **fields):
        with django_capture_on_commit_callbacks(execute=True):
            strategy = make_strategy(actor or editor, title=title, **fields)
            publish(moderator, strategy)
        return strategy

    return factory


@pytest.fixture
def add_document(editor, media, django_capture_on_commit_callbacks):
    """A document of `strategy` whose file was mined into `passages` [(page, text, areas)].

    The passages are written the way mining stores them (keys from the pipeline's
    `index_terms`), then mining's `passages_changed` is sent the way the worker sends it."""
    from core.language import detect_language
    from core.lemmas import index_terms
    from mining.models import Extraction, Passage
    from mining.signals import passages_changed
    from strategies import services as strategy_services

    def factory(strategy, title, passages, *, index=True):
        data = ("\n\n".join(text for _page, text, _areas in passages)).encode()
        upload = SimpleUploadedFile(f"{hashlib.sha256(data).hexdigest()[:8]}.txt", data)
        with django_capture_on_commit_callbacks(execute=False):
            result = strategy_services.upload_document(strategy.created_by, strategy, upload,
                                                      title=title)
        extraction, _ = Extraction.objects.get_or_create(sha256=result.version.sha256)
        extraction.passages.all().delete()
        for number, (page, text, areas) in enumerate(passages):
            language = detect_language(text)
            Passage.objects.create(
                extraction=extraction, index=number, page=page, start=0, end=len(text),
                text=text, language=language, terms=" ".join(index_terms(text, language)),
                areas=[{"code": code, "score": 0.9, "terms": []} for code in areas],
                main_area=areas[0] if areas else "NONE")
        extraction.status = Extraction.Status.DONE
        extraction.save()
        if index:
            passages_changed.send(sender=Extraction, extraction_id=extraction.pk,
                                  on_commit=False)
        return result.version.document

    return factory


@pytest.fixture
def tips():
    """A test-only searchable source, registered like an app's: id → (title, body);
    `put(tips, pk, title, body)` stores and indexes one."""
    from search import index, queries

    store: dict[int, tuple[str, str]] = {}

    def entries(pk):
        if pk not in store:
            return None
        title, body = store[pk]
        return [index.EntryData("tip", str(pk), title, f"/tipy/{pk}/", body=body)]

    index.register(index.SearchableSource(
        name="tip", entries=entries, plural="tips", all_ids=lambda: list(store),
        kinds=[index.SearchKind("tip", "tip")]))
    queries._labels_cache.clear()
    yield store
    index.unregister("tip")
    queries._labels_cache.clear()


def put(store, pk, title, body):
    from search import services

    store[pk] = (title, body)
    services.reindex_source(f"tip:{pk}")
