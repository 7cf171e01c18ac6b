"""Territorial units for the choosers (core.choosers): suggested as the unit search ranks
them (territory.queries.search_units), told apart by their kind and district."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from core import choosers
from core.choosers import Option, Params
from core.text import fold

from .models import Kind, TerritorialUnit
from .queries import active_units, search_units

# Units are chosen among the active ones; `within` may narrow them further for the user
# choosing (e.g. to the units an editor acts for).
Scope = Callable[[Any], QuerySet[TerritorialUnit]]


class UnitSource(choosers.Source):
    """Active territorial units; the parameter ``kind`` narrows them to kinds (comma
    separated, e.g. ``kraj,orp,obec``)."""

    params = ("kind",)

    def __init__(self, within: Scope | None = None):
        self.within = within

    def _units(self, user: Any, params: Params) -> QuerySet[TerritorialUnit]:
        """The units suggested and found by name: active ones of the kinds asked for, within
        the source's scope for the user."""
        units = self._of_kinds(active_units(), params)
        if self.within is not None:
            units = units.filter(pk__in=self.within(user).values("pk"))
        return units

    @staticmethod
    def _of_kinds(units: QuerySet[TerritorialUnit], params: Params) -> QuerySet[TerritorialUnit]:
        kinds = [k for k in str(params.get("kind", "")).split(",") if k in Kind.values]
        return units.filter(kind__in=kinds) if kinds else units

    def suggest(self, user: Any, query: str, params: Params) -> Sequence[Any]:
        allowed = self._units(user, params).values("pk")
        return list(search_units(query).filter(pk__in=allowed)[:choosers.SUGGESTIONS])

    def by_values(self, user: Any, values: Sequence[str], params: Params) -> list[Any]:
        """Units by code, of the kinds asked for: whether the user may add a unit is the
        service's question, and a unit abolished since stays where it was chosen before
        (the services refuse choosing it anew)."""
        codes = {str(v).strip() for v in values if v}
        codes |= {code.upper() for code in codes}  # kraje: cz031 is CZ031
        return list(self._of_kinds(TerritorialUnit.objects.all(), params)
                    .filter(code__in=codes).select_related("okres", "kraj"))

    def named(self, user: Any, name: str, params: Params) -> list[Any]:
        return list(self._units(user, params).filter(name_folded=fold(name))
                    .select_related("okres", "kraj").order_by("kind", "sort_key"))

    def value_of(self, record: Any) -> str:
        return record.code

    def option(self, record: Any) -> Option:
        return Option(record.code, record.name, unit_hint(record))


def unit_hint(unit: TerritorialUnit) -> str:
    """What tells a unit from its namesakes: its kind, and for a municipality its district
    ("obec, okres Příbram"), for larger units their kraj."""
    kind = str(Kind(unit.kind).label) if unit.kind in Kind.values else unit.kind
    district = getattr(unit, "okres", None)
    if unit.kind == Kind.OBEC and district is not None:
        return _("%(kind)s, district of %(district)s") % {"kind": kind, "district": district.name}
    kraj = getattr(unit, "kraj", None)
    if unit.kind in (Kind.OKRES, Kind.ORP, Kind.MAS, Kind.MICROREGION) and kraj is not None:
        return f"{kind}, {kraj.name}"
    return kind


def register() -> None:
    choosers.register("unit", UnitSource())
