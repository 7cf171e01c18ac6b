"""Territory, below accounts, asks permission questions through `core.access`; accounts
connects its rules there at start-up."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from conftest import unit
from core import access
from core.access import Action


def test_the_port_answers_with_the_accounts_rules(reference_data, admin_user, make_member):
    kraj = unit("CZ031")
    coordinator = make_member("coordinator", "CZ031")
    editor = make_member("editor", "544256")
    assert access.can(admin_user, Action.MANAGE_GROUPS, kraj)
    assert access.can(coordinator, Action.MANAGE_GROUPS, kraj)
    assert not access.can(editor, Action.MANAGE_GROUPS, kraj)
    assert not access.can(AnonymousUser(), Action.MANAGE_GROUPS, kraj)
    with pytest.raises(PermissionDenied):
        access.require(editor, Action.MANAGE_GROUPS, kraj)


def test_without_connected_rules_everything_is_refused(reference_data, admin_user,
                                                       monkeypatch):
    monkeypatch.setattr(access, "_rules", [])
    assert not access.can(admin_user, Action.VIEW, unit("CZ031"))
    with pytest.raises(PermissionDenied):
        access.require(admin_user, Action.MANAGE_GROUPS, unit("CZ031"))
