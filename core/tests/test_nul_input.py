"""A NUL character anywhere in the input is no 500, on PostgreSQL either (it refuses NUL in
text): in an address it is a 400 before any view runs, in an API body it is removed before
the fields are read, in submitted text the services remove it (issue 10, item 11). Run on
SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from accounts.services import create_api_token

QUERIES = [
    ("/api/v1/intentions", "search"), ("/api/v1/intentions", "unit"),
    ("/api/v1/intentions", "technology"), ("/api/v1/strategies", "owner"),
    ("/api/v1/strategies", "area"), ("/api/v1/funding/calls", "programme"),
    ("/api/v1/territories", "search"), ("/api/v1/search", "q"), ("/cs/zamery/", "q"),
    ("/cs/strategie/", "q"), ("/cs/hledat/", "q"),
]
PATHS = ["/api/v1/territories/a%00b", "/cs/koncepce/a%00b/", "/cs/koncepce/pilir/a%00b/",
         "/cs/obce/a%00b/", "/cs/zamery/jednotka/a%00b/fiches.csv"]


@pytest.mark.parametrize("url, param", QUERIES)
def test_a_nul_in_the_query_string_is_a_400(client, reference_data, url, param):
    response = client.get(url, {param: "a\x00b"})
    assert response.status_code == 400, response.content
    if url.startswith("/api/"):
        assert "NUL" in response.json()["detail"]


@pytest.mark.parametrize("url", PATHS)
def test_a_nul_in_the_path_is_a_400(client, reference_data, url):
    assert client.get(url).status_code == 400


def test_a_nul_in_codes_of_an_api_body_finds_nothing_instead_of_failing(
        client, reference_data, make_member):
    editor = make_member("editor", "544256")
    _token, key = create_api_token(editor, "GIS")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    strategy = client.post("/api/v1/strategies", {
        "title": "Strategie\x00", "owners": ["5442\x0056"], "level": "municipal",
        "type": "smart_city", "areas": ["C\x004"]}, content_type="application/json", **auth)
    assert strategy.status_code == 201, strategy.content
    assert strategy.json()["title"] == "Strategie"
    intention = client.post("/api/v1/intentions", {
        "title": "Záměr", "lead_unit": "544256\x00", "partner_units": ["\x00"],
        "main_area": "B\x002"}, content_type="application/json", **auth)
    assert intention.status_code in (201, 400), intention.content
    unknown = client.post("/api/v1/intentions", {
        "title": "Záměr", "lead_unit": "\x00", "main_area": "\x00"},
        content_type="application/json", **auth)
    assert unknown.status_code == 400, unknown.content
