"""Incremental sync: a list with `modified_since` answers the records changed since then and,
in `deleted`, those changed since then that are gone from the caller's list — without naming
a record the caller could never see."""

from __future__ import annotations

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.services import create_api_token
from strategies import services
from strategies.tests.factories import make_strategy, publish


@pytest.fixture
def editor(reference_data, make_member):
    return make_member("editor", "544256")


@pytest.fixture
def moderator(reference_data, make_member):
    return make_member("moderator")


def sync(client, since, **headers):
    answer = client.get("/api/v1/strategies", {"modified_since": since.isoformat()},
                        **headers)
    assert answer.status_code == 200
    data = answer.json()
    return {item["id"] for item in data["items"]}, set(data["deleted"]), data["count"]


def test_changes_and_tombstones_as_each_caller_saw_them(client, editor, moderator,
                                                        admin_user):
    changed = publish(moderator, make_strategy(editor, title="Mění se"))
    removed = publish(moderator, make_strategy(editor, title="Bude smazána"))
    publish(moderator, make_strategy(editor, title="Beze změny"))
    draft = make_strategy(editor, title="Koncept, který zmizí")
    since = timezone.now()

    changed = services.update_strategy(editor, changed, services.StrategyData(
        title="Změněná strategie", owners=list(changed.owners.all()), level=changed.level,
        strategy_type=changed.strategy_type, summary="Nové shrnutí.", valid_from=2021,
        valid_to=2030), changed.version)
    services.delete_strategy(admin_user, removed)
    services.delete_strategy(editor, draft)
    new_draft = make_strategy(editor, title="Nový koncept")

    # The public sees the published change and the deletion of what was public; the draft
    # it never saw (deleted or new) is not named.
    items, deleted, count = sync(client, since)
    assert items == {changed.pk} and count == 1
    assert deleted == {removed.pk}

    # The editor saw the draft: its deletion is reported to them, the new draft listed.
    _token, key = create_api_token(editor, "sync")
    items, deleted, _count = sync(client, since, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert items == {changed.pk, new_draft.pk}
    assert deleted == {removed.pk, draft.pk}

    # A later point in time: nothing changed since.
    assert sync(client, timezone.now()) == (set(), set(), 0)


def test_a_record_leaving_the_filter_is_a_tombstone(client, editor, moderator):
    strategy = publish(moderator, make_strategy(editor, title="Dopravní strategie",
                                                valid_from=2021, valid_to=2030))
    since = timezone.now()
    services.update_strategy(editor, strategy, services.StrategyData(
        title=strategy.title, owners=list(strategy.owners.all()), level=strategy.level,
        strategy_type=strategy.strategy_type, summary=strategy.summary, valid_from=2021,
        valid_to=2024), strategy.version)
    answer = client.get("/api/v1/strategies", {"modified_since": since.isoformat(),
                                               "valid_in": 2028}).json()
    assert answer["items"] == [] and answer["deleted"] == [strategy.pk]


def test_json_export_carries_the_tombstones(client, editor, moderator, admin_user):
    removed = publish(moderator, make_strategy(editor, title="Smazaná"))
    since = timezone.now()
    services.delete_strategy(admin_user, removed)
    answer = client.get("/api/v1/strategies", {"modified_since": since.isoformat(),
                                               "format": "json"})
    assert answer.streaming
    assert answer.json() == {"count": 0, "items": [], "deleted": [removed.pk]}


@pytest.mark.parametrize("url", ["/api/v1/strategies", "/api/v1/intentions",
                                 "/api/v1/funding/calls", "/api/v1/funding/programmes",
                                 "/api/v1/territories"])
def test_every_list_refuses_a_bad_time_with_a_clear_message(client, reference_data, url):
    with translation.override("cs"):
        answer = client.get(url, {"modified_since": "včera"}, HTTP_ACCEPT_LANGUAGE="cs")
        expected = _("modified_since: “%(value)s” is not a date or time in ISO 8601 form; "
                     "send e.g. 2026-05-01 or 2026-05-01T12:00:00Z.") % {"value": "včera"}
    assert answer.status_code == 400
    assert answer.json()["detail"] == expected


@pytest.mark.parametrize("url", ["/api/v1/strategies", "/api/v1/intentions",
                                 "/api/v1/funding/calls", "/api/v1/funding/programmes",
                                 "/api/v1/territories"])
def test_every_list_takes_dates_and_times(client, reference_data, url):
    for value in ("2020-01-01", "2020-01-01T08:00:00Z", "2020-01-01T08:00:00+01:00",
                  "2020-01-01T08:00:00"):
        answer = client.get(url, {"modified_since": value})
        assert answer.status_code == 200, (url, value)
        assert set(answer.json()) == {"count", "items", "deleted"}
