from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed(publish_strategy, add_document):
    strategy = publish_strategy("Strategie dopravy", summary="Doprava a mobilita ve městě.")
    add_document(strategy, "Návrhová část", [
        (3, "Nové cyklostezky a bezpečné přechody zlepší dopravu dětí do škol.", ["C4"])])
    return strategy


def test_contract(client, indexed):
    data = client.get("/api/v1/search", {"q": "doprava"}).json()
    assert data["count"] == 2 and data["count_exact"] and data["facets_exact"]
    first = data["items"][0]
    assert set(first) >= {"kind", "title", "url", "snippet", "document", "page"}
    assert first["kind"] == "strategy" and first["document"] is None
    passage = next(item for item in data["items"] if item["kind"] == "passage")
    assert passage["document"] == "Návrhová část" and passage["page"] == 3
    assert "<mark>dopravu</mark>" in passage["snippet"]
    assert passage["url"].startswith("/cs/") and passage["url"].endswith("#page-3")
    assert {f["value"] for f in data["facets"]["kind"]} == {"strategy", "passage"}


def test_filters_and_paging(client, indexed):
    data = client.get("/api/v1/search", {"q": "doprava", "kind": "passage"}).json()
    assert [i["kind"] for i in data["items"]] == ["passage"]
    # Every filter holds but the year: the strategy is valid 2021–2030 (the factory's period).
    assert client.get("/api/v1/search", {"q": "doprava", "area": "c4", "kraj": "CZ031",
                                         "unit": "544256", "year": 2031}).json()["count"] == 0
    page = client.get("/api/v1/search", {"q": "doprava", "page_size": 1, "page": 2}).json()
    assert page["count"] == 2 and len(page["items"]) == 1


@pytest.mark.parametrize("params, message", [
    ({}, "q: Field required"),
    ({"q": "   "}, "Enter"),
    ({"q": "a v na , ."}, "searchable"),
    ({"q": "cy*"}, "prefix"),
    ({"q": "doprava", "area": "X9"}, "Unknown key area"),
    ({"q": "doprava", "kraj": "CZ999"}, "Unknown region"),
    ({"q": "doprava", "unit": "nope"}, "Unknown territorial unit"),
    ({"q": "doprava", "kind": "nope"}, "kind"),
    ({"q": "doprava", "year": "1800"}, "year"),
    ({"q": "doprava", "page_size": "1000"}, "page_size"),
    ({"q": "x" * 301}, "q"),
])
def test_bad_input_is_a_400_with_a_message(client, indexed, params, message):
    response = client.get("/api/v1/search", params, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert message in response.json()["detail"]


def test_openapi_lists_search(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/search" in paths
