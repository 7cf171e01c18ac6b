from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import ApiToken, TokenScope
from accounts.services import create_api_token, revoke_api_token

pytestmark = pytest.mark.django_db

PRAGUE = ZoneInfo("Europe/Prague")
NOON = dt.datetime(2026, 3, 2, 12, 0, tzinfo=PRAGUE)


def test_the_owner_or_an_administrator_revokes_a_token(reference_data, make_member):
    owner = make_member("editor", "544256")
    token, _key = create_api_token(owner, "skript")
    with pytest.raises(PermissionDenied):
        revoke_api_token(make_member("editor", "544256"), token)
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None
    revoke_api_token(make_member("administrator"), token)  # by role, not a superuser
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None


def test_a_token_has_a_scope_and_expires(make_user):
    user = make_user()
    with time_machine.travel(NOON, tick=False):
        default, _key = create_api_token(user, "GIS")
        reader, _key = create_api_token(user, "partner", scopes=TokenScope.READ,
                                        valid_until=dt.date(2026, 4, 1))
        yearly, _key = create_api_token(user, "rok", valid_until=dt.date(2027, 3, 2))
    # Without a choice a token lives 90 days, to the end of the last day (Prague time).
    assert default.expires_at == dt.datetime(2026, 6, 1, 0, 0, tzinfo=PRAGUE)
    assert reader.expires_at == dt.datetime(2026, 4, 2, 0, 0, tzinfo=PRAGUE)
    assert yearly.expires_at == dt.datetime(2027, 3, 3, 0, 0, tzinfo=PRAGUE)
    assert reader.allows("read") and not reader.allows("write")
    assert default.allows("read") and default.allows("write")


@pytest.mark.parametrize(("changes", "message"), [
    ({"valid_until": dt.date(2027, 3, 3)}, "at most one year"),
    ({"valid_until": dt.date(2026, 3, 1)}, "in the future"),
    ({"scopes": "admin"}, "scope"),
    ({"name": "  "}, "Name the token"),
])
def test_a_token_is_refused_with_a_clear_message(make_user, changes, message):
    from django.utils import translation

    user = make_user()
    values = {"name": "GIS", **changes}
    with (time_machine.travel(NOON, tick=False), translation.override("en"),
          pytest.raises(ValidationError) as error):
        create_api_token(user, **values)
    assert message in " ".join(error.value.messages)
    assert not ApiToken.objects.exists()
