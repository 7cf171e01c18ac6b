"""What other apps show on a territorial unit's page.

Territory knows none of the records that belong to a unit. An app that has some registers a
`UnitSection` in its `AppConfig.ready()` (strategies: the unit's strategies and the key areas
they cover): a template, and a function giving that template's `section` for a user and a
unit. The page shows the sections in the order they were registered (the order of
INSTALLED_APPS).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .models import TerritorialUnit


@dataclass(frozen=True)
class UnitSection:
    name: str
    template: str
    context: Callable[[Any, TerritorialUnit], dict[str, Any]]


_sections: dict[str, UnitSection] = {}


def register(section: UnitSection) -> UnitSection:
    """Add (or replace: `ready()` may run twice in tests) a section."""
    _sections[section.name] = section
    return section


def sections_for(user: Any, unit: TerritorialUnit) -> list[dict[str, Any]]:
    """What the page includes: each section's template and its context."""
    return [{"template": section.template, "section": section.context(user, unit)}
            for section in _sections.values()]
