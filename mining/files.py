"""Who holds the files mining processes.

Mining keeps its results by file (SHA-256) and knows none of the records the files belong
to. An app that stores files for mining (strategies: the versions of their documents)
registers a `FileHolder` in its `AppConfig.ready()`; mining asks every holder in turn:

* ``stored(sha256)`` — its stored files (Django ``File`` objects) with these bytes;
* ``hashes()`` — every file hash it holds, so that a file that never reached the queue is
  found (``mining.tasks.requeue_stale``);
* ``records(sha256)`` — the records holding the file: they decide who may follow its
  processing and correct its passages (`accounts.permissions`, the rule `HELD`: whoever
  may see one of them, whoever may edit one).

Holders hear of new passages through ``mining.signals.passages_changed``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FileHolder:
    name: str
    stored: Callable[[str], Iterable[Any]]
    hashes: Callable[[], Iterable[str]]
    records: Callable[[str], Iterable[Any]]


_holders: dict[str, FileHolder] = {}


def register(holder: FileHolder) -> FileHolder:
    """Add (or replace: `ready()` may run twice in tests) a holder."""
    _holders[holder.name] = holder
    return holder


def holders() -> list[FileHolder]:
    return list(_holders.values())


def stored(sha256: str) -> list[Any]:
    """Every stored file with these bytes, from every holder."""
    return [file for holder in holders() for file in holder.stored(sha256)]


def hashes() -> set[str]:
    return {sha256 for holder in holders() for sha256 in holder.hashes()}


def records(sha256: str) -> list[Any]:
    """Every record holding a file with these bytes, from every holder."""
    return [record for holder in holders() for record in holder.records(sha256)]
