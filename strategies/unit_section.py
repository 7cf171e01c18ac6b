"""The strategies of a territorial unit on its page (`territory.sections`): those the user
may see, owned by the unit or by a unit inside it, and the key areas they cover."""

from __future__ import annotations

from typing import Any

from concept.queries import areas
from territory import sections
from territory.models import TerritorialUnit

from .queries import covered_areas, strategies_of_unit

SHOWN = 50


def context(user: Any, unit: TerritorialUnit) -> dict[str, Any]:
    strategies = strategies_of_unit(user, unit)
    covered = covered_areas(strategies)
    return {"strategies": strategies[:SHOWN], "count": strategies.count(), "more": SHOWN,
            "area_coverage": [(area, area.code in covered) for area in areas()]}


def register() -> None:
    sections.register(sections.UnitSection(
        "strategies", "strategies/_unit_section.html", context))
