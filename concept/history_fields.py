"""How the change history of a technology (the vocabulary moderators keep) reads."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core import history
from core.history import BOOL, Shown

from .models import Technology


def register() -> None:
    history.declare(Technology, {
        "code": Shown(label=_("code")),
        "is_active": Shown(label=_("offered for choosing"), kind=BOOL),
    })
