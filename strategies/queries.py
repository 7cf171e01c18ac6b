"""Reads of strategies, scoped to what the user may see, with facets."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from accounts.permissions import visible_q
from concept.models import KeyArea
from core.text import czech_key, fold
from core.workflow import ReviewState
from territory.models import Kind, TerritorialUnit
from territory.queries import at_or_within

from .models import (
    Indicator,
    IndicatorValue,
    Level,
    Status,
    Strategy,
    StrategyDocument,
    StrategyType,
    StructureNode,
    progress,
)


def visible_strategies(user: Any) -> QuerySet[Strategy]:
    """The strategies the user may see (`accounts.permissions`, the rule in strategies.rules):
    published ones for everyone; drafts for their unit's editors and the kraj coordinator;
    everything for analysts, moderators and administrators."""
    return Strategy.objects.filter(visible_q(user, Strategy))


def known_strategies(user: Any) -> QuerySet[Strategy]:
    """Every strategy, deleted ones included, the user may know of: those they may see as
    they stand, and those once published (for the API's tombstones of incremental sync)."""
    return Strategy.all_objects.filter(visible_q(user, Strategy)
                                       | Q(published_at__isnull=False))


def strategy_names(ids: set[str], user: Any) -> dict[str, str]:
    """{"#id": title} of the recorded strategy ids (the history keeps parents by id) that
    the reader may see; one they may not see is named only as such."""
    wanted = {int(i[1:]) for i in ids if i.startswith("#") and i[1:].isdigit() and len(i) < 19}
    names = {f"#{pk}": _("a strategy you may not see") for pk in wanted}
    names.update({f"#{pk}": title for pk, title in visible_strategies(user)
                  .filter(pk__in=wanted).values_list("pk", "title")})
    return names


def visible_nodes(user: Any) -> QuerySet[StructureNode]:
    """Elements of the strategies the user may see: what an id of an element may name."""
    return StructureNode.objects.filter(strategy__in=visible_strategies(user))


@dataclass
class StrategyFilters:
    search: str = ""
    kraj: str = ""  # NUTS 3 code
    orp: str = ""
    owner: str = ""  # any unit code: the unit and everything inside it
    level: str = ""
    strategy_type: str = ""
    status: str = ""
    state: str = ""
    valid_in: int | None = None
    area: str = ""
    pillar: str = ""
    smart: bool | None = None  # owners have a SMART city strategy
    errors: list[str] = field(default_factory=list)


def filter_strategies(strategies: QuerySet[Strategy], filters: StrategyFilters) -> QuerySet:
    for word in fold(filters.search).split():
        strategies = strategies.filter(search_text__contains=word)
    for code in (filters.kraj, filters.orp, filters.owner):
        if code:
            unit = TerritorialUnit.objects.filter(code=code).first()
            if unit is None:
                filters.errors.append(f"unknown unit {code}")
                return strategies.none()
            strategies = strategies.filter(pk__in=Strategy.objects.filter(
                at_or_within("owners", unit)).values("pk"))
    for name in ("level", "strategy_type", "status", "state"):
        value = getattr(filters, name)
        if value:
            strategies = strategies.filter(**{name: value})
    if filters.valid_in:
        year = filters.valid_in
        strategies = strategies.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=year),
            Q(valid_to__isnull=True) | Q(valid_to__gte=year),
        ).exclude(status=Status.PREPARATION)
    if filters.area:
        strategies = strategies.filter(areas__code=filters.area)
    if filters.pillar:
        strategies = strategies.filter(
            pk__in=Strategy.objects.filter(areas__pillar__code=filters.pillar).values("pk"))
    if filters.smart is not None:
        smart_owner = Strategy.objects.filter(
            strategy_type=StrategyType.SMART_CITY, state=ReviewState.PUBLISHED,
            owners=OuterRef("owners"))
        with_smart = Strategy.objects.filter(Exists(smart_owner)).values("pk")
        strategies = (strategies.filter(pk__in=with_smart) if filters.smart
                      else strategies.exclude(pk__in=with_smart))
    return strategies.distinct()


def for_list(strategies: QuerySet[Strategy]) -> QuerySet[Strategy]:
    """Everything a list row shows, in a constant number of queries."""
    return strategies.prefetch_related(
        Prefetch("owners", queryset=TerritorialUnit.objects.select_related("kraj", "orp")),
        Prefetch("areas", queryset=KeyArea.objects.select_related("pillar")),
    )


def facet_counts(strategies: QuerySet[Strategy]) -> dict[str, list[tuple[str, str, int]]]:
    """(value, label, count) per facet over the already filtered strategies."""
    ids = strategies.values("pk")
    base = Strategy.objects.filter(pk__in=ids)

    def simple(name: str, choices) -> list[tuple[str, str, int]]:
        counts = dict(base.values_list(name).annotate(n=Count("pk")).values_list(name, "n"))
        return [(value, label, counts[value]) for value, label in choices if counts.get(value)]

    # Strategies per kraj, counted in the database: by the owners' kraj, or the kraj itself
    # when a kraj owns the strategy.
    # (The type checker's Django plugin does not see an annotation made after values_list,
    # so it takes "n" for a missing field of the link table: the two ignores below.)
    links = Strategy.owners.through.objects.filter(strategy__in=ids)
    per_kraj: dict[str, int] = dict(
        links.exclude(territorialunit__kraj=None).values_list(  # type: ignore[misc]
            "territorialunit__kraj__code")
        .annotate(n=Count("strategy", distinct=True)).values_list(
            "territorialunit__kraj__code", "n"))
    for code, count in (links.filter(territorialunit__kind=Kind.KRAJ)  # type: ignore[misc]
                        .values_list("territorialunit__code")
                        .annotate(n=Count("strategy", distinct=True))
                        .values_list("territorialunit__code", "n")):
        per_kraj[code] = per_kraj.get(code, 0) + count
    names = dict(TerritorialUnit.objects.filter(kind=Kind.KRAJ).values_list("code", "name"))
    kraj_counts = sorted(((code, names.get(code, code), count)
                          for code, count in per_kraj.items()),
                         key=lambda row: czech_key(row[1]))
    area_counts = dict(KeyArea.objects.filter(strategies__in=ids)
                       .values_list("code").annotate(n=Count("strategies", distinct=True))
                       .values_list("code", "n"))
    areas = [(a.code, f"{a.code} {a.name}", area_counts[a.code])
             for a in KeyArea.objects.order_by("position") if area_counts.get(a.code)]
    return {
        "kraj": kraj_counts,
        "level": simple("level", Level.choices),
        "strategy_type": simple("strategy_type", StrategyType.choices),
        "status": simple("status", Status.choices),
        "area": areas,
    }


def strategy_detail(user: Any, pk: int) -> Strategy | None:
    """The strategy with the parents the user may see (like the strategies implementing it,
    `implemented_by`)."""
    return (for_list(visible_strategies(user)).prefetch_related(
        Prefetch("parents", queryset=visible_strategies(user)),
    ).filter(pk=pk).first())


@dataclass
class TreeNode:
    node: StructureNode
    children: list[TreeNode]
    indicators: list[Indicator]
    progress: float | None  # rolled up from own indicators and children


def indicator_progress(indicator: Indicator) -> float | None:
    values = list(indicator.values.all())
    latest = values[-1].value if values else None
    return progress(indicator.baseline_value, indicator.target_value, latest)


def structure_tree(strategy: Strategy) -> list[TreeNode]:
    """The whole tree with indicators and their values in three queries."""
    nodes = list(StructureNode.objects.filter(strategy=strategy)
                 .prefetch_related("areas",
                                   Prefetch("indicators", queryset=Indicator.objects
                                            .prefetch_related(Prefetch(
                                                "values",
                                                queryset=IndicatorValue.objects.order_by("year")))))
                 .order_by("position", "id"))
    by_parent: dict[int | None, list[StructureNode]] = {}
    for node in nodes:
        by_parent.setdefault(node.parent_id, []).append(node)

    def build(node: StructureNode) -> TreeNode:
        children = [build(child) for child in by_parent.get(node.pk, [])]
        indicators = list(node.indicators.all())
        shares = [p for p in (indicator_progress(i) for i in indicators) if p is not None]
        shares += [c.progress for c in children if c.progress is not None]
        rolled = sum(shares) / len(shares) if shares else None
        return TreeNode(node, children, indicators, rolled)

    return [build(node) for node in by_parent.get(None, [])]


def flatten(tree: list[TreeNode], depth: int = 0):
    for item in tree:
        yield depth, item
        yield from flatten(item.children, depth + 1)


def documents_of(strategy: Strategy) -> QuerySet[StrategyDocument]:
    return strategy.documents.prefetch_related("versions")


def implemented_by(user: Any, strategy: Strategy) -> QuerySet[Strategy]:
    return visible_strategies(user).filter(parents=strategy).prefetch_related("owners")


def strategies_of_unit(user: Any, unit: TerritorialUnit) -> QuerySet[Strategy]:
    return for_list(visible_strategies(user).filter(
        pk__in=Strategy.objects.filter(at_or_within("owners", unit)).values("pk")))


def covered_areas(strategies: QuerySet[Strategy]) -> set[str]:
    return set(KeyArea.objects.filter(strategies__in=strategies.values("pk"))
               .values_list("code", flat=True))


@dataclass
class Overview:
    year: int
    obce_total: int
    obce_with_strategy: int
    obce_with_smart: int
    kraje_with_strategy: int
    by_type: list[tuple[str | Promise, int]]  # (type label, number of strategies)
    by_kraj: list[dict[str, Any]]  # name, code, obce, with strategy, with SMART, share
    obec_classes: dict[str, int]  # municipality code → 0 none, 1 strategy, 2 SMART strategy


def national_overview(year: int) -> Overview:
    """Coverage by valid published strategies in `year` (public data only)."""
    valid = filter_strategies(Strategy.objects.filter(state=ReviewState.PUBLISHED),
                              StrategyFilters(valid_in=year))
    links = (Strategy.owners.through.objects.filter(strategy__in=valid.values("pk"))
             .values_list("territorialunit__code", "territorialunit__kind",
                          "strategy__strategy_type"))
    obec_classes: dict[str, int] = {}
    kraje: set[str] = set()
    for code, kind, strategy_type in links:
        if kind == Kind.OBEC:
            level = 2 if strategy_type == StrategyType.SMART_CITY else 1
            obec_classes[code] = max(obec_classes.get(code, 0), level)
        elif kind == Kind.KRAJ:
            kraje.add(code)
    type_labels = dict(StrategyType.choices)
    by_type = [(type_labels[t], n) for t, n in valid.order_by().values_list("strategy_type")
               .annotate(n=Count("pk")).values_list("strategy_type", "n")]
    obce = TerritorialUnit.objects.filter(kind=Kind.OBEC, is_active=True).values_list(
        "code", "kraj__code")
    per_kraj: dict[str, list[int]] = {}
    for code, kraj_code in obce:
        row = per_kraj.setdefault(kraj_code, [0, 0, 0])
        row[0] += 1
        level = obec_classes.get(code, 0)
        row[1] += level >= 1
        row[2] += level == 2
    names = dict(TerritorialUnit.objects.filter(kind=Kind.KRAJ).values_list("code", "name"))
    by_kraj: list[dict[str, Any]] = sorted(({"code": k, "name": names.get(k, k), "obce": v[0], "with_strategy": v[1],
                       "with_smart": v[2], "share": v[1] / v[0] if v[0] else 0.0,
                       "kraj_strategy": k in kraje}
                      for k, v in per_kraj.items()), key=lambda r: czech_key(r["name"]))
    return Overview(year, sum(v[0] for v in per_kraj.values()),
                    sum(1 for v in obec_classes.values() if v >= 1),
                    sum(1 for v in obec_classes.values() if v == 2), len(kraje),
                    sorted(by_type, key=lambda r: -r[1]), by_kraj, obec_classes)
