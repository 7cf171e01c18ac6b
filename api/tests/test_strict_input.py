"""Request bodies are JSON sent as JSON, and a field the API does not know is refused by
name instead of being dropped without a word."""

from __future__ import annotations

import json

import pytest

from accounts.services import create_api_token
from strategies.models import Strategy

PAYLOAD = {"title": "Strategie přes API", "owners": ["544256"], "level": "municipal",
           "type": "smart_city"}


@pytest.fixture
def auth(reference_data, make_member):
    _token, key = create_api_token(make_member("editor", "544256"), "GIS obce")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_an_unknown_field_is_a_422_naming_it_and_nothing_is_saved(client, auth):
    response = client.post("/api/v1/strategies", {**PAYLOAD, "titel": "Překlep"},
                           content_type="application/json", **auth)
    assert response.status_code == 422
    assert "titel" in response.json()["detail"]
    assert not Strategy.objects.exists()


def test_an_unknown_field_inside_a_list_is_named_too(client, reference_data, make_member):
    from funding.tests.factories import programme

    moderator = make_member("moderator")
    programme(moderator)
    _token, key = create_api_token(moderator, "výzvy")
    call = {"programme": "IROP", "identifier": "IROP-1", "title": "Výzva",
            "opens_on": "2026-01-01", "closes_on": "2026-06-30",
            "documents": [{"title": "Text výzvy", "url": "https://example.cz/v.pdf",
                           "size": 1}]}
    response = client.post("/api/v1/funding/calls", call, content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 422
    assert "documents.0.size" in response.json()["detail"]


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded"])
def test_a_body_that_is_not_sent_as_json_is_a_415(client, auth, content_type):
    response = client.post("/api/v1/strategies", json.dumps(PAYLOAD),
                           content_type=content_type, **auth)
    assert response.status_code == 415
    assert "application/json" in response.json()["detail"]
    assert not Strategy.objects.exists()


def test_json_with_a_charset_is_accepted(client, auth):
    response = client.post("/api/v1/strategies", json.dumps(PAYLOAD),
                           content_type="application/json; charset=utf-8", **auth)
    assert response.status_code == 201, response.content


def test_the_description_says_so(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/strategies"]["post"]
    assert {"415", "422"} <= set(operation["responses"])
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    strategy_in = schema["components"]["schemas"][body["$ref"].rsplit("/", 1)[1]]
    assert strategy_in["additionalProperties"] is False
