"""Fixtures for the tests of the shared mechanisms (core.workflow …) exercised through the
record types that use them; every record is made through its app's services."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

CB = "544256"  # České Budějovice, in Jihočeský kraj (CZ031)


# The people the workflow tests act as: an editor of the unit, the coordinator of its kraj,
# a moderator (made by the root conftest's users_in_roles, through the services).
PEOPLE = {"editor": ("editor", CB), "coordinator": ("coordinator", "CZ031"),
          "moderator": ("moderator",)}


@pytest.fixture
def people(vocabularies, users_in_roles) -> dict[str, Any]:
    return users_in_roles(PEOPLE)


@pytest.fixture
def editor(people):
    return people["editor"]


@pytest.fixture
def coordinator(people):
    return people["coordinator"]


@pytest.fixture
def moderator(people):
    return people["moderator"]


@dataclass
class Reviewed:
    """A reviewed record type as the tests drive it: its workflow, how to make a record,
    and the field holding its state."""

    name: str
    workflow: Any
    make: Any
    state_field: str

    def state(self, record) -> str:
        fresh = self.workflow.model._base_manager.get(pk=record.pk)
        return getattr(fresh, self.state_field)

    def fresh(self, record):
        return self.workflow.model._base_manager.get(pk=record.pk)


def _strategy_type() -> Reviewed:
    from strategies import services
    from strategies.tests.factories import make_strategy

    return Reviewed("strategy", services.WORKFLOW, make_strategy, "state")


def _intention_type() -> Reviewed:
    from intentions import services
    from intentions.tests.factories import make_intention

    return Reviewed("intention", services.WORKFLOW, make_intention, "status")


@pytest.fixture(params=["strategy", "intention"])
def reviewed(request) -> Reviewed:
    """Each record type that goes through the review, in turn."""
    return {"strategy": _strategy_type, "intention": _intention_type}[request.param]()
