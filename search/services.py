"""Every write to the search index.

Records are indexed from their source of truth and never edited in place: a source (e.g.
``strategy:12``) is rebuilt as a whole by ``write_entries``, which compares fingerprints and
touches only the rows that changed, so reindexing is idempotent and cheap when nothing
changed. Strategy writes call ``reindex_strategy_on_commit``, intention writes
``reindex_intention_on_commit``; mining calls ``index_extraction`` inside its transaction
once the passages are stored.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.db.models import Prefetch

from .backends import get_backend
from .indexing import (
    EntryData,
    entry_values,
    intention_entry,
    passage_entries,
    strategy_entries,
    strategy_facets,
)
from .models import SearchEntry, SearchTerm

logger = logging.getLogger(__name__)

BATCH = 2000


def strategy_source(strategy_id: int) -> str:
    return f"strategy:{strategy_id}"


def _remember_terms(rows: Iterable[dict[str, Any]], using: str) -> None:
    keys = set()
    for row in rows:
        keys.update(row["title_terms"].split())
        keys.update(row["terms"].split())
    keys = sorted(key for key in keys if len(key) <= 100)  # sorted: no deadlocks
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


def _pillar_of_area() -> dict[str, str]:
    from concept.models import KeyArea

    return dict(KeyArea.objects.values_list("code", "pillar__code"))


def _still_public(records: Any, record_id: int, source: str) -> bool:
    """Lock the record, so that two workers reindexing it take turns; when it is gone or
    not public, remove its entries. Call inside a transaction."""
    record = records.select_for_update().filter(pk=record_id).first()
    if record is None or not record.is_public:
        remove_source(source)
        return False
    return True


def reindex_strategy(strategy_id: int, pillar_of_area: dict[str, str] | None = None) -> int:
    """Index a published strategy with its structure and the passages of the current
    version of each of its documents; remove everything of it when it is not public."""
    from mining.models import Extraction, Passage
    from strategies.models import DocumentVersion, Strategy, StrategyDocument, StructureNode
    from territory.models import TerritorialUnit

    source = strategy_source(strategy_id)
    with transaction.atomic():
        if not _still_public(Strategy.all_objects, strategy_id, source):
            return 0
        strategy = (Strategy.all_objects.filter(pk=strategy_id).prefetch_related(
            Prefetch("owners", queryset=TerritorialUnit.objects.select_related(
                "kraj", "okres", "orp").prefetch_related("groups")),
            "areas",
            Prefetch("nodes", queryset=StructureNode.objects.prefetch_related("areas")
                     .order_by("position", "id")),
            Prefetch("documents", queryset=StrategyDocument.objects.prefetch_related(
                Prefetch("versions", queryset=DocumentVersion.objects.order_by("-number")))),
        ).get())
        pillar_of_area = pillar_of_area or _pillar_of_area()
        facets = strategy_facets(strategy)
        entries = strategy_entries(strategy, facets, pillar_of_area)
        current = {}
        for document in strategy.documents.all():
            versions = list(document.versions.all())
            if versions:
                current[document.pk] = (document, versions[0].sha256)
        extractions = dict(Extraction.objects.filter(
            sha256__in={sha for _document, sha in current.values()},
            status__in=[Extraction.Status.DONE, Extraction.Status.PARTIAL],
        ).values_list("sha256", "pk"))
        passages: dict[int, list[Any]] = {}
        for passage in (Passage.objects.filter(extraction_id__in=extractions.values())
                        .only("pk", "extraction_id", "page", "text", "language", "terms",
                              "areas", "confirmed_areas").order_by("extraction_id", "index")):
            passages.setdefault(passage.extraction_id, []).append(passage)
        documents = [(document, passages.get(extractions.get(sha), []))
                     for document, sha in current.values()]
        entries += passage_entries(strategy, documents, pillar_of_area, facets)
        return write_entries(source, entries)


def _needs_reindex(strategy_id: int) -> bool:
    """Drafts that were never public have nothing in the index: no task for their edits."""
    from strategies.models import State, Strategy

    return (Strategy.objects.filter(pk=strategy_id, state=State.PUBLISHED).exists()
            or SearchEntry.objects.filter(source=strategy_source(strategy_id)).exists())


def _queue(task: Any, reindex: Any, source: str, record_id: int) -> None:
    """Queue the reindexing (the worker runs it); inline when the queue is unavailable."""
    try:
        task.enqueue(record_id)
    except Exception:  # the index must follow the record even without a queue
        logger.exception("Could not queue search reindexing of %s", source)
        reindex(record_id)


def reindex_strategy_soon(strategy_id: int) -> None:
    from .tasks import reindex_strategy_task

    if _needs_reindex(strategy_id):
        _queue(reindex_strategy_task, reindex_strategy, strategy_source(strategy_id),
               strategy_id)


def reindex_strategy_on_commit(strategy_id: int) -> None:
    """For strategy writes: reindex once their transaction has committed."""
    transaction.on_commit(lambda: reindex_strategy_soon(strategy_id))


def _strategies_using(extraction_id: int) -> list[int]:
    """Strategies with a document version whose file this extraction read."""
    from mining.models import Extraction
    from strategies.models import DocumentVersion

    sha256 = Extraction.objects.filter(pk=extraction_id).values_list("sha256", flat=True)
    return sorted(set(DocumentVersion.objects.filter(sha256__in=sha256).values_list(
        "document__strategy_id", flat=True)))


def index_extraction(extraction_id: int) -> int:
    """Index the passages of an extraction for every published strategy whose current
    document version has its file; call inside the transaction that stored them (the
    worker does)."""
    strategy_ids = _strategies_using(extraction_id)
    if not strategy_ids:
        return 0
    pillar_of_area = _pillar_of_area()
    return sum(reindex_strategy(strategy_id, pillar_of_area) for strategy_id in strategy_ids)


def index_extraction_on_commit(extraction_id: int) -> None:
    """For changes made in a request (an editor's correction of a passage): the strategies
    using the file are reindexed by the worker once the transaction has committed."""
    for strategy_id in _strategies_using(extraction_id):
        reindex_strategy_on_commit(strategy_id)


# --- project intentions -------------------------------------------------------------------

def intention_source(intention_id: int) -> str:
    return f"intention:{intention_id}"


def reindex_intention(intention_id: int, pillar_of_area: dict[str, str] | None = None) -> int:
    """Index a public project intention; remove it from the index when it is not public
    (any longer)."""
    from intentions.models import Intention
    from territory.models import TerritorialUnit

    source = intention_source(intention_id)
    units = TerritorialUnit.objects.select_related("kraj", "okres", "orp").prefetch_related(
        "groups")
    with transaction.atomic():
        if not _still_public(Intention.all_objects, intention_id, source):
            return 0
        intention = (Intention.all_objects.filter(pk=intention_id)
                     .select_related("main_area")
                     .prefetch_related(Prefetch("lead_unit", queryset=units),
                                       Prefetch("partner_units", queryset=units),
                                       "other_areas").get())
        return write_entries(source, [intention_entry(intention,
                                                      pillar_of_area or _pillar_of_area())])


def reindex_intention_soon(intention_id: int) -> None:
    from intentions.models import Intention
    from intentions.queries import public_q

    from .tasks import reindex_intention_task

    source = intention_source(intention_id)
    # A draft that was never public has nothing in the index: no task for its edits.
    if (Intention.objects.filter(public_q(), pk=intention_id).exists()
            or SearchEntry.objects.filter(source=source).exists()):
        _queue(reindex_intention_task, reindex_intention, source, intention_id)


def reindex_intention_on_commit(intention_id: int) -> None:
    """For intention writes: reindex once their transaction has committed."""
    transaction.on_commit(lambda: reindex_intention_soon(intention_id))


# --- everything -----------------------------------------------------------------------------

def rebuild_index(progress=None) -> dict[str, int]:
    """Reindex every published strategy and public intention; drop entries of records that
    no longer exist or are no longer public."""
    from intentions.models import Intention
    from intentions.queries import public_q
    from strategies.models import State, Strategy

    backend = get_backend()
    backend.install()
    strategies = set(Strategy.objects.filter(state=State.PUBLISHED)
                     .values_list("pk", flat=True))
    intentions = set(Intention.objects.filter(public_q()).values_list("pk", flat=True))
    wanted = ({strategy_source(pk) for pk in strategies}
              | {intention_source(pk) for pk in intentions})
    removed = 0
    for source in set(SearchEntry.objects.values_list("source", flat=True).distinct()) - wanted:
        removed += remove_source(source)
    written = 0
    total = len(strategies) + len(intentions)
    work = [(reindex_strategy, pk) for pk in sorted(strategies)]
    work += [(reindex_intention, pk) for pk in sorted(intentions)]
    pillar_of_area = _pillar_of_area()
    for number, (reindex, pk) in enumerate(work, 1):
        written += reindex(pk, pillar_of_area)
        if progress:
            progress(number, total)
    backend.optimize()
    return {"strategies": len(strategies), "intentions": len(intentions),
            "written": written, "removed": removed, "entries": SearchEntry.objects.count()}
