"""Test factories that go through the services, like every other writer."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from concept.models import KeyArea, Technology
from intentions import services
from territory.models import TerritorialUnit


def complete_values(**overrides) -> dict:
    """Everything the methodology asks for, consistent (budget adds up to the total)."""
    values = {
        "problem": "Neosvětlené přechody a vysoká spotřeba energie veřejného osvětlení.",
        "goals": "Snížit spotřebu o 60 % a zvýšit bezpečnost chodců.",
        "target_groups": "Obyvatelé, chodci, řidiči.",
        "description": "Výměna 1 200 svítidel za LED s dálkovým řízením a senzory pohybu.",
        "main_area": KeyArea.objects.get(code="B2"),
        "other_areas": [KeyArea.objects.get(code="B1")],
        "technologies": list(Technology.objects.filter(code__in=["smart-lighting",
                                                                 "sensors-iot"])),
        "start_date": dt.date(2026, 3, 1),
        "end_date": dt.date(2027, 11, 30),
        "readiness": "documentation",
        "total_cost": Decimal("12500000.00"),
        "budget": [(2026, "own", Decimal("2500000")), (2026, "eu", Decimal("5000000")),
                   (2027, "eu", Decimal("5000000"))],
        "outputs": [{"name": "Vyměněná svítidla", "unit": "ks", "baseline": Decimal(0),
                     "target": Decimal(1200), "target_year": 2027}],
        "partners": [{"name": "Jihočeská univerzita", "sector": "academia",
                      "role": "měření přínosů"}],
        "activities": [{"title": "Projektová dokumentace", "progress": 100},
                       {"title": "Výměna svítidel", "progress": 0}],
    }
    values.update(overrides)
    return values


def make_intention(actor, unit_code: str = "544256", title: str = "Chytré veřejné osvětlení",
                   complete: bool = True, **overrides):
    unit = TerritorialUnit.objects.get(code=unit_code)
    values = complete_values(**overrides) if complete else overrides
    return services.create_intention(actor, title=title, lead_unit=unit, **values)


def publish(reviewer, intention, submitter=None):
    services.submit_intention(submitter or intention.created_by, intention)
    return services.publish_intention(reviewer, intention)
