"""Fixtures for the tests of the shared mechanisms (core.workflow …) exercised through the
record types that use them; every record is made through its app's services."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

CB = "544256"  # České Budějovice, in Jihočeský kraj (CZ031)


@pytest.fixture
def editor(vocabularies, make_member):
    return make_member("editor", CB)


@pytest.fixture
def coordinator(vocabularies, make_member):
    return make_member("coordinator", "CZ031")


@pytest.fixture
def moderator(vocabularies, make_member):
    return make_member("moderator")


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
