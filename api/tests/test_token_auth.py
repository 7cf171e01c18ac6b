"""Personal API tokens: scopes, expiry, last use; reads authenticate as well as writes."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from accounts.models import ApiToken, TokenScope
from accounts.services import create_api_token, revoke_api_token
from intentions.tests.factories import make_intention
from strategies.models import Strategy
from strategies.tests.factories import make_strategy

PRAGUE = ZoneInfo("Europe/Prague")
NOON = dt.datetime(2026, 3, 2, 12, 0, tzinfo=PRAGUE)


@pytest.fixture
def editor(vocabularies, make_member):
    return make_member("editor", "544256")


def bearer(key: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def write_operations(client) -> list[tuple[str, str]]:
    """Every operation the OpenAPI description says needs a signed-in caller."""
    schema = client.get("/api/v1/openapi.json").json()
    found = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            if method != "get" and {} not in operation.get("security", [{}]):
                url = re.sub(r"\{change\}", "cancel", re.sub(r"\{\w+_id\}", "1", path))
                found.append((method, url))
    return found


def test_a_read_token_is_refused_on_every_write(client, editor):
    draft = make_strategy(editor, title="Koncept")
    _token, key = create_api_token(editor, "read-only", scopes=TokenScope.READ)
    operations = write_operations(client)
    assert ("post", "/api/v1/strategies") in operations
    assert ("patch", "/api/v1/intentions/1") in operations
    assert ("put", "/api/v1/funding/calls/1") in operations
    # The API answers in the site's language; the refusal is the same text in either.
    from django.utils.translation import gettext, override

    read_only = ("This token may only read; writing needs a token with the scope “read and "
                 "write”.")
    with override("cs"):
        refusals = {read_only, gettext(read_only)}
    assert len(refusals) == 2  # translated, so this test sees the Czech answer too
    for method, url in operations:
        url = url.replace("/strategies/1", f"/strategies/{draft.pk}")
        response = getattr(client, method)(url, {"title": "Přes token"},
                                           content_type="application/json", **bearer(key))
        assert response.status_code == 403, (method, url, response.content)
        assert response.json()["detail"] in refusals, (method, url)
    payload = {"title": "Strategie přes API", "owners": ["544256"], "level": "municipal",
               "type": "smart_city", "valid_from": 2024, "valid_to": 2030, "areas": ["C4"]}
    refused = client.post("/api/v1/strategies", payload, content_type="application/json",
                          HTTP_ACCEPT_LANGUAGE="en", **bearer(key))
    assert refused.status_code == 403
    assert refused.json() == {"detail": "This token may only read; writing needs a token "
                                        "with the scope “read and write”."}
    assert list(Strategy.objects.values_list("title", flat=True)) == ["Koncept"]
    _token, writer = create_api_token(editor, "GIS", scopes=TokenScope.READ_WRITE)
    assert client.post("/api/v1/strategies", payload, content_type="application/json",
                       **bearer(writer)).status_code == 201


def test_a_token_reads_what_its_owner_may_see(client, editor, make_member):
    strategy = make_strategy(editor, title="Rozpracovaná strategie")
    intention = make_intention(editor, title="Rozpracovaný záměr")
    _token, key = create_api_token(editor, "partner", scopes=TokenScope.READ)
    for url in ("/api/v1/strategies", "/api/v1/intentions"):
        assert client.get(url).json()["count"] == 0
        assert client.get(url, **bearer(key)).json()["count"] == 1
    for url in (f"/api/v1/strategies/{strategy.pk}", f"/api/v1/intentions/{intention.pk}"):
        assert client.get(url).status_code == 404
        assert client.get(url, **bearer(key)).status_code == 200
    exported = client.get("/api/v1/intentions", {"format": "csv"}, **bearer(key))
    assert "Rozpracovaný záměr" in exported.content.decode("utf-8-sig")
    # Another unit's token still sees only what that unit may see.
    _other, stranger = create_api_token(make_member("editor", "586846"), "x")
    assert client.get(f"/api/v1/strategies/{strategy.pk}",
                      **bearer(stranger)).status_code == 404


@pytest.mark.parametrize("url", [
    "/api/v1/strategies", "/api/v1/intentions", "/api/v1/funding/calls",
    "/api/v1/territories/544256", "/api/v1/concept/areas", "/api/v1/search?q=doprava",
])
def test_a_bad_token_on_a_read_is_401_not_anonymous(client, editor, url):
    with time_machine.travel(NOON, tick=False):
        token, key = create_api_token(editor, "GIS", valid_until=dt.date(2026, 3, 31))
        revoked, revoked_key = create_api_token(editor, "old")
        revoke_api_token(editor, revoked)
    assert client.get(url).status_code == 200
    with time_machine.travel(NOON, tick=False):
        assert client.get(url, **bearer(key)).status_code == 200
        cases = {
            "smart_not-a-real-token": "not valid",
            revoked_key: "revoked",
        }
        for raw, fragment in cases.items():
            response = client.get(url, HTTP_ACCEPT_LANGUAGE="en", **bearer(raw))
            assert response.status_code == 401, raw
            assert fragment in response.json()["detail"]
            assert response["WWW-Authenticate"].startswith("Bearer")
        other_scheme = client.get(url, HTTP_AUTHORIZATION=f"Token {key}",
                                  HTTP_ACCEPT_LANGUAGE="en")
        assert other_scheme.status_code == 401
        assert "Bearer" in other_scheme.json()["detail"]
    with time_machine.travel(dt.datetime(2026, 4, 1, 0, 0, 1, tzinfo=PRAGUE), tick=False):
        expired = client.get(url, HTTP_ACCEPT_LANGUAGE="en", **bearer(key))
        assert expired.status_code == 401
        assert "expired" in expired.json()["detail"]


def test_last_use_is_recorded_at_most_once_a_minute(client, editor):
    with time_machine.travel(NOON, tick=False) as clock:
        token, key = create_api_token(editor, "GIS")
        assert ApiToken.objects.get(pk=token.pk).last_used_at is None
        client.get("/api/v1/strategies", **bearer(key))
        assert ApiToken.objects.get(pk=token.pk).last_used_at == NOON
        clock.shift(dt.timedelta(seconds=50))
        client.get("/api/v1/strategies", **bearer(key))
        assert ApiToken.objects.get(pk=token.pk).last_used_at == NOON
        clock.shift(dt.timedelta(seconds=20))
        client.get("/api/v1/strategies", **bearer(key))
        assert ApiToken.objects.get(pk=token.pk).last_used_at == NOON + dt.timedelta(
            seconds=70)


def test_a_signed_in_session_reads_and_writes_with_csrf(editor):
    make_strategy(editor, title="Rozpracovaná strategie")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(editor)
    assert browser.get("/api/v1/strategies").json()["count"] == 1
    payload = {"title": "Ze session", "owners": ["544256"], "level": "municipal",
               "type": "smart_city", "valid_from": 2024, "valid_to": 2030, "areas": []}
    without = browser.post("/api/v1/strategies", payload, content_type="application/json")
    assert without.status_code == 403 and "CSRF" in without.json()["detail"]
    browser.get("/cs/ucet/api-tokeny/")  # any page sets the CSRF cookie
    csrf = browser.cookies["csrftoken"].value
    created = browser.post("/api/v1/strategies", payload, content_type="application/json",
                           HTTP_X_CSRFTOKEN=csrf)
    assert created.status_code == 201, created.content
    anonymous = Client(enforce_csrf_checks=True).post(
        "/api/v1/strategies", payload, content_type="application/json")
    assert anonymous.status_code == 401


def test_openapi_says_reads_are_open_and_writes_need_a_write_token(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    schemes = schema["components"]["securitySchemes"]
    assert schemes["TokenAuth"]["type"] == "http"
    assert schemes["TokenAuth"]["scheme"] == "bearer"
    assert {"type": "apiKey", "in": "cookie", "name": "sessionid"}.items() <= schemes[
        "SessionAuth"].items()
    read = schema["paths"]["/api/v1/strategies"]["get"]["security"]
    assert read == [{"TokenAuth": ["read"]}, {"SessionAuth": []}, {}]
    write = schema["paths"]["/api/v1/strategies"]["post"]["security"]
    assert write == [{"TokenAuth": ["write"]}, {"SessionAuth": []}]
    assert 401 in map(int, schema["paths"]["/api/v1/strategies"]["get"]["responses"])
