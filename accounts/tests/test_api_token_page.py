"""The API tokens page: choose scope and expiry, see last use, revoke."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine

from accounts.models import ApiToken, TokenScope
from accounts.services import create_api_token

PRAGUE = ZoneInfo("Europe/Prague")
NOON = dt.datetime(2026, 3, 2, 12, 0, tzinfo=PRAGUE)
URL = "/en/account/api-tokens/"


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_the_page_creates_a_token_with_the_chosen_scope_and_expiry(client, make_user):
    user = make_user()
    client.force_login(user)
    with time_machine.travel(NOON, tick=False):
        page = client.get(URL)
        assert 'name="scopes"' in page.content.decode()
        assert 'name="expires"' in page.content.decode()
        assert 'min="2026-03-02" max="2027-03-02"' in page.content.decode()
        created = client.post(URL, {"name": "Partner", "scopes": "read", "expires": "30"})
        key = re.search(r"<code>(smart_[^<]+)</code>", created.content.decode()).group(1)
        token = ApiToken.objects.get()
        assert (token.scopes, token.expires_at) == (
            TokenScope.READ, dt.datetime(2026, 4, 2, tzinfo=PRAGUE))
        assert "read only" in text(created) and "April 1, 2026" in text(created)
        client.get("/api/v1/strategies", HTTP_AUTHORIZATION=f"Bearer {key}")
        dated = client.post(URL, {"name": "GIS", "scopes": "read write", "expires": "date",
                                  "valid_until": "2026-12-31"})
        assert ApiToken.objects.get(name="GIS").expires_at == dt.datetime(
            2027, 1, 1, tzinfo=PRAGUE)
        listed = text(dated)
        assert "read and write" in listed and "Dec. 31, 2026" in listed
        assert "March 2, 2026, noon" in listed  # the partner token's last use


@pytest.mark.parametrize(("form", "message"), [
    ({"expires": "date", "valid_until": "2030-01-01"}, "at most one year"),
    ({"expires": "date", "valid_until": ""}, "Choose the last day"),
    ({"expires": "date", "valid_until": "zítra"}, "Enter a valid date"),
    ({"expires": "1000"}, "Select a valid choice"),
    ({"scopes": "everything"}, "Select a valid choice"),
])
def test_bad_choices_get_a_message_and_no_token(client, make_user, form, message):
    client.force_login(make_user())
    with time_machine.travel(NOON, tick=False):
        response = client.post(URL, {"name": "GIS", "scopes": "read", "expires": "90", **form})
    assert response.status_code == 200
    assert message in text(response)
    assert not ApiToken.objects.exists()


def test_an_expired_token_says_so_on_the_page(client, make_user):
    user = make_user()
    client.force_login(user)
    with time_machine.travel(NOON, tick=False):
        create_api_token(user, "Krátký", valid_until=dt.date(2026, 3, 5))
    with time_machine.travel(NOON + dt.timedelta(days=10), tick=False):
        assert "expired" in text(client.get(URL))


@pytest.mark.parametrize("value", ["abc", "", "1e3", "99999999999999999999999"])
def test_revoking_a_malformed_id_gives_a_message(client, make_user, value):
    client.force_login(make_user())
    response = client.post(URL, {"revoke": value}, follow=True)
    assert response.status_code == 200
    assert "No such token" in text(response)


def test_another_users_token_looks_like_a_missing_one(client, make_user, make_member,
                                                      reference_data):
    owner = make_user()
    token, _key = create_api_token(owner, "cizí")
    client.force_login(make_user())
    foreign = client.post(URL, {"revoke": token.pk}, follow=True)
    missing = client.post(URL, {"revoke": token.pk + 1000}, follow=True)
    assert foreign.status_code == missing.status_code == 200
    assert text(foreign) == text(missing)
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None
    # An administrator (by role) may cut off another user's leaked token.
    client.force_login(make_member("administrator"))
    revoked = client.post(URL, {"revoke": token.pk}, follow=True)
    assert "The token has been revoked" in text(revoked)
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
