"""Reads of project intentions, scoped to what the user may see, with facets and the map."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts import permissions
from accounts.permissions import Action, can, scope_of, unit_filter, visible_q
from concept.models import KeyArea, Technology
from core.text import czech_key, fold
from strategies.models import NodeKind, StructureNode
from strategies.queries import visible_strategies
from territory.maps import project
from territory.models import Kind, SizeClass, TerritorialUnit
from territory.queries import at_or_within, within

from . import completeness
from .models import (
    Activity,
    BudgetLine,
    FundingSource,
    Intention,
    OutputIndicator,
    Partner,
    Partnership,
    PartnerState,
    Readiness,
    Status,
)

# Budget ranges for the facet: (key, label, lower bound, upper bound exclusive).
BUDGET_RANGES = [
    ("0-1m", _("< CZK 1 million"), Decimal(0), Decimal(1_000_000)),
    ("1m-5m", _("CZK 1–5 million"), Decimal(1_000_000), Decimal(5_000_000)),
    ("5m-20m", _("CZK 5–20 million"), Decimal(5_000_000), Decimal(20_000_000)),
    ("20m-100m", _("CZK 20–100 million"), Decimal(20_000_000), Decimal(100_000_000)),
    ("100m+", _("> CZK 100 million"), Decimal(100_000_000), None),
]


def visible_intentions(user: Any) -> QuerySet[Intention]:
    """The intentions the user may see (`accounts.permissions`, the rule in intentions.rules):
    published ones for everyone, submitted ones for analysts and moderators, their own
    units' and those they are partners of or invited to for editors and coordinators."""
    return Intention.objects.filter(visible_q(user, Intention))


def known_intentions(user: Any) -> QuerySet[Intention]:
    """Every intention, deleted ones included, the user may know of: those they may see as
    they stand, and those once published (for the API's tombstones of incremental sync)."""
    return Intention.all_objects.filter(visible_q(user, Intention)
                                        | Q(published_at__isnull=False))


def budget_visible_q(user: Any) -> Q:
    """Intentions whose budget the user may see (editors choose whether it is public)."""
    return permissions.budget_visible_q(user, Intention)


def can_see_budget(user: Any, intention: Intention) -> bool:
    return can(user, Action.VIEW_BUDGET, intention)


@dataclass
class IntentionFilters:
    search: str = ""
    kraj: str = ""
    orp: str = ""
    unit: str = ""  # the unit (lead or partner) and every unit inside it
    size_class: str = ""
    area: str = ""
    pillar: str = ""
    technology: str = ""
    status: str = ""
    readiness: str = ""
    year: int | None = None  # runs in that year
    source: str = ""
    budget: str = ""  # a BUDGET_RANGES key
    budget_min: Decimal | None = None
    budget_max: Decimal | None = None
    errors: list[str] = field(default_factory=list)


def filter_intentions(intentions: QuerySet[Intention], filters: IntentionFilters,
                      user: Any = None) -> QuerySet[Intention]:
    for word in fold(filters.search).split():
        intentions = intentions.filter(search_text__contains=word)
    if filters.kraj or filters.orp:
        for code, kind in ((filters.kraj, Kind.KRAJ), (filters.orp, Kind.ORP)):
            if not code:
                continue
            unit = TerritorialUnit.objects.filter(code=code, kind=kind).first()
            if unit is None:
                filters.errors.append(f"unknown {kind} {code}")
                return intentions.none()
            intentions = intentions.filter(at_or_within("lead_unit", unit))
    if filters.unit:
        unit = TerritorialUnit.objects.filter(code=filters.unit).first()
        if unit is None:
            filters.errors.append(f"unknown unit {filters.unit}")
            return intentions.none()
        intentions = intentions.filter(pk__in=Intention.objects.filter(
            at_or_within("lead_unit", unit) | at_or_within("partner_units", unit)).values("pk"))
    if filters.size_class:
        intentions = intentions.filter(lead_unit__size_class=filters.size_class)
    if filters.area:
        intentions = intentions.filter(
            Q(main_area__code=filters.area)
            | Q(pk__in=Intention.objects.filter(other_areas__code=filters.area).values("pk")))
    if filters.pillar:
        intentions = intentions.filter(main_area__pillar__code=filters.pillar)
    if filters.technology:
        intentions = intentions.filter(pk__in=Intention.objects.filter(
            technologies__code=filters.technology).values("pk"))
    if filters.status:
        intentions = intentions.filter(status=filters.status)
    if filters.readiness:
        intentions = intentions.filter(readiness=filters.readiness)
    if filters.year:
        intentions = intentions.filter(start_date__year__lte=filters.year,
                                       end_date__year__gte=filters.year)
    if filters.source:
        intentions = intentions.filter(pk__in=BudgetLine.objects.filter(
            source=filters.source).values("intention_id"))
    low, high = filters.budget_min, filters.budget_max
    if filters.budget:
        bucket = next((b for b in BUDGET_RANGES if b[0] == filters.budget), None)
        if bucket is None:
            filters.errors.append(f"unknown budget range {filters.budget}")
            return intentions.none()
        low, high = bucket[2], bucket[3]
    if low is not None or high is not None:
        intentions = intentions.filter(budget_visible_q(user))
        if low is not None:
            intentions = intentions.filter(budget_total__gte=low)
        if high is not None:
            intentions = intentions.filter(budget_total__lt=high)
    return intentions


def for_list(intentions: QuerySet[Intention]) -> QuerySet[Intention]:
    """Everything a list row shows, in a constant number of queries."""
    return intentions.select_related("lead_unit__kraj", "lead_unit__orp",
                                     "main_area__pillar").prefetch_related(
        "partner_units", "technologies", "other_areas",
        Prefetch("budget", queryset=BudgetLine.objects.order_by("year", "source")))


def facet_counts(intentions: QuerySet[Intention], user: Any = None) -> dict[str, list]:
    """(value, label, count) per facet over the already filtered intentions."""
    ids = intentions.values("pk")
    base = Intention.objects.filter(pk__in=ids).order_by()

    def grouped(path: str) -> dict:
        return dict(base.values_list(path).annotate(n=Count("pk", distinct=True))
                    .values_list(path, "n"))

    def simple(path: str, choices) -> list[tuple[str, str, int]]:
        counts = grouped(path)
        return [(value, label, counts[value]) for value, label in choices if counts.get(value)]

    kraje = dict(TerritorialUnit.objects.filter(kind=Kind.KRAJ).values_list("code", "name"))
    kraj_counts = grouped("lead_unit__kraj__code")
    orp_rows = (base.values_list("lead_unit__orp__code", "lead_unit__orp__name")
                .annotate(n=Count("pk")).order_by("-n")[:15])
    areas = {a.code: a for a in KeyArea.objects.select_related("pillar")}
    area_counts = grouped("main_area__code")
    pillar_counts = grouped("main_area__pillar__code")
    technology_counts = dict(
        Technology.objects.filter(intentions__in=ids).values_list("code")
        .annotate(n=Count("intentions", distinct=True)).values_list("code", "n"))
    technology_names = {t.code: t.name for t in Technology.objects.all()}
    source_counts = dict(BudgetLine.objects.filter(intention__in=ids).values_list("source")
                         .annotate(n=Count("intention", distinct=True))
                         .values_list("source", "n"))
    year_counts = grouped("start_date__year")
    budgets = list(base.filter(budget_visible_q(user)).values_list("budget_total", flat=True))
    range_counts = []
    for key, label, low, high in BUDGET_RANGES:
        n = sum(1 for b in budgets if b >= low and (high is None or b < high))
        if n:
            range_counts.append((key, label, n))
    pillar_names = {a.pillar.code: a.pillar.name for a in areas.values()}
    return {
        "kraj": sorted(((c, kraje.get(c, c), n) for c, n in kraj_counts.items() if c),
                       key=lambda r: czech_key(r[1])),
        "orp": [(c, name, n) for c, name, n in orp_rows if c],
        "size_class": simple("lead_unit__size_class", SizeClass.choices),
        # An intention without a main area or a start date (every new one) counts under
        # None, which is left out before sorting (None does not compare with text).
        "pillar": [(c, pillar_names.get(c, c), n)
                   for c, n in sorted((c, n) for c, n in pillar_counts.items() if c)],
        "area": [(c, f"{c} {areas[c].name}", area_counts[c])
                 for c in areas if area_counts.get(c)],
        "technology": sorted(((c, technology_names.get(c, c), n)
                              for c, n in technology_counts.items()),
                             key=lambda r: -r[2]),
        "status": simple("status", Status.choices),
        "readiness": simple("readiness", Readiness.choices),
        "year": [(str(y), str(y), n)
                 for y, n in sorted((y, n) for y, n in year_counts.items() if y)],
        "source": [(v, label, source_counts[v]) for v, label in FundingSource.choices
                   if source_counts.get(v)],
        "budget": range_counts,
    }


def map_points(intentions: QuerySet[Intention]) -> list[dict[str, Any]]:
    """Intentions per leading municipality, projected onto the kraje map."""
    rows = (Intention.objects.filter(pk__in=intentions.values("pk")).order_by()
            .values_list("lead_unit__code", "lead_unit__name", "lead_unit__lon",
                         "lead_unit__lat").annotate(n=Count("pk")))
    points = []
    for code, name, lon, lat, n in rows:
        if lon is None or lat is None:
            continue
        x, y = project(lon, lat)
        points.append({"code": code, "name": name, "x": x, "y": y, "count": n,
                       "r": min(3 + n, 12)})
    return sorted(points, key=lambda p: -p["count"])


def intention_detail(user: Any, pk: int) -> Intention | None:
    return (for_list(visible_intentions(user)).prefetch_related(
        "sdgs", Prefetch("outputs", queryset=OutputIndicator.objects.all()),
        Prefetch("partners", queryset=Partner.objects.all()),
        Prefetch("activities", queryset=Activity.objects.all()),
        "strategy_nodes__strategy",
        Prefetch("partnerships", queryset=Partnership.objects.select_related("unit")),
    ).filter(pk=pk).first())


def partnerships_shown(user: Any, intention: Intention) -> list[tuple[Partnership, bool]]:
    """The partnerships the user may see, each with whether the user may answer it: all
    of them for those who see the unpublished intention, the confirmed ones for others."""
    insider = can(user, Action.VIEW_UNPUBLISHED, intention)
    return [(p, can(user, Action.EDIT, p)) for p in intention.partnerships.all()
            if insider or p.state == PartnerState.CONFIRMED]


def waiting_invitations(user: Any) -> QuerySet[Partnership]:
    """Invitations to be a partner waiting for an answer from the units the user acts
    for (their dashboard lists them)."""
    if not getattr(user, "is_authenticated", False):
        return Partnership.objects.none()
    return (Partnership.objects.filter(unit_filter(user, "unit"), state=PartnerState.PENDING,
                                       intention__deleted_at__isnull=True)
            .select_related("unit", "intention__lead_unit").order_by("invited_at", "id"))


@dataclass
class BudgetTable:
    years: list[int]
    sources: list[tuple[str, str | Promise]]  # (code, label) of the sources used
    cells: dict[tuple[int, str], Decimal]
    by_year: dict[int, Decimal]
    by_source: dict[str, Decimal]
    total: Decimal

    def source_totals(self) -> list[Decimal]:
        return [self.by_source[code] for code, _l in self.sources]

    def rows(self):
        for year in self.years:
            yield year, [self.cells.get((year, code)) for code, _l in self.sources], \
                self.by_year[year]


def budget_table(intention: Intention) -> BudgetTable:
    lines = list(intention.budget.all())
    years = sorted({line.year for line in lines})
    used = {line.source for line in lines}
    sources: list[tuple[str, str | Promise]] = [
        (code, label) for code, label in FundingSource.choices if code in used]
    cells = {(line.year, line.source): line.amount for line in lines}
    by_year = {y: sum((a for (yy, _s), a in cells.items() if yy == y), Decimal(0))
               for y in years}
    by_source = {s: sum((a for (_y, ss), a in cells.items() if ss == s), Decimal(0))
                 for s, _l in sources}
    return BudgetTable(years, sources, cells, by_year, by_source,
                       sum(cells.values(), Decimal(0)))


# The related lists a fiche shows (``intention_detail`` prefetches them all).
FICHE_LISTS = ("technologies", "sdgs", "budget", "outputs", "partners", "activities",
               "strategy_nodes__strategy")


def shown_strategy_nodes(user: Any, intention: Intention) -> list:
    """The linked strategy elements the user may see: an element of a strategy hidden
    from them (a draft of another unit) is left out with its strategy's title. Pass an
    AnonymousUser for the public rule."""
    nodes = list(intention.strategy_nodes.all())
    if not nodes:
        return []
    allowed = set(visible_strategies(user).filter(pk__in={n.strategy_id for n in nodes})
                  .values_list("pk", flat=True))
    return [n for n in nodes if n.strategy_id in allowed]


def fiche_data(intention: Intention, viewer: Any = None) -> completeness.FicheData:
    """The snapshot the completeness check runs on. An intention from
    ``intention_detail`` has every related list prefetched and costs no further query;
    for any other, what is missing is fetched here, one query per list. With a viewer,
    elements of strategies hidden from them are named by neither title (the checks
    still count them)."""
    prefetch_related_objects([intention], *FICHE_LISTS)
    shown = None if viewer is None else {n.pk for n in shown_strategy_nodes(viewer,
                                                                            intention)}
    nodes = [completeness.NodeLink(str(n), n.strategy.title, n.strategy.valid_from,
                                   n.strategy.valid_to)
             if shown is None or n.pk in shown else
             completeness.NodeLink(f"#{n.pk}", "…", n.strategy.valid_from,
                                   n.strategy.valid_to)
             for n in intention.strategy_nodes.all()]
    return completeness.FicheData(
        title=intention.title, problem=intention.problem, goals=intention.goals,
        target_groups=intention.target_groups, description=intention.description,
        main_area=intention.main_area.code if intention.main_area is not None else "",
        technologies=len(intention.technologies.all()), sdgs=len(intention.sdgs.all()),
        nodes=nodes, start_date=intention.start_date, end_date=intention.end_date,
        total_cost=intention.total_cost,
        budget=[(line.year, line.source, line.amount) for line in intention.budget.all()],
        outputs=[completeness.OutputRow(o.name, o.unit, o.baseline, o.target, o.target_year)
                 for o in intention.outputs.all()],
        partners=len(intention.partners.all()), activities=len(intention.activities.all()),
        pending=intention.pending_input or {})


def completeness_report(intention: Intention, viewer: Any = None) -> completeness.Report:
    return completeness.check(fiche_data(intention, viewer))


def _ancestors(units) -> set[int]:
    """The units and everything above them: kraj, okres, ORP, groups, the state."""
    ids: set[int] = set()
    for unit in units:
        if unit is None:
            continue
        ids.add(unit.pk)
        ids.update(i for i in (unit.kraj_id, unit.okres_id, unit.orp_id) if i)
        ids.update(unit.groups.values_list("pk", flat=True))
    ids.update(TerritorialUnit.objects.filter(kind=Kind.STATE).values_list("pk", flat=True))
    return ids


def linkable_strategies(user: Any, units):
    """Strategies whose measures an intention of `units` may implement: those of the units
    and the units above them, and the strategies those implement (their parents)."""
    visible = visible_strategies(user)
    own = set(visible.filter(owners__in=_ancestors(units)).values_list("pk", flat=True))
    frontier, seen = set(own), set(own)
    while frontier:
        parents = set(visible.filter(implemented_by__in=frontier).values_list("pk", flat=True))
        frontier = parents - seen
        seen |= parents
    return visible.filter(pk__in=seen)


def linkable_strategy_ids(user: Any, units) -> set[int]:
    return set(linkable_strategies(user, units).values_list("pk", flat=True))


def linkable_nodes(user: Any, units):
    return (StructureNode.objects.filter(strategy__in=linkable_strategies(user, units),
                                         kind__in=[NodeKind.MEASURE, NodeKind.ACTIVITY])
            .select_related("strategy").order_by("strategy__sort_key", "position", "id"))


def intentions_of_units(user: Any, unit_ids) -> QuerySet[Intention]:
    return for_list(visible_intentions(user).filter(
        Q(lead_unit__in=unit_ids) | Q(pk__in=Intention.objects.filter(
            partner_units__in=unit_ids).values("pk"))).distinct())


def intentions_at_or_within(user: Any, unit: TerritorialUnit) -> QuerySet[Intention]:
    """The intentions of the unit and of every unit inside it (a kraj: all of its
    municipalities), led or as a partner, as far as the user may see them."""
    return intentions_of_units(user, TerritorialUnit.objects.filter(
        Q(pk=unit.pk) | within(unit)).values("pk"))


def fiche_units(user: Any, limit: int = 100) -> list[TerritorialUnit]:
    """The units whose fiches the user may download at once: for a kraj coordinator the
    kraj, then the units inside it that have intentions the user sees; for an editor the
    units they edit for that have such intentions."""
    scope = scope_of(user)
    kraj_ids = scope.coordinator_kraj_ids
    if not scope.editor_unit_ids and not kraj_ids:
        return []
    visible = visible_intentions(user)
    with_intentions = Q(pk__in=visible.values("lead_unit_id")) | Q(
        pk__in=Intention.partner_units.through.objects.filter(
            intention__in=visible.values("pk")).values("territorialunit_id"))
    kraje = list(TerritorialUnit.objects.filter(pk__in=kraj_ids).order_by("sort_key"))
    units = list(TerritorialUnit.objects.filter(
        with_intentions, Q(pk__in=scope.editor_unit_ids) | Q(kraj_id__in=kraj_ids))
        .exclude(pk__in=kraj_ids).order_by("sort_key")[:limit])
    return kraje + units
