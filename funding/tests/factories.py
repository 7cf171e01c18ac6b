from __future__ import annotations

import datetime as dt
from decimal import Decimal

from concept.models import KeyArea
from funding import services
from funding.models import Programme


def programme(moderator, code="IROP", provider_type="eu_op"):
    existing = Programme.objects.filter(code=code).first()
    return existing or services.save_programme(
        moderator, code=code, name="Integrovaný regionální operační program",
        provider_type=provider_type, provider="Ministerstvo pro místní rozvoj")


def make_call(moderator, identifier="IROP-77", areas=("B2",), **fields):
    today = dt.date.today()
    values = dict(
        programme=programme(moderator), identifier=identifier,
        title=fields.pop("title", "Chytrá města – energetické úspory"),
        opens_on=today - dt.timedelta(days=10), closes_on=today + dt.timedelta(days=300),
        applicant_types=["obec"], areas=list(KeyArea.objects.filter(code__in=areas)),
        allocation=Decimal("500000000"), min_support=Decimal("1000000"),
        max_support=Decimal("50000000"), cofinancing_rate=Decimal("15"))
    values.update(fields)
    return services.create_call(moderator, services.CallData(**values))
