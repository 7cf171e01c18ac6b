from __future__ import annotations

import csv
import io
import json

import pytest

from accounts.services import create_api_token
from strategies.models import Strategy

from .factories import make_strategy, publish


@pytest.fixture
def editor(reference_data, make_member):
    return make_member("editor", "544256")


@pytest.fixture
def moderator(reference_data, make_member):
    return make_member("moderator")


def many_strategies(editor, moderator, count: int):
    for index in range(count):
        publish(moderator, make_strategy(editor, title=f"Strategie {index:03d}",
                                         areas=[], valid_from=2020, valid_to=2030))


def test_list_page_query_count_does_not_grow(client, editor, moderator,
                                             django_assert_max_num_queries):
    many_strategies(editor, moderator, 3)
    with django_assert_max_num_queries(30) as few:
        client.get("/en/strategies/")
    many_strategies(editor, moderator, 20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/en/strategies/")
    assert "Strategie 019" in response.content.decode()


def test_api_list_query_count_does_not_grow(client, editor, moderator,
                                            django_assert_max_num_queries):
    many_strategies(editor, moderator, 3)
    with django_assert_max_num_queries(20) as few:
        client.get("/api/v1/strategies")
    many_strategies(editor, moderator, 20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        data = client.get("/api/v1/strategies", {"page_size": 100}).json()
    assert data["count"] == 23


def test_public_does_not_see_drafts(client, editor):
    draft = make_strategy(editor, title="Tajný koncept")
    assert client.get(f"/en/strategies/{draft.pk}/").status_code == 404
    assert client.get(f"/api/v1/strategies/{draft.pk}").status_code == 404
    assert client.get("/api/v1/strategies").json()["count"] == 0
    client.force_login(editor)
    assert client.get(f"/en/strategies/{draft.pk}/").status_code == 200


def test_exports(client, editor, moderator):
    many_strategies(editor, moderator, 2)
    rows = list(csv.DictReader(io.StringIO(
        client.get("/api/v1/strategies", {"format": "csv"}).content.decode("utf-8-sig"))))
    assert [r["title"] for r in rows] == ["Strategie 000", "Strategie 001"]
    assert rows[0]["kraje"] == "CZ031"
    data = json.loads(client.get("/api/v1/strategies", {"format": "json"}).content)
    assert data["count"] == 2
    assert [item["title"] for item in data["items"]] == ["Strategie 000", "Strategie 001"]


def test_the_list_pages_download_keeps_its_filters(client, editor, moderator):
    import html as html_lib
    import re

    many_strategies(editor, moderator, 1)  # valid 2020-2030
    publish(moderator, make_strategy(editor, title="Stará strategie", areas=[],
                                     status="expired", valid_from=2010, valid_to=2015))
    page = client.get("/en/strategies/", {"year": "2012"}).content.decode()
    link = html_lib.unescape(re.search(r'href="(/api/v1/strategies\?[^"]*format=csv)"',
                                       page).group(1))
    rows = list(csv.DictReader(io.StringIO(client.get(link).content.decode("utf-8-sig"))))
    assert [r["title"] for r in rows] == ["Stará strategie"]


def test_api_writes_need_a_token_and_respect_permissions(client, editor, make_member):
    payload = {"title": "Strategie přes API", "owners": ["544256"], "level": "municipal",
               "type": "smart_city", "valid_from": 2024, "valid_to": 2030, "areas": ["C4"]}
    assert client.post("/api/v1/strategies", payload,
                       content_type="application/json").status_code == 401
    _token, key = create_api_token(editor, "GIS obce")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    created = client.post("/api/v1/strategies", payload, content_type="application/json",
                          **auth)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["areas"] == ["C4"] and body["state"] == "draft"
    foreign = {**payload, "owners": ["586846"]}
    assert client.post("/api/v1/strategies", foreign, content_type="application/json",
                       **auth).status_code == 403
    stale = client.put(f"/api/v1/strategies/{body['id']}",
                       {**payload, "title": "Nový", "version": body["version"]},
                       content_type="application/json", **auth)
    assert stale.status_code == 200
    conflict = client.put(f"/api/v1/strategies/{body['id']}",
                          {**payload, "title": "Jiný", "version": body["version"]},
                          content_type="application/json", **auth)
    assert conflict.status_code == 409
    assert conflict.json()["current"]["title"] == "Nový"
    node = client.post(f"/api/v1/strategies/{body['id']}/nodes",
                       {"kind": "priority", "title": "Doprava", "code": "1"},
                       content_type="application/json", **auth)
    assert node.status_code == 201
    assert client.post(f"/api/v1/strategies/{body['id']}/submit", **auth).json()[
        "state"] == "submitted"


def test_invalid_filters_give_400(client, reference_data):
    assert client.get("/api/v1/strategies", {"kraj": "CZ999"}).status_code == 400
    assert client.get("/api/v1/strategies", {"level": "galactic"}).status_code == 400
    assert client.get("/api/v1/strategies", {"valid_in": "abc"}).status_code == 400


def test_edit_conflict_shows_both_versions(client, editor, make_member):
    strategy = make_strategy(editor, title="Původní")
    form = {"title": "Moje", "owners": "544256", "level": "municipal",
            "strategy_type": "smart_city", "status": "preparation", "version": 1}
    client.force_login(make_member("coordinator", "CZ031"))
    assert client.post(f"/en/strategies/{strategy.pk}/edit/",
                       {**form, "title": "Koordinátorova"}).status_code == 302
    client.force_login(editor)
    response = client.post(f"/en/strategies/{strategy.pk}/edit/", form)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Koordinátorova" in html and "Moje" in html
    assert Strategy.objects.get(pk=strategy.pk).title == "Koordinátorova"
    # Saving again after seeing the comparison is a deliberate overwrite.
    resubmit = client.post(f"/en/strategies/{strategy.pk}/edit/", {**form, "version": 2})
    assert resubmit.status_code == 302
    assert Strategy.objects.get(pk=strategy.pk).title == "Moje"


def test_unit_profile_lists_strategies_and_covered_areas(client, editor, moderator):
    from concept.models import KeyArea

    publish(moderator, make_strategy(editor, title="Smart ČB",
                                     areas=list(KeyArea.objects.filter(code="C4"))))
    html = client.get("/en/territory/544256/").content.decode()
    assert "Smart ČB" in html
    assert 'class="covered"><a href="/en/concept/C4/"' in html


def test_national_overview_counts_municipalities(client, editor, moderator):
    publish(moderator, make_strategy(editor, title="Smart ČB", valid_from=2020,
                                     valid_to=2030, status="valid"))
    response = client.get("/en/strategies/overview/", {"year": 2025})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="obec smart"' in html
    assert html.count('class="obec smart"') == 1
    # The legend counts the municipalities of each colour.
    assert "SMART city strategy (1)" in html
    none = html.count('class="obec none"')
    assert none > 6000 and f"no valid strategy in the registry ({none:,})" in html
