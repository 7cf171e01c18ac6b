"""The OpenAPI description says what the API answers: every 4xx an operation can give,
the file formats of the list exports, and the rules a parameter must follow."""

from __future__ import annotations

import json
import re

import pytest

EXPORT_TYPES = {"text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


@pytest.fixture
def schema(client, db):
    return client.get("/api/v1/openapi.json").json()


def operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield f"{method.upper()} {path}", operation


def test_every_operation_documents_the_errors_it_can_answer(schema):
    missing = []
    for name, operation in operations(schema):
        documented = set(operation["responses"])
        expected = {"400"}  # an invalid parameter or field; a NUL anywhere in the address
        if any(p["in"] == "path" for p in operation.get("parameters", [])):
            expected.add("404")
        if operation.get("requestBody"):
            expected |= {"415", "422"}
        if operation.get("security") and {} not in operation["security"]:
            expected |= {"401", "403"}
        missing += [f"{name}: {code}" for code in sorted(expected - documented)]
        for code in documented - {"200", "201", "204", "304"}:  # 304: not modified, no body
            content = operation["responses"][code].get("content", {})
            assert "detail" in json.dumps(content) or "$ref" in json.dumps(content), (
                f"{name}: {code} has no error body")
    assert not missing


def test_list_exports_document_their_file_types(schema):
    lists = [(name, operation) for name, operation in operations(schema)
             if any(p["name"] == "format" for p in operation.get("parameters", []))]
    assert {name for name, _ in lists} >= {
        "GET /api/v1/territories", "GET /api/v1/strategies", "GET /api/v1/intentions",
        "GET /api/v1/funding/calls", "GET /api/v1/funding/programmes"}
    for name, operation in lists:
        assert set(operation["responses"]["200"]["content"]) == {"application/json",
                                                                *EXPORT_TYPES}, name


@pytest.mark.parametrize("url", ["/api/v1/territories", "/api/v1/strategies",
                                 "/api/v1/intentions", "/api/v1/funding/calls",
                                 "/api/v1/funding/programmes"])
def test_exports_answer_the_documented_types(client, reference_data, url):
    for fmt, expected in (("csv", "text/csv"), ("xlsx", "application/vnd.openxmlformats-"
                                                        "officedocument.spreadsheetml.sheet"),
                          ("json", "application/json")):
        response = client.get(url, {"format": fmt})
        assert response.status_code == 200
        assert response["Content-Type"].split(";")[0] == expected
        assert f'.{fmt}"' in response["Content-Disposition"]


def test_a_json_download_is_the_whole_list_as_count_and_items(client, reference_data):
    page = client.get("/api/v1/territories", {"kind": "kraj", "page_size": 5}).json()
    download = client.get("/api/v1/territories", {"kind": "kraj", "page_size": 5,
                                                  "format": "json"})
    assert download["Content-Disposition"] == 'attachment; filename="territories.json"'
    whole = json.loads(download.content)
    assert whole["count"] == page["count"] == 14
    assert len(whole["items"]) == 14
    assert whole["items"][:5] == page["items"]


@pytest.mark.parametrize("url", ["/api/v1/strategies", "/api/v1/intentions"])
def test_a_malformed_orp_code_breaks_a_documented_rule(client, schema, reference_data, url):
    orp = next(p for p in schema["paths"][url]["get"]["parameters"] if p["name"] == "orp")
    assert not re.search(orp["schema"]["pattern"], "|")
    assert re.search(orp["schema"]["pattern"], "4003")
    response = client.get(url, {"orp": "|"})
    assert response.status_code == 400
    assert "orp" in response.json()["detail"]


def test_search_requires_a_query_as_documented(client, schema, reference_data):
    q = next(p for p in schema["paths"]["/api/v1/search"]["get"]["parameters"]
             if p["name"] == "q")
    assert q["required"] is True and q["schema"]["minLength"] == 1
    for params in ({}, {"q": ""}):
        response = client.get("/api/v1/search", params)
        assert response.status_code == 400
        assert response.json()["detail"].startswith("q: ")
    for nothing_searchable in ("   ", "a v na"):  # documented with q: a 400 saying why
        response = client.get("/api/v1/search", {"q": nothing_searchable})
        assert response.status_code == 400 and response.json()["detail"]
    assert "400" in schema["paths"]["/api/v1/search"]["get"]["responses"]
    assert client.get("/api/v1/search", {"q": "doprava"}).status_code == 200
