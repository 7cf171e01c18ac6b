"""Test factories that go through the services, like every other writer."""

from __future__ import annotations

from strategies import services
from territory.models import TerritorialUnit


def make_strategy(actor, owner_code: str = "544256", title: str = "Smart City strategie",
                  **fields):
    owners = fields.pop("owners", None) or [TerritorialUnit.objects.get(code=owner_code)]
    data = services.StrategyData(
        title=title, owners=owners, level=fields.pop("level", "municipal"),
        strategy_type=fields.pop("strategy_type", "smart_city"), **fields)
    return services.create_strategy(actor, data)


def publish(reviewer, strategy):
    """Submitted by its author, published by `reviewer` (a moderator or coordinator)."""
    services.submit_strategy(strategy.created_by, strategy)
    return services.publish_strategy(reviewer, strategy)
