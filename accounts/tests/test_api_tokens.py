from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from accounts.models import ApiToken
from accounts.services import create_api_token, revoke_api_token

pytestmark = pytest.mark.django_db


def test_the_owner_or_an_administrator_revokes_a_token(reference_data, make_member):
    owner = make_member("editor", "544256")
    token, _key = create_api_token(owner, "skript")
    with pytest.raises(PermissionDenied):
        revoke_api_token(make_member("editor", "544256"), token)
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None
    revoke_api_token(make_member("administrator"), token)  # by role, not a superuser
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
