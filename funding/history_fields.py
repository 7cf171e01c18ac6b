"""How the change history of funding programmes and calls reads."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from concept.queries import area_names
from core import history
from core.history import MONEY, PERCENT, Shown
from territory.queries import unit_names

from .models import ApplicantType, Call, Programme


def programme_names(codes: set[str], user: Any = None) -> dict[str, str]:
    return dict(Programme.objects.filter(code__in=codes).values_list("code", "name"))


def register() -> None:
    history.declare(Programme)
    history.declare(Call, {
        "programme": Shown(names=programme_names),
        "applicant_types": Shown(choices=dict(ApplicantType.choices), many=True),
        "territories": Shown(names=unit_names),
        "areas": Shown(names=area_names),
        "documents": Shown(label=_("documents"), many=True),
        "allocation": Shown(kind=MONEY),
        "min_support": Shown(kind=MONEY),
        "max_support": Shown(kind=MONEY),
        "cofinancing_rate": Shown(kind=PERCENT),
    })
