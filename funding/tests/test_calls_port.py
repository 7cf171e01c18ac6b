"""Intentions lie below funding: their pages find calls through the matcher funding
registers (`intentions.calls`)."""

from __future__ import annotations

from intentions import calls
from intentions.tests.factories import make_intention
from intentions.tests.factories import publish as publish_intention

from .factories import make_call


def test_the_intention_pages_rank_calls_with_the_matcher_funding_registered(
        client, editor, moderator, monkeypatch):
    intention = publish_intention(moderator, make_intention(editor))
    call = make_call(moderator, identifier="P-1", areas=("B2",))
    page = f"/en/intentions/{intention.pk}/calls/"
    api = f"/api/v1/intentions/{intention.pk}/matching-calls"
    assert [c.pk for c, _match in calls.matching_calls(intention, limit=5, viewer=editor)] \
        == [call.pk]
    assert "P-1" in client.get(page).content.decode()
    assert client.get(api).json()["count"] == 1

    monkeypatch.setattr(calls, "_matchers", [])  # an app without funding: nothing offered
    assert calls.matching_calls(intention, limit=5, viewer=editor) == []
    response = client.get(page)
    assert response.status_code == 200 and "P-1" not in response.content.decode()
    assert client.get(api).json() == {"count": 0, "items": []}
