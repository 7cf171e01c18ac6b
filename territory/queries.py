"""Reads of territorial units: lookup, ranked name search, children and groups."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When

from core.text import fold

from .models import Kind, TerritorialUnit


def active_units() -> QuerySet[TerritorialUnit]:
    return TerritorialUnit.objects.filter(is_active=True)


def all_units() -> QuerySet[TerritorialUnit]:
    """Every unit, inactive ones too (what an API client may have mirrored)."""
    return TerritorialUnit.objects.all()


def unit_counts(kinds: list[str]) -> dict[str, int]:
    """How many active units there are of each of ``kinds`` (one query)."""
    counted = dict(active_units().filter(kind__in=kinds).order_by().values("kind")
                   .annotate(n=Count("pk")).values_list("kind", "n"))
    return {kind: counted.get(kind, 0) for kind in kinds}


def unit_by_code(code: str) -> TerritorialUnit | None:
    return (
        active_units().select_related("kraj", "okres", "orp").filter(code=code).first()
    )


def search_units(
    query: str = "", kind: str | None = None, parent: TerritorialUnit | None = None
) -> QuerySet[TerritorialUnit]:
    """Units matching a name typed with or without diacritics.

    Ranking: exact name, then name prefix, then a word of the name starting with the query,
    then anywhere in the name; within a rank bigger population first, then Czech order.
    """
    units = active_units().select_related("kraj", "okres", "orp")
    if kind:
        units = units.filter(kind=kind)
    if parent is not None:
        units = units.filter(within(parent))
    folded = fold(query)
    if not folded:
        return units.order_by("kind", "sort_key")
    units = units.filter(name_folded__contains=folded).annotate(
        rank=Case(
            When(name_folded=folded, then=Value(0)),
            When(name_folded__startswith=folded, then=Value(1)),
            When(name_folded__contains=" " + folded, then=Value(2)),
            When(name_folded__contains="-" + folded, then=Value(2)),
            default=Value(3),
            output_field=IntegerField(),
        )
    )
    return units.order_by("rank", F("population").desc(nulls_last=True), "sort_key")


# The field of a unit that names the unit it lies in, per kind of that larger unit.
_INSIDE: dict[str, str] = {Kind.KRAJ: "kraj", Kind.OKRES: "okres", Kind.ORP: "orp", Kind.MAS: "groups",
           Kind.MICROREGION: "groups"}


def within(parent: TerritorialUnit) -> Q:
    """Units lying inside `parent` in the official tree or as members of a group."""
    if parent.kind == Kind.STATE:
        return ~Q(pk=parent.pk)
    if parent.kind in _INSIDE:
        return Q(**{_INSIDE[parent.kind]: parent})
    return Q(pk__in=[])


def at_or_within(path: str, unit: TerritorialUnit) -> Q:
    """Rows whose unit at `path` (e.g. "owners") is `unit` or lies inside it; for the
    state, rows with any unit."""
    if unit.kind == Kind.STATE:
        return Q(**{f"{path}__isnull": False})
    condition = Q(**{path: unit})
    if unit.kind in _INSIDE:
        condition |= Q(**{f"{path}__{_INSIDE[unit.kind]}": unit})
    return condition


def children(parent: TerritorialUnit) -> QuerySet[TerritorialUnit]:
    """Direct children for browsing: kraj → okresy and ORP, ORP → obce, group → members."""
    units = active_units()
    if parent.kind == Kind.STATE:
        return units.filter(kind=Kind.KRAJ).order_by("sort_key")
    if parent.kind == Kind.KRAJ:
        return units.filter(kraj=parent, kind__in=[Kind.OKRES, Kind.ORP, Kind.MAS,
                                                   Kind.MICROREGION]).order_by("kind", "sort_key")
    if parent.kind in (Kind.OKRES, Kind.ORP):
        return units.filter(within(parent), kind=Kind.OBEC).order_by("sort_key")
    if parent.kind in (Kind.MAS, Kind.MICROREGION):
        return parent.members.filter(is_active=True).order_by("sort_key")
    return units.none()


def groups_of(unit: TerritorialUnit) -> QuerySet[TerritorialUnit]:
    return unit.groups.filter(is_active=True).order_by("sort_key")


def kraje() -> QuerySet[TerritorialUnit]:
    return active_units().filter(kind=Kind.KRAJ).order_by("sort_key")


def unit_names(codes: set[str], user: Any = None) -> dict[str, str]:
    """{official code: name} of the units with these codes (territory is public, so every
    reader gets every name); the history and the choosers name recorded codes with it."""
    return dict(TerritorialUnit.objects.filter(code__in=codes).values_list("code", "name"))
