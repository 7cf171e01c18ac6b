"""How the change history of a unit (a MAS or microregion the coordinators keep) reads."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core import history
from core.history import Shown

from .models import TerritorialUnit


def register() -> None:
    history.declare(TerritorialUnit, {
        "kind": Shown(label=_("kind of unit")),
        "members": Shown(label=_("member municipalities"), many=True),
    })
