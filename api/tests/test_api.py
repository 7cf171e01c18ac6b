from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import load_workbook


def test_territory_list_filters_by_kind_and_parent(client, reference_data):
    data = client.get("/api/v1/territories", {"kind": "obec", "parent": "CZ063",
                                              "page_size": 500}).json()
    assert data["count"] == len(data["items"]) > 0
    assert all(item["kind"] == "obec" and item["kraj"] == "CZ063" for item in data["items"])
    assert {"code", "name", "kind"} <= set(data["items"][0])


def test_territory_search_is_diacritics_insensitive_and_ranked(client, reference_data):
    data = client.get("/api/v1/territories", {"search": "ceske bud"}).json()
    assert data["items"][0]["code"] == "544256"


def test_paging_and_ordering(client, reference_data):
    first = client.get("/api/v1/territories", {"kind": "kraj", "page_size": 5,
                                               "ordering": "name"}).json()
    second = client.get("/api/v1/territories", {"kind": "kraj", "page_size": 5, "page": 2,
                                                "ordering": "name"}).json()
    assert first["count"] == 14
    assert [i["name"] for i in first["items"]][:2] == ["Hlavní město Praha", "Jihočeský kraj"]
    assert not {i["code"] for i in first["items"]} & {i["code"] for i in second["items"]}


def test_detail_by_official_code(client, reference_data):
    data = client.get("/api/v1/territories/544256").json()
    assert (data["name"], data["kind"], data["kraj"], data["population"]) == (
        "České Budějovice", "obec", "CZ031", 94463)


@pytest.mark.parametrize(("url", "params", "status", "fragment"), [
    ("/api/v1/territories/000000", {}, 404, "000000"),
    ("/api/v1/territories", {"page": "abc"}, 400, "page"),
    ("/api/v1/territories", {"page_size": "100000"}, 400, "page_size"),
    ("/api/v1/territories", {"kind": "village"}, 400, "kind"),
    ("/api/v1/territories", {"parent": "nope"}, 400, "nope"),
    ("/api/v1/territories", {"ordering": "secret"}, 400, "ordering"),
    ("/api/v1/territories", {"format": "pdf"}, 400, "format"),
    ("/api/v1/concept/areas/XX9", {}, 404, "XX9"),
])
def test_bad_input_gives_json_error_with_detail(client, reference_data, url, params, status,
                                                fragment):
    response = client.get(url, params)
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert fragment in json.dumps(response.json()["detail"])


def test_exports_in_three_formats(client, reference_data):
    params = {"kind": "kraj"}
    as_json = json.loads(client.get("/api/v1/territories", {**params, "format": "json"}).content)
    assert as_json["count"] == len(as_json["items"]) == 14
    as_csv = client.get("/api/v1/territories", {**params, "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    assert len(rows) == 14 and "Jihočeský kraj" in {r["name"] for r in rows}
    as_xlsx = client.get("/api/v1/territories", {**params, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(as_xlsx.content)).active
    assert sheet.max_row == 15
    assert "attachment" in as_xlsx["Content-Disposition"]


def test_concept_areas(client, reference_data):
    data = client.get("/api/v1/concept/areas").json()
    assert data["count"] == 16
    assert [a["code"] for a in data["items"]][:4] == ["ZPO1", "ZPO2", "ZPO3", "ZPO4"]
    pillars = client.get("/api/v1/concept/pillars").json()
    assert [p["code"] for p in pillars] == ["ZPO", "A", "B", "C"]
    assert all(len(p["areas"]) == 4 for p in pillars)


def test_openapi_and_docs(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/territories" in schema["paths"]
    assert "/api/v1/territories/{code}" in schema["paths"]
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    assert b"cdn." not in docs.content  # served from our own static files


def test_territory_list_query_count_is_constant(client, reference_data, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        client.get("/api/v1/territories", {"kind": "obec", "page_size": 200})
