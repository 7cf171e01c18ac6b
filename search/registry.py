"""What the search indexes: sources that apps register at start-up.

Search knows no record type. An app declares each kind of record it puts into the index as
a ``SearchableSource`` in its ``AppConfig.ready()`` (see ``strategies/search.py``):

* ``name`` — the first half of its source keys: the entries of strategy 12 are written
  under ``strategy:12`` and replaced as a whole when that key is reindexed;
* ``entries(id)`` — the ``EntryData`` of one record, or ``None`` when the record is gone or
  not public (its entries are then removed); it runs inside a transaction and may lock
  its record so that two workers reindexing it take turns;
* ``all_ids()`` — every id that has something to index, for a full rebuild;
* ``kinds`` — the entry kinds it writes, with the label shown on results and in the kind
  facet, and how a result says what it is (``describe``);
* optionally ``is_public(id)``, a cheap check: a record that is not public and has nothing
  in the index gets no reindexing task for its edits; and ``facets``, the values and
  labels of the ``level`` and ``type`` facets its entries use.

``search.index`` offers the writes (on commit, through the task queue, or at once).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from .indexing import EntryData


class Described(Protocol):
    """What ``SearchKind.describe`` gets: the stored columns of one result."""

    kind: str
    role: str
    title: str
    document: str
    page: int | None


@dataclass(frozen=True)
class SearchKind:
    value: str  # stored in SearchEntry.kind, the ``kind`` filter of the page and API
    label: Any  # a (lazy) text: "strategy element"
    # The line that says what a result is, in the active language ("measure of strategy
    # X"); without it the result shows its ``document`` as it is.
    describe: Callable[[Described], str] | None = None


@dataclass(frozen=True)
class SearchableSource:
    name: str
    entries: Callable[[int], Sequence[EntryData] | None]
    all_ids: Callable[[], Iterable[int]]
    kinds: Sequence[SearchKind]
    plural: str  # for the rebuild summary: "strategies"
    is_public: Callable[[int], bool] | None = None
    facets: Mapping[str, Sequence[tuple[str, Any]]] = field(default_factory=dict)

    def key(self, record_id: int | str) -> str:
        return source_key(self.name, record_id)


_sources: dict[str, SearchableSource] = {}


class UnknownSource(LookupError):
    pass


def register(source: SearchableSource) -> SearchableSource:
    """Add (or replace: ``ready()`` may run twice in tests) a source. A kind belongs to one
    source only."""
    if ":" in source.name or not source.name:
        raise ValueError(f"A source name is a word without ':' ({source.name!r}).")
    for other in _sources.values():
        if other.name == source.name:
            continue
        taken = {kind.value for kind in other.kinds} & {kind.value for kind in source.kinds}
        if taken:
            raise ValueError(f"Search kinds {sorted(taken)} are written by {other.name!r}.")
    _sources[source.name] = source
    return source


def unregister(name: str) -> None:
    _sources.pop(name, None)


def sources() -> list[SearchableSource]:
    """In the order of registration (the order of INSTALLED_APPS)."""
    return list(_sources.values())


def get(name: str) -> SearchableSource:
    try:
        return _sources[name]
    except KeyError:
        raise UnknownSource(f"No searchable source {name!r} is registered.") from None


def source_key(name: str, record_id: int | str) -> str:
    return f"{name}:{record_id}"


def parse_key(key: str) -> tuple[SearchableSource, int]:
    """``"strategy:12"`` → (the strategy source, 12)."""
    name, _sep, record_id = key.partition(":")
    source = get(name)
    try:
        return source, int(record_id)
    except ValueError:
        raise UnknownSource(f"Not a source key: {key!r}.") from None


def kinds() -> dict[str, SearchKind]:
    return {kind.value: kind for source in _sources.values() for kind in source.kinds}


def facet_choices(name: str) -> list[tuple[str, Any]]:
    """Values and labels of a facet (``level``, ``type``) over every source."""
    choices: dict[str, Any] = {}
    for source in _sources.values():
        for value, label in source.facets.get(name, ()):
            choices.setdefault(value, label)
    return list(choices.items())
