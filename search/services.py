"""Every write to the search index, by source key and knowing no record type.

Records are indexed from their source of truth and never edited in place: a source (e.g.
``strategy:12``) is rebuilt as a whole by ``write_entries``, which compares fingerprints and
touches only the rows that changed, so reindexing is idempotent and cheap when nothing
changed. What a source's entries are is the business of the app that registered it
(``search.registry``); apps ask for reindexing through ``search.index``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from django.db import DEFAULT_DB_ALIAS, DatabaseError, transaction

from core.lemmas import KEY_VERSION

from . import registry
from .backends import get_backend
from .indexing import EntryData, entry_values, reference_batch
from .models import IndexState, SearchEntry, SearchTerm

logger = logging.getLogger(__name__)

BATCH = 2000


def _remember_terms(rows: Iterable[Mapping[str, Any]], using: str) -> None:
    found: set[str] = set()
    for row in rows:
        found.update(row["title_terms"].split())
        found.update(row["terms"].split())
    keys = sorted(key for key in found if len(key) <= 100)  # sorted: no deadlocks
    for start in range(0, len(keys), BATCH):
        SearchTerm.objects.using(using).bulk_create(
            [SearchTerm(term=key) for key in keys[start:start + BATCH]],
            ignore_conflicts=True)


def write_entries(source: str, entries: Sequence[EntryData], using: str = "default") -> int:
    """Make the index hold exactly ``entries`` for ``source``; returns rows written."""
    wanted = {}
    for data in entries:
        values = entry_values(data)
        wanted[(values["kind"], values["object_id"])] = values
    with transaction.atomic(using=using):
        existing = {(kind, object_id): (pk, fingerprint) for pk, kind, object_id, fingerprint
                    in SearchEntry.objects.using(using).filter(source=source)
                    .values_list("pk", "kind", "object_id", "fingerprint")}
        stale = [pk for key, (pk, fingerprint) in existing.items()
                 if key not in wanted or wanted[key]["fingerprint"] != fingerprint]
        fresh = [values for key, values in wanted.items()
                 if key not in existing or existing[key][1] != values["fingerprint"]]
        for start in range(0, len(stale), BATCH):
            SearchEntry.objects.using(using).filter(pk__in=stale[start:start + BATCH]).delete()
        if fresh:
            # An entry moving between sources (rare) must not trip the unique key.
            moved = [key for key in ((v["kind"], v["object_id"]) for v in fresh)
                     if key not in existing]
            for start in range(0, len(moved), BATCH):
                chunk = moved[start:start + BATCH]
                for kind in {kind for kind, _ in chunk}:
                    SearchEntry.objects.using(using).filter(
                        kind=kind, object_id__in=[oid for k, oid in chunk if k == kind]
                    ).delete()
            SearchEntry.objects.using(using).bulk_create(
                [SearchEntry(source=source, **values) for values in fresh], batch_size=500)
            _remember_terms(fresh, using)
    return len(fresh)


def remove_source(source: str, using: str = "default") -> int:
    with transaction.atomic(using=using):
        deleted, _ = SearchEntry.objects.using(using).filter(source=source).delete()
    return deleted


def reindex_source(key: str) -> int:
    """Rebuild the entries of one source key (``"strategy:12"``) from its record, in one
    transaction; a record that is gone or not public leaves the index. Returns the rows
    written."""
    source, record_id = registry.parse_key(key)
    with transaction.atomic():
        entries = source.entries(record_id)
        if entries is None:
            remove_source(key)
            return 0
        return write_entries(key, entries)


def needs_reindex(key: str) -> bool:
    """False for a record that is not public and has nothing in the index (a draft that was
    never published): its edits need no reindexing."""
    source, record_id = registry.parse_key(key)
    if source.is_public is None or source.is_public(record_id):
        return True
    return SearchEntry.objects.filter(source=key).exists()


def rebuild_index(progress: Callable[[int, int], None] | None = None, *,
                  forget_terms: bool = False) -> dict[str, Any]:
    """Reindex every record of every registered source; drop entries of records that no
    longer exist or are no longer public, and of sources no longer registered.

    ``forget_terms`` also rebuilds the list of known keys (``SearchTerm``) from the
    entries, for when the keys have changed: stale keys would take the places of real ones
    in prefix expansions."""
    backend = get_backend()
    backend.install()
    work = [(source, sorted(set(source.all_ids()))) for source in registry.sources()]
    wanted = {source.key(pk) for source, ids in work for pk in ids}
    removed = 0
    for key in set(SearchEntry.objects.values_list("source", flat=True).distinct()) - wanted:
        removed += remove_source(key)
    written = 0
    total = sum(len(ids) for _source, ids in work)
    number = 0
    with reference_batch():
        for source, ids in work:
            for pk in ids:
                written += reindex_source(source.key(pk))
                number += 1
                if progress:
                    progress(number, total)
    if forget_terms:
        _recollect_terms()
    backend.optimize()
    _record_key_version()
    return {"sources": {source.plural: len(ids) for source, ids in work},
            "written": written, "removed": removed, "entries": SearchEntry.objects.count()}


def _recollect_terms(using: str = DEFAULT_DB_ALIAS) -> None:
    with transaction.atomic(using=using):
        SearchTerm.objects.using(using).all().delete()
        entries = (SearchEntry.objects.using(using).order_by()
                   .values("title_terms", "terms").iterator(chunk_size=BATCH))
        chunk: list[Mapping[str, Any]] = []
        for row in entries:
            chunk.append(row)
            if len(chunk) == BATCH:
                _remember_terms(chunk, using)
                chunk = []
        _remember_terms(chunk, using)


def _record_key_version(using: str = DEFAULT_DB_ALIAS) -> None:
    IndexState.objects.using(using).update_or_create(pk=1, defaults={
        "key_version": KEY_VERSION})


def rebuild_if_keys_changed(using: str = DEFAULT_DB_ALIAS,
                            say: Callable[[str], None] | None = None) -> bool:
    """After ``migrate``: rebuild an index whose keys an older ``core.lemmas.search_key``
    made (or that predates the record of it). Returns whether it rebuilt. An empty index
    is only marked current."""
    if using != DEFAULT_DB_ALIAS:  # the sources read the default database
        return False
    try:
        state = IndexState.objects.using(using).filter(pk=1).first()
    except DatabaseError:  # migrated backwards, or only part of the way
        return False
    if state is not None and state.key_version == KEY_VERSION:
        return False
    if not SearchEntry.objects.using(using).exists():
        _record_key_version(using)
        return False
    if say:
        say(f"Search keys changed (version {state.key_version if state else 1} → "
            f"{KEY_VERSION}): rebuilding the search index …")
    summary = rebuild_index(forget_terms=True)
    if say:
        say(f"  {summary['written']} entries rewritten, {summary['entries']} in the index.")
    return True
