"""Test factories that go through the services, like every other writer."""

from __future__ import annotations

from strategies import services
from territory.models import TerritorialUnit


def make_strategy(actor, owner_code: str = "544256", title: str = "Smart City strategie",
                  *, complete: bool = True, **fields):
    """A strategy made through the services. `complete` (the default) gives it what the
    completeness check asks before submission — a summary, a validity period and a
    top element of its structure — unless the caller names those fields itself."""
    owners = fields.pop("owners", None) or [TerritorialUnit.objects.get(code=owner_code)]
    if complete:
        fields.setdefault("summary", f"{title}: cíle a opatření.")
        fields.setdefault("valid_from", 2021)
        fields.setdefault("valid_to", max(2030, fields["valid_from"] or 2030))
    data = services.StrategyData(
        title=title, owners=owners, level=fields.pop("level", "municipal"),
        strategy_type=fields.pop("strategy_type", "smart_city"), **fields)
    tree = [{"key": "V", "code": "V", "kind": "vision", "title": "Vize"}] if complete else None
    return services.create_strategy(actor, data, tree=tree)


def publish(reviewer, strategy):
    """Submitted by its author, published by `reviewer` (a moderator or coordinator)."""
    services.submit_strategy(strategy.created_by, strategy)
    return services.publish_strategy(reviewer, strategy)
