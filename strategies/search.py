"""Strategies in the search: a published strategy, every element of its structure and the
passages of the current version of each of its documents, all under the source key
``strategy:<id>`` (unpublishing or deleting the strategy takes them all out).

Mining stores passages by file, not by strategy: when an extraction's passages change it
sends ``mining.signals.passages_changed`` and the strategies whose current document
versions have that file are reindexed here.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.permissions import public_q
from mining.models import Extraction, Passage
from mining.signals import passages_changed as passages_signal
from search import index

from .models import (
    DocumentVersion,
    Level,
    NodeKind,
    Strategy,
    StrategyDocument,
    StrategyType,
    StructureNode,
)

SOURCE = "strategy"


class Shared:
    """Facets every entry of a strategy shares. Expects ``owners`` prefetched with their
    kraj, okres, orp and groups."""

    def __init__(self, strategy: Strategy) -> None:
        self.kraje, self.units = index.territory_facets(strategy.owners.all())
        self.level, self.type = strategy.level, strategy.strategy_type
        self.year_from, self.year_to = strategy.valid_from, strategy.valid_to

    def apply(self, data: index.EntryData) -> index.EntryData:
        data.kraje, data.units = self.kraje, self.units
        data.level, data.type = self.level, self.type
        data.year_from, data.year_to = self.year_from, self.year_to
        return data


def strategy_entries(strategy: Strategy, shared: Shared,
                     pillar_of_area: dict[str, str]) -> list[index.EntryData]:
    """The strategy itself and every element of its structure tree (``areas`` and
    ``nodes`` with their ``areas`` prefetched)."""
    areas = [area.code for area in strategy.areas.all()]
    entries = [shared.apply(index.EntryData(
        "strategy", str(strategy.pk), strategy.title, index.canonical_url(strategy),
        body=strategy.summary, areas=areas,
        pillars=index.pillars_of(areas, pillar_of_area)))]
    for node in strategy.nodes.all():
        node_areas = [area.code for area in node.areas.all()] or areas
        title = f"{node.code} {node.title}".strip()
        entries.append(shared.apply(index.EntryData(
            "node", str(node.pk), title, index.canonical_url(node), body=node.description,
            document=strategy.title, title_text=node.title, areas=node_areas,
            pillars=index.pillars_of(node_areas, pillar_of_area), role=node.kind)))
    return entries


def passage_entries(strategy: Strategy, documents: list[tuple[Any, list[Passage]]],
                    pillar_of_area: dict[str, str], shared: Shared) -> list[index.EntryData]:
    """Entries for the passages of each (document, passages) pair of ``strategy``."""
    entries: dict[str, index.EntryData] = {}
    for document, passages in documents:
        url = index.canonical_url(document)
        for passage in passages:
            object_id = f"{passage.pk}@{strategy.pk}"
            if object_id in entries:
                continue
            areas = passage.effective_areas
            entries[object_id] = shared.apply(index.EntryData(
                # The result names the strategy too: "Návrhová část" alone says too little.
                "passage", object_id, f"{strategy.title}: {document.title}",
                f"{url}#page-{passage.page}",
                body=passage.text, document=document.title, page=passage.page,
                language=passage.language or "cs", areas=areas,
                pillars=index.pillars_of(areas, pillar_of_area), title_text="",
                terms=passage.terms))
    return list(entries.values())


def entries(strategy_id: int) -> list[index.EntryData] | None:
    """A published strategy with its structure and the passages of the current version of
    each of its documents; None when it is gone or not public. The row lock makes two
    workers reindexing the strategy take turns."""
    locked = Strategy.all_objects.select_for_update().filter(pk=strategy_id).first()
    if locked is None or not locked.is_public:
        return None
    strategy = (Strategy.all_objects.filter(pk=strategy_id).prefetch_related(
        Prefetch("owners", queryset=index.facet_units()),
        "areas",
        Prefetch("nodes", queryset=StructureNode.objects.prefetch_related("areas")
                 .order_by("position", "id")),
        Prefetch("documents", queryset=StrategyDocument.objects.prefetch_related(
            Prefetch("versions", queryset=DocumentVersion.objects.order_by("-number")))),
    ).get())
    pillar_of_area = index.pillar_of_area()
    shared = Shared(strategy)
    found = strategy_entries(strategy, shared, pillar_of_area)
    current = {}
    for document in strategy.documents.all():
        versions = list(document.versions.all())
        if versions:
            current[document.pk] = (document, versions[0].sha256)
    extractions = dict(Extraction.objects.filter(
        sha256__in={sha for _document, sha in current.values()},
        status__in=[Extraction.Status.DONE, Extraction.Status.PARTIAL],
    ).values_list("sha256", "pk"))
    passages: dict[int, list[Passage]] = {}
    for passage in (Passage.objects.filter(extraction_id__in=extractions.values())
                    .only("pk", "extraction_id", "page", "text", "language", "terms",
                          "areas", "confirmed_areas").order_by("extraction_id", "index")):
        passages.setdefault(passage.extraction_id, []).append(passage)
    documents = [(document, passages.get(extractions.get(sha, 0), []))
                 for document, sha in current.values()]
    return found + passage_entries(strategy, documents, pillar_of_area, shared)


def published_ids() -> list[int]:
    return list(Strategy.objects.filter(public_q(Strategy)).values_list("pk", flat=True))


def is_public(strategy_id: int) -> bool:
    return Strategy.objects.filter(public_q(Strategy), pk=strategy_id).exists()


NODE_LABELS: dict[str, Any] = {
    NodeKind.VISION: gettext_lazy("vision of strategy %(strategy)s"),
    NodeKind.PRIORITY: gettext_lazy("priority of strategy %(strategy)s"),
    NodeKind.GOAL: gettext_lazy("goal of strategy %(strategy)s"),
    NodeKind.MEASURE: gettext_lazy("measure of strategy %(strategy)s"),
    NodeKind.ACTIVITY: gettext_lazy("activity of strategy %(strategy)s"),
}


def describe_node(item: index.Described) -> str:
    """"measure of strategy X" (Czech: "opatření strategie X")."""
    label = NODE_LABELS.get(item.role)
    text = str(label) if label is not None else _("element of strategy %(strategy)s")
    return text % {"strategy": item.document}


def describe_passage(item: index.Described) -> str:
    return _("page %(page)s") % {"page": item.page} if item.page else item.document


def strategies_using(extraction_id: int) -> list[int]:
    """Strategies with a document version whose file this extraction read."""
    sha256 = Extraction.objects.filter(pk=extraction_id).values_list("sha256", flat=True)
    return sorted(set(DocumentVersion.objects.filter(sha256__in=sha256).values_list(
        "document__strategy_id", flat=True)))


def passages_changed(sender: Any, extraction_id: int, on_commit: bool = False,
                     **kwargs: Any) -> None:
    """The passages of a file were stored (the worker, inside its transaction: reindex
    now) or corrected (a request: reindex once it commits)."""
    strategy_ids = strategies_using(extraction_id)
    if on_commit:
        for strategy_id in strategy_ids:
            index.reindex_on_commit(SOURCE, strategy_id)
    elif strategy_ids:
        index.reindex_now(SOURCE, *strategy_ids)


def register() -> None:
    index.register(index.SearchableSource(
        name=SOURCE, entries=entries, all_ids=published_ids, is_public=is_public,
        plural="strategies",
        kinds=[index.SearchKind("strategy", gettext_lazy("strategy")),
               index.SearchKind("node", gettext_lazy("strategy element"), describe_node),
               index.SearchKind("passage", gettext_lazy("document passage"),
                                describe_passage)],
        facets={"level": Level.choices, "type": StrategyType.choices}))
    passages_signal.connect(passages_changed, dispatch_uid="strategies.search.passages_changed")
