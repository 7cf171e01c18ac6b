"""The OpenAPI description is the contract: schemathesis generates requests from it for
every operation and checks each answer against it (no 5xx, only documented status codes
and content types, bodies matching their schemas; schema-valid requests are not refused
as malformed, schema-invalid ones are refused).

Reads run anonymously and with an editor's read token, changes with an editor's write
token (a moderator's for funding calls, which only moderators write). The run is bounded
(20 examples per operation) and deterministic (derandomised, no example database),
in-process through the WSGI app: no network.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from smartplatform.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
# CONTRACT_EXAMPLES=500 CONTRACT_COVERAGE=1 for a deeper run by hand (minutes, not CI).
schema.config.generation.update(max_examples=int(os.environ.get("CONTRACT_EXAMPLES", 20)),
                                deterministic=True, database="none")
schema.config.phases.update(phases=["examples", "fuzzing"]
                            + (["coverage"] if os.environ.get("CONTRACT_COVERAGE") else []))
schema.config.checks.update(included_check_names=[
    "not_a_server_error", "status_code_conformance", "content_type_conformance",
    "response_schema_conformance", "response_headers_conformance",
    "negative_data_rejection", "positive_data_acceptance",
])
# A well-formed request may still name a record or code that does not exist or break a
# rule of the record: that is a documented 400 with the reason, not a malformed request.
schema.config.checks.positive_data_acceptance.expected_statuses = [
    "2xx", "3xx", "400", "401", "403", "404", "409"]

TEST_TERRITORY = Path(__file__).resolve().parents[2] / "territory" / "tests" / "data"
HYPOTHESIS = settings(deadline=None, suppress_health_check=list(HealthCheck))


# Codes that exist, put into half of the schema-valid bodies so that writes get past the
# lookups into the services (random codes would only ever meet "unknown code").
KNOWN_CODES = {"owners": ["544256"], "lead_unit": "544256", "partner_units": ["535176"],
               "areas": ["B2"], "other_areas": ["B1"], "main_area": "B2",
               "technologies": ["smart-lighting"], "programme": "IROP",
               "territories": ["CZ031"], "sdgs": [7]}


@dataclass
class World:
    """What the generated requests are aimed at, and the callers' headers. Half of the
    schema-valid requests are pointed at existing records (their ids, the version they
    are at, existing codes); the rest stay as generated and mostly answer 404 or 400.
    Schema-invalid requests are sent as generated."""

    records: dict[str, list] = field(default_factory=dict)  # path parameter -> records
    reader: dict[str, str] = field(default_factory=dict)
    editor: dict[str, str] = field(default_factory=dict)
    moderator: dict[str, str] = field(default_factory=dict)

    def writer(self, case) -> dict[str, str]:
        """Calls are written by moderators; everything else by a municipal editor."""
        return self.moderator if case.path.startswith("/api/v1/funding/") else self.editor

    def aim(self, case) -> None:
        if case.meta is None or not case.meta.generation.mode.is_positive:
            return
        for name, value in (case.path_parameters or {}).items():
            records = self.records.get(name)
            if records and isinstance(value, int) and value % 2 == 0:
                record = records[(value // 2) % len(records)]
                record.refresh_from_db()
                case.path_parameters[name] = record.pk
                if isinstance(case.body, dict) and "version" in case.body:
                    case.body["version"] = record.version
        if isinstance(case.body, dict) and len(str(case.body)) % 2 == 0:
            for name, value in KNOWN_CODES.items():
                if name in case.body and case.body[name] is not None:
                    case.body[name] = value


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module inside a transaction rolled back at its end; each test
    runs in a savepoint within it (what Django's setUpTestData does)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections, transaction

    # As Django's test client does: the WSGI app must not close the connection holding the
    # test's transaction at the end of each request (PostgreSQL would lose it).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield _build_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)


def _build_world() -> World:
    from accounts.models import Role, TokenScope
    from accounts.services import create_api_token, create_user, grant_membership
    from concept.reference import read_concept
    from concept.services import load_concept, load_vocabularies
    from funding.tests.factories import make_call
    from intentions.tests.factories import make_intention
    from intentions.tests.factories import publish as publish_intention
    from strategies.tests.factories import make_strategy
    from strategies.tests.factories import publish as publish_strategy
    from territory.models import TerritorialUnit
    from territory.reference import read_reference
    from territory.services import load_official_units

    load_official_units(read_reference(TEST_TERRITORY))
    load_concept(read_concept())
    load_vocabularies()
    admin = create_user("admin@contract.example.cz", None, is_staff=True)
    admin.memberships.create(role=Role.ADMINISTRATOR)
    editor = create_user("editor@contract.example.cz", None)
    grant_membership(admin, editor, Role.EDITOR, TerritorialUnit.objects.get(code="544256"))
    moderator = create_user("moderator@contract.example.cz", None)
    grant_membership(admin, moderator, Role.MODERATOR, None)
    strategies = [make_strategy(editor, title="Koncept strategie"),
                  publish_strategy(moderator, make_strategy(editor, title="Strategie"))]
    intentions = [make_intention(editor, title="Koncept záměru"),
                  publish_intention(moderator, make_intention(editor))]
    return World(
        records={"strategy_id": strategies, "intention_id": intentions,
                 "call_id": [make_call(moderator)]},
        reader=_bearer(create_api_token(editor, "contract reads", scopes=TokenScope.READ)[1]),
        editor=_bearer(create_api_token(editor, "contract writes")[1]),
        moderator=_bearer(create_api_token(moderator, "contract writes")[1]),
    )


def _bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


@schema.include(method="GET").parametrize()
@HYPOTHESIS
def test_reads_keep_the_contract(case, world, db):
    world.aim(case)
    case.call_and_validate()
    case.call_and_validate(headers=world.reader)


@schema.exclude(method="GET").parametrize()
@HYPOTHESIS
def test_changes_keep_the_contract(case, world, db):
    world.aim(case)
    case.call_and_validate(headers=world.writer(case))
