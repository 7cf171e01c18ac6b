from __future__ import annotations

import csv
import io

from accounts.services import create_api_token

from .factories import make_intention, publish


def many(editor, moderator, count):
    for index in range(count):
        publish(moderator, make_intention(editor, title=f"Záměr {index:03d}"))


def test_api_list_query_count_does_not_grow(client, editor, moderator,
                                            django_assert_max_num_queries):
    many(editor, moderator, 3)
    with django_assert_max_num_queries(30) as few:
        client.get("/api/v1/intentions")
    many(editor, moderator, 20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        data = client.get("/api/v1/intentions", {"page_size": 100}).json()
    assert data["count"] == 23
    assert data["items"][0]["budget_total"] == "12500000.00"


def test_filters_and_exports(client, editor, moderator):
    many(editor, moderator, 2)
    assert client.get("/api/v1/intentions", {"kraj": "CZ031"}).json()["count"] == 2
    assert client.get("/api/v1/intentions", {"kraj": "CZ063"}).json()["count"] == 0
    assert client.get("/api/v1/intentions", {"source": "eu", "year": 2027,
                                              "technology": "smart-lighting",
                                              "budget_min": "10000000"}).json()["count"] == 2
    assert client.get("/api/v1/intentions", {"budget_max": "1000000"}).json()["count"] == 0
    response = client.get("/api/v1/intentions", {"kraj": "XX"})
    assert response.status_code == 400 and "detail" in response.json()
    rows = list(csv.DictReader(io.StringIO(client.get(
        "/api/v1/intentions", {"format": "csv"}).content.decode("utf-8-sig"))))
    assert rows[0]["budget_eu_czk"] == "10000000.00" and rows[0]["kraj"] == "CZ031"
    assert client.get("/api/v1/intentions", {"format": "xlsx"}).status_code == 200


def test_private_budget_is_null_for_the_public(client, editor, moderator):
    intention = publish(moderator, make_intention(editor, budget_public=False))
    item = client.get("/api/v1/intentions").json()["items"][0]
    assert item["budget_total"] is None
    detail = client.get(f"/api/v1/intentions/{intention.pk}").json()
    assert detail["budget"] is None and detail["total_cost"] is None
    assert client.get("/api/v1/intentions", {"budget_min": "1"}).json()["count"] == 0


def test_writes_need_a_token_and_check_versions(client, editor, make_member):
    payload = {"title": "Záměr přes API", "lead_unit": "544256", "main_area": "C4",
               "technologies": ["data-platform"], "start_date": "2026-01-01",
               "end_date": "2026-12-31", "total_cost": "1000000.00",
               "budget": [{"year": 2026, "source": "own", "amount": "1000000.00"}]}
    assert client.post("/api/v1/intentions", payload,
                       content_type="application/json").status_code == 401
    _token, key = create_api_token(editor, "GIS")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    created = client.post("/api/v1/intentions", payload, content_type="application/json",
                          **auth)
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["budget_total"] == "1000000.00" and data["status"] == "draft"
    url = f"/api/v1/intentions/{data['id']}"
    ok = client.patch(url, {"version": data["version"], "goals": "Nové cíle"},
                      content_type="application/json", **auth)
    assert ok.status_code == 200 and ok.json()["goals"] == "Nové cíle"
    stale = client.patch(url, {"version": data["version"], "goals": "Jiné"},
                         content_type="application/json", **auth)
    assert stale.status_code == 409 and stale.json()["current"]["goals"] == "Nové cíle"
    bad = client.patch(url, {"version": ok.json()["version"], "technologies": ["warp"]},
                       content_type="application/json", **auth)
    assert bad.status_code == 400 and "warp" in bad.json()["detail"]
    _t, other_key = create_api_token(make_member("editor", "586846"), "x")
    denied = client.patch(url, {"version": ok.json()["version"], "goals": "cizí"},
                          content_type="application/json",
                          HTTP_AUTHORIZATION=f"Bearer {other_key}")
    assert denied.status_code in (403, 404)
    submit = client.post(f"{url}/submit", content_type="application/json",
                         HTTP_ACCEPT_LANGUAGE="en", **auth)
    assert submit.status_code == 400 and "cannot be submitted" in submit.json()["detail"]


def test_fiche_pdf_and_matching_calls_contract(client, editor, moderator):
    intention = publish(moderator, make_intention(editor))
    response = client.get(f"/api/v1/intentions/{intention.pk}/fiche.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert response["Content-Type"] == "application/pdf"
    data = client.get(f"/api/v1/intentions/{intention.pk}/matching-calls").json()
    assert data == {"count": 0, "items": []}
    assert client.get("/api/v1/intentions/999999/fiche.pdf").status_code == 404
