"""Rate limits: a caller over its quota gets 429 with Retry-After; every answer carries the
RateLimit-Policy and RateLimit headers; tokens and addresses count apart."""

from __future__ import annotations

import re

import pytest
from django.test import override_settings
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.services import create_api_token

NOW = 1_000_000_050.0  # 30 s into a 60-second window (10**9 + 20 is a multiple of 60)


@pytest.fixture
def frozen_clock(monkeypatch):
    import api.ratelimit

    class Clock:
        @staticmethod
        def time() -> float:
            return NOW

    monkeypatch.setattr(api.ratelimit, "time", Clock)


@override_settings(API_RATE_LIMIT_ANONYMOUS=3, API_RATE_LIMIT_AUTHENTICATED=5,
                   API_RATE_WINDOW=60)
def test_anonymous_callers_over_the_limit_get_429(client, reference_data, make_user,
                                                  frozen_clock):
    remaining = []
    for _n in range(3):
        answer = client.get("/api/v1/territories", {"kind": "kraj"})
        assert answer.status_code == 200
        assert answer["RateLimit-Policy"] == '"anonymous";q=3;w=60'
        remaining.append(re.fullmatch(r'"anonymous";r=(\d+);t=(\d+)', answer["RateLimit"])
                         .groups())
    assert remaining == [("2", "30"), ("1", "30"), ("0", "30")]

    with translation.override("cs"):
        refused = client.get("/api/v1/territories", HTTP_ACCEPT_LANGUAGE="cs")
        expected = _("Too many requests: the limit is %(quota)s requests in %(window)s "
                     "seconds. Try again in %(seconds)s seconds.") % {
                         "quota": 3, "window": 60, "seconds": 30}
    assert refused.status_code == 429
    assert refused["Retry-After"] == "30"
    assert refused["RateLimit"] == '"anonymous";r=0;t=30'
    assert refused.json() == {"detail": expected}

    # A token counts on its own, with the authenticated quota.
    _token, key = create_api_token(make_user(), "sync")
    answer = client.get("/api/v1/territories", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert answer.status_code == 200
    assert answer["RateLimit-Policy"] == '"authenticated";q=5;w=60'
    # Pages outside the API are not counted.
    assert client.get("/healthz").status_code == 200


@override_settings(API_RATE_LIMIT_ANONYMOUS=2, API_RATE_WINDOW=60)
def test_a_bad_token_counts_against_the_address(client, reference_data, frozen_clock):
    for _n in range(2):
        assert client.get("/api/v1/territories", HTTP_AUTHORIZATION="Bearer smart_nothing"
                          ).status_code == 401
    assert client.get("/api/v1/territories", HTTP_AUTHORIZATION="Bearer smart_other"
                      ).status_code == 429


@override_settings(API_RATE_LIMIT_ANONYMOUS=2, API_RATE_WINDOW=60)
def test_addresses_count_apart_and_a_new_window_starts_afresh(client, reference_data,
                                                             monkeypatch, frozen_clock):
    import api.ratelimit

    for _n in range(2):
        client.get("/api/v1/territories", REMOTE_ADDR="192.0.2.1")
    assert client.get("/api/v1/territories", REMOTE_ADDR="192.0.2.1").status_code == 429
    assert client.get("/api/v1/territories", REMOTE_ADDR="192.0.2.2").status_code == 200

    class Later:
        @staticmethod
        def time() -> float:
            return NOW + 60

    monkeypatch.setattr(api.ratelimit, "time", Later)
    answer = client.get("/api/v1/territories", REMOTE_ADDR="192.0.2.1")
    assert answer.status_code == 200 and answer["RateLimit"] == '"anonymous";r=1;t=30'


def test_default_limits_are_documented_in_the_api_description(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/strategies"]["get"]
    assert "429" in operation["responses"]
    assert "Retry-After" in operation["responses"]["429"]["headers"]
    assert {"RateLimit-Policy", "RateLimit", "ETag"} <= set(
        operation["responses"]["200"]["headers"])
    assert "modified_since" in {p["name"] for p in operation["parameters"]}
