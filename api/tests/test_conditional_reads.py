"""Reads carry ETag and Last-Modified and answer 304 while the caller's view holds; the
validator depends only on what the caller may see."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils.http import http_date

from strategies import services
from strategies.tests.factories import make_strategy, publish


@pytest.fixture
def editor(reference_data, make_member):
    return make_member("editor", "544256")


@pytest.fixture
def moderator(reference_data, make_member):
    return make_member("moderator")


def test_list_answers_304_until_something_visible_changes(client, editor, moderator):
    strategy = publish(moderator, make_strategy(editor, title="Strategie města"))
    first = client.get("/api/v1/strategies")
    etag = first["ETag"]
    assert first.status_code == 200 and etag.startswith('W/"') and first["Last-Modified"]

    again = client.get("/api/v1/strategies", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag

    # Another page or filter is another answer.
    assert client.get("/api/v1/strategies", {"page_size": 10},
                      HTTP_IF_NONE_MATCH=etag).status_code == 200

    services.update_strategy(editor, strategy, services.StrategyData(
        title="Přejmenovaná strategie", owners=list(strategy.owners.all()),
        level=strategy.level, strategy_type=strategy.strategy_type,
        summary=strategy.summary, valid_from=2021, valid_to=2030), strategy.version)
    changed = client.get("/api/v1/strategies", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert changed.json()["items"][0]["title"] == "Přejmenovaná strategie"


def test_a_draft_the_public_cannot_see_does_not_change_its_validators(client, editor,
                                                                      moderator):
    publish(moderator, make_strategy(editor, title="Veřejná"))
    before = client.get("/api/v1/strategies")
    make_strategy(editor, title="Tajný koncept")
    after = client.get("/api/v1/strategies", HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 304
    assert after["ETag"] == before["ETag"]


def test_if_modified_since_on_lists(client, editor, moderator):
    publish(moderator, make_strategy(editor, title="Strategie"))
    first = client.get("/api/v1/strategies")
    assert client.get("/api/v1/strategies", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
                      ).status_code == 304
    earlier = http_date((dt.datetime.now(dt.UTC) - dt.timedelta(days=1)).timestamp())
    assert client.get("/api/v1/strategies", HTTP_IF_MODIFIED_SINCE=earlier
                      ).status_code == 200


def test_details_answer_304(client, editor, moderator):
    strategy = publish(moderator, make_strategy(editor, title="Strategie"))
    url = f"/api/v1/strategies/{strategy.pk}"
    etag = client.get(url)["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    services.update_strategy(editor, strategy, services.StrategyData(
        title="Nový název", owners=list(strategy.owners.all()), level=strategy.level,
        strategy_type=strategy.strategy_type, summary=strategy.summary, valid_from=2021,
        valid_to=2030), strategy.version)
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200

    unit = client.get("/api/v1/territories/544256")
    assert unit["Last-Modified"]
    assert client.get("/api/v1/territories/544256",
                      HTTP_IF_NONE_MATCH=unit["ETag"]).status_code == 304
    assert client.get("/api/v1/territories/544256",
                      HTTP_IF_MODIFIED_SINCE=unit["Last-Modified"]).status_code == 304


def test_the_same_list_has_another_etag_for_a_reader_who_sees_more(client, editor,
                                                                  moderator):
    from accounts.services import create_api_token

    publish(moderator, make_strategy(editor, title="Veřejná"))
    _token, key = create_api_token(editor, "read")
    public = client.get("/api/v1/strategies")["ETag"]
    own = client.get("/api/v1/strategies", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert own["ETag"] != public
    assert client.get("/api/v1/strategies", HTTP_IF_NONE_MATCH=own["ETag"]
                      ).status_code == 200
