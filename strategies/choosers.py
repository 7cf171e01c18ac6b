"""Strategies and the units an editor acts for, for the choosers (core.choosers)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Prefetch, QuerySet

from accounts.permissions import editable_units
from core import choosers
from core.choosers import Option, Params
from core.text import fold
from core.validators import parse_id
from territory.choosers import UnitSource
from territory.models import TerritorialUnit

from .models import Level, Strategy
from .queries import visible_strategies

# How many strategies matching the typed text are ranked by their titles.
RANKED = 300


class StrategySource(choosers.Source):
    """The strategies the user may see; ``level`` narrows suggestions to levels (comma
    separated), ``exclude`` leaves one out (the strategy being edited). Titles may hold
    commas, so several are separated by semicolons only."""

    params = ("level", "exclude")
    separators = r"[;\n]"

    def _strategies(self, user: Any, params: Params) -> QuerySet[Strategy]:
        strategies = visible_strategies(user).prefetch_related(Prefetch(
            "owners", queryset=TerritorialUnit.objects.order_by("sort_key")))
        levels = [lv for lv in str(params.get("level", "")).split(",") if lv in Level.values]
        if levels:
            strategies = strategies.filter(level__in=levels)
        excluded = parse_id(params.get("exclude"))
        return strategies.exclude(pk=excluded) if excluded else strategies

    def suggest(self, user: Any, query: str, params: Params) -> Sequence[Any]:
        folded = fold(query)
        if not folded:
            return []
        found = list(self._strategies(user, params).filter(search_text__contains=folded)
                     .order_by("sort_key", "pk")[:RANKED])

        def rank(strategy: Strategy) -> int:
            title = fold(strategy.title)
            if title == folded:
                return 0
            if title.startswith(folded):
                return 1
            if f" {folded}" in f" {title}":
                return 2
            return 3 if folded in title else 4  # 4: only the summary matches

        return sorted(found, key=rank)[:choosers.SUGGESTIONS]

    def by_values(self, user: Any, values: Sequence[str], params: Params) -> list[Any]:
        ids = {parse_id(str(v).lstrip("#")) for v in values} - {None}
        if not ids:
            return []
        # Posted ids are checked against what the user may see, whatever the level: a parent
        # linked before (through the API) stays choosable.
        return list(self._strategies(user, {"exclude": params.get("exclude", "")})
                    .filter(pk__in=ids))

    def named(self, user: Any, name: str, params: Params) -> list[Any]:
        folded = fold(name)
        return [s for s in self._strategies(user, params).filter(search_text__startswith=folded)
                if fold(s.title) == folded]

    def value_of(self, record: Any) -> str:
        return str(record.pk)

    def is_value(self, text: str) -> bool:
        return text.lstrip("#").isdigit()  # an id: titles are not mere numbers

    def option(self, record: Any) -> Option:
        owners = ", ".join(unit.name for unit in record.owners.all()[:3])
        level = str(Level(record.level).label) if record.level in Level.values else ""
        return Option(str(record.pk), record.title, " · ".join(p for p in (owners, level) if p))


def register() -> None:
    choosers.register("strategy", StrategySource())
    # The units a user may enter strategies and intentions for (owners, the leading unit).
    choosers.register("editable-unit", UnitSource(within=editable_units))
