"""What apps use to put their records into the search (the searchable concern).

An app registers a ``SearchableSource`` in its ``AppConfig.ready()`` and asks for its
records to be reindexed by name and id after every write::

    index.reindex_on_commit("strategy", strategy.pk)   # in the service's transaction

Once the transaction commits, a task of the queue rebuilds that source key's entries from
the record (several requests for one key in a transaction make one task; without a queue
it runs inline). ``reindex_now`` rebuilds inside the current transaction (the worker that
stores a document's passages uses it).
"""

from __future__ import annotations

from . import registry, services, tasks
from .indexing import (
    EntryData,
    canonical_url,
    facet_units,
    pillar_of_area,
    pillars_of,
    reference_batch,
    territory_facets,
    unit_codes,
)
from .registry import (
    Described,
    SearchableSource,
    SearchKind,
    register,
    source_key,
    unregister,
)

__all__ = ["Described", "EntryData", "SearchKind", "SearchableSource", "canonical_url",
           "facet_units", "pillar_of_area", "pillars_of", "register", "reindex_now",
           "reindex_on_commit", "source_key", "territory_facets", "unit_codes", "unregister"]


def reindex_on_commit(name: str, record_id: int) -> None:
    """Reindex the record once the current transaction has committed, through the queue."""
    tasks.reindex_on_commit(registry.source_key(name, record_id))


def reindex_now(name: str, *record_ids: int) -> int:
    """Reindex these records now, inside the current transaction; returns rows written."""
    with reference_batch():
        return sum(services.reindex_source(registry.source_key(name, record_id))
                   for record_id in record_ids)
