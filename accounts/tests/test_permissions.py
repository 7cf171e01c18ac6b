"""Permission matrix: each role × each action × own unit / other unit / unit inside own kraj."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from accounts.permissions import Action, Owned, can, register
from conftest import unit

# České Budějovice (544256) and Písek (549240) lie in Jihočeský kraj (CZ031);
# Jihlava (586846) lies in Kraj Vysočina (CZ063).
OWN, INSIDE_KRAJ, OTHER = "544256", "549240", "586846"


@dataclass
class Record:
    """A stand-in domain record owned by a unit, published or not."""

    owner: object
    is_public: bool

    def permission_units(self):
        return [self.owner]


# Like every record type, the stand-in declares its permission rule (an object of a type
# without one is refused).
register(Record, Owned(units="owner"))


ROLES = {
    "anonymous": None,
    "registered": ("none", None),
    "editor": ("editor", OWN),
    "coordinator": ("coordinator", "CZ031"),
    "analyst": ("analyst", None),
    "moderator": ("moderator", None),
    "administrator": ("administrator", None),
}

# role → action → (own unit, unit inside own kraj, unit in another kraj), on a draft record
EXPECTED = {
    "anonymous": {
        Action.VIEW: (False, False, False), Action.EDIT: (False, False, False),
        Action.SUBMIT: (False, False, False), Action.REVIEW: (False, False, False),
        Action.DELETE: (False, False, False), Action.CREATE: (False, False, False),
    },
    "registered": {
        Action.VIEW: (False, False, False), Action.EDIT: (False, False, False),
        Action.SUBMIT: (False, False, False), Action.REVIEW: (False, False, False),
        Action.DELETE: (False, False, False), Action.CREATE: (False, False, False),
    },
    "editor": {
        Action.VIEW: (True, False, False), Action.EDIT: (True, False, False),
        Action.SUBMIT: (True, False, False), Action.REVIEW: (False, False, False),
        Action.DELETE: (True, False, False), Action.CREATE: (True, False, False),
    },
    "coordinator": {
        Action.VIEW: (True, True, False), Action.EDIT: (True, True, False),
        Action.SUBMIT: (True, True, False), Action.REVIEW: (True, True, False),
        Action.DELETE: (True, True, False), Action.CREATE: (True, True, False),
    },
    "analyst": {
        Action.VIEW: (True, True, True), Action.EDIT: (False, False, False),
        Action.SUBMIT: (False, False, False), Action.REVIEW: (False, False, False),
        Action.DELETE: (False, False, False), Action.CREATE: (False, False, False),
    },
    "moderator": {
        Action.VIEW: (True, True, True), Action.EDIT: (False, False, False),
        Action.SUBMIT: (False, False, False), Action.REVIEW: (True, True, True),
        Action.DELETE: (False, False, False), Action.CREATE: (False, False, False),
    },
    "administrator": {
        Action.VIEW: (True, True, True), Action.EDIT: (True, True, True),
        Action.SUBMIT: (True, True, True), Action.REVIEW: (True, True, True),
        Action.DELETE: (True, True, True), Action.CREATE: (True, True, True),
    },
}


@pytest.fixture
def users(reference_data, make_user, make_member):
    from django.contrib.auth.models import AnonymousUser

    result = {"anonymous": AnonymousUser(), "registered": make_user()}
    for name, spec in ROLES.items():
        if name in result:
            continue
        role, code = spec
        result[name] = make_member(role, code)
    return result


CASES = [(role, action) for role in EXPECTED for action in EXPECTED[role]]


@pytest.mark.parametrize(("role", "action"), CASES, ids=[f"{r}-{a}" for r, a in CASES])
def test_draft_record_matrix(users, role, action):
    user = users[role]
    outcomes = tuple(
        can(user, action, Record(unit(code), is_public=False))
        for code in (OWN, INSIDE_KRAJ, OTHER)
    )
    assert outcomes == EXPECTED[role][action]


@pytest.mark.parametrize("role", list(ROLES))
def test_everyone_sees_published_records(users, role):
    assert can(users[role], Action.VIEW, Record(unit(OTHER), is_public=True))


@pytest.mark.parametrize(("role", "allowed"), [
    ("anonymous", False), ("registered", False), ("editor", False), ("coordinator", False),
    ("analyst", False), ("moderator", False), ("administrator", True),
])
def test_only_administrators_manage_memberships(users, role, allowed):
    assert can(users[role], Action.MANAGE_MEMBERSHIPS) is allowed


@pytest.mark.parametrize(("role", "own_kraj", "other_kraj"), [
    ("editor", False, False), ("coordinator", True, False), ("analyst", False, False),
    ("moderator", True, True), ("administrator", True, True),
])
def test_who_manages_groups_in_a_kraj(users, role, own_kraj, other_kraj):
    assert can(users[role], Action.MANAGE_GROUPS, unit("CZ031")) is own_kraj
    assert can(users[role], Action.MANAGE_GROUPS, unit("CZ063")) is other_kraj


def test_coordinator_covers_the_kraj_itself_and_its_orp(users):
    coordinator = users["coordinator"]
    assert can(coordinator, Action.EDIT, Record(unit("CZ031"), is_public=False))
    assert can(coordinator, Action.EDIT, Record(unit("302"), is_public=False))  # ORP ČB
    assert not can(coordinator, Action.EDIT, Record(unit("CZ063"), is_public=False))


def test_record_with_several_owners_is_editable_by_any_owner(users):
    record = Record(unit(OTHER), is_public=False)
    record.permission_units = lambda: [unit(OTHER), unit(OWN)]
    assert can(users["editor"], Action.EDIT, record)


def test_unit_filter_scopes_querysets_like_can(users):
    from accounts.permissions import editable_units

    editor_units = set(editable_units(users["editor"]).values_list("code", flat=True))
    assert editor_units == {OWN}
    coordinator_units = set(editable_units(users["coordinator"]).values_list("code", flat=True))
    assert {"CZ031", OWN, INSIDE_KRAJ, "302"} <= coordinator_units
    assert OTHER not in coordinator_units
