from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import Membership, Role
from accounts.permissions import Action, can
from accounts.services import grant_membership, revoke_membership
from conftest import unit
from core.models import HistoryEntry


def test_admin_grants_and_revokes_a_role_with_history(reference_data, admin_user, make_user):
    user = make_user("eva@example.cz")
    membership = grant_membership(admin_user, user, Role.EDITOR, unit("544256"))
    assert can(user, Action.CREATE, unit("544256"))
    revoke_membership(admin_user, membership)
    assert not Membership.objects.filter(user=user).exists()
    assert not can(user, Action.CREATE, unit("544256"))
    actions = list(HistoryEntry.objects.filter(object_id=str(user.pk), model_label="accounts.user")
                   .values_list("action", flat=True))
    assert "grant" in actions and "revoke" in actions


@pytest.mark.parametrize(("role", "code", "message"), [
    (Role.COORDINATOR, "544256", "kraj"),
    (Role.EDITOR, "CZ031", "municipality"),
    (Role.ANALYST, "544256", "nationwide"),
    (Role.EDITOR, None, "Choose"),
])
def test_invalid_memberships_are_refused(reference_data, admin_user, make_user, role, code,
                                         message):
    from django.utils import translation

    user = make_user()
    with translation.override("en"), pytest.raises(ValidationError, match=message):
        grant_membership(admin_user, user, role, unit(code) if code else None)
    assert not Membership.objects.filter(user=user).exists()


def test_non_admin_cannot_grant(reference_data, make_member, make_user):
    coordinator = make_member(Role.COORDINATOR, "CZ031")
    with pytest.raises(PermissionDenied):
        grant_membership(coordinator, make_user(), Role.EDITOR, unit("544256"))


def test_membership_page_is_for_administrators_only(client, reference_data, admin_user,
                                                     make_member):
    editor = make_member(Role.EDITOR, "544256")
    client.force_login(editor)
    assert client.get("/cs/ucet/clenstvi/").status_code == 403
    client.force_login(admin_user)
    page = client.get("/cs/ucet/clenstvi/")
    assert page.status_code == 200
    assert editor.email in page.content.decode()


def test_membership_form_reports_unknown_unit_and_changes_nothing(client, reference_data,
                                                                   admin_user, make_user):
    user = make_user("novy@example.cz")
    client.force_login(admin_user)
    response = client.post("/cs/ucet/clenstvi/", {"email": user.email, "role": "editor",
                                                   "unit_code": "999999"})
    assert response.status_code == 200
    assert "field-error" in response.content.decode()
    assert not Membership.objects.filter(user=user).exists()
