"""Reindexing through the task queue (run by ``manage.py worker``).

The task and its enqueueing live here together; this module imports ``services`` and
nothing in search imports it back (apps reach it through ``search.index``).
"""

from __future__ import annotations

import logging

from django.db import transaction
from django_tasks import task

from . import registry, services

logger = logging.getLogger(__name__)


@task()
def reindex_source_task(source_key: str) -> int:
    try:
        return services.reindex_source(source_key)
    except registry.UnknownSource:  # queued before its app stopped registering it
        logger.warning("Dropped reindexing of %s: no such searchable source", source_key)
        return 0


def reindex_soon(source_key: str) -> None:
    """Queue the reindexing of a source key (the worker runs it); inline when the queue is
    unavailable, so the index follows the record even without one."""
    if not services.needs_reindex(source_key):
        return
    try:
        reindex_source_task.enqueue(source_key)
    except Exception:
        logger.exception("Could not queue search reindexing of %s", source_key)
        services.reindex_source(source_key)


class _Once:
    """Shared by the callbacks that ask for one key in one transaction: the first to run
    reindexes, the others have nothing left to do."""

    done = False


class _Reindex:
    """An on-commit callback that knows its key and its group."""

    def __init__(self, source_key: str, once: _Once) -> None:
        self.source_key, self.once = source_key, once
        self.__qualname__ = f"reindex {source_key}"

    def __call__(self) -> None:
        if not self.once.done:
            self.once.done = True
            reindex_soon(self.source_key)


def reindex_on_commit(source_key: str, using: str | None = None) -> None:
    """Reindex once the current transaction has committed (at once outside of one); asked
    several times for the same key in one transaction, it reindexes once.

    Each request registers its own callback, sharing one ``_Once`` with the pending
    requests for the key, so that a savepoint rolled back (Django drops its callbacks)
    leaves the others in force."""
    registry.parse_key(source_key)  # an unknown source fails here, in the request
    connection = transaction.get_connection(using)
    once = None
    if connection.in_atomic_block:
        once = next((callback.once for _savepoints, callback, _robust
                     in reversed(connection.run_on_commit)
                     if isinstance(callback, _Reindex) and callback.source_key == source_key
                     and not callback.once.done), None)
    transaction.on_commit(_Reindex(source_key, once or _Once()), using=using)
