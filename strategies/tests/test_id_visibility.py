"""Ids a user passes are resolved through what that user may see: another unit's draft
is answered exactly like an id that does not exist, in the API and in the form, and
nothing about it (its title above all) is saved or shown."""

from __future__ import annotations

import pytest

from accounts.services import create_api_token
from core.models import HistoryEntry
from strategies.models import Strategy

from .factories import make_strategy, publish

SECRET = "Tajný koncept Jihlavy"


@pytest.fixture
def editor(reference_data, make_member):
    return make_member("editor", "544256")  # České Budějovice


@pytest.fixture
def hidden_draft(reference_data, make_member):
    return make_strategy(make_member("editor", "586846"), owner_code="586846", title=SECRET,
                         level="regional")


@pytest.fixture
def missing_id(hidden_draft):
    return Strategy.all_objects.order_by("-pk").first().pk + 1000


def _auth(editor):
    _token, key = create_api_token(editor, "GIS obce")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


PAYLOAD = {"title": "Strategie přes API", "owners": ["544256"], "level": "municipal",
           "type": "smart_city"}


def _answer(response, strategy_id: int) -> tuple[int, str]:
    """The reply with the id itself taken out: what else it says must not differ."""
    # Compared on the decoded JSON: the raw body escapes Czech letters as \uXXXX, whose
    # digits could be taken for the id.
    import json

    if response["Content-Type"].startswith("application/json"):
        body = json.dumps(response.json(), ensure_ascii=False)
    else:
        body = response.content.decode()
    return response.status_code, body.replace(str(strategy_id), "<id>")


def _no_trace(own: Strategy | None = None) -> None:
    """No history entry but the hidden draft's own mentions it."""
    others = HistoryEntry.objects.exclude(object_repr=SECRET)
    everything = " ".join(f"{e.changes} {e.note}" for e in others)
    assert SECRET not in everything
    if own is not None:
        assert not own.parents.exists()


def test_api_create_answers_a_hidden_draft_like_a_missing_id(client, editor, hidden_draft,
                                                             missing_id):
    auth = _auth(editor)
    answers = []
    for strategy_id in (hidden_draft.pk, missing_id):
        response = client.post("/api/v1/strategies", {**PAYLOAD, "parents": [strategy_id]},
                               content_type="application/json", **auth)
        assert response.status_code == 400, response.content
        assert SECRET not in response.content.decode()
        answers.append(_answer(response, strategy_id))
    assert answers[0] == answers[1]
    assert not Strategy.objects.filter(title=PAYLOAD["title"]).exists()
    _no_trace()


def test_api_update_answers_a_hidden_draft_like_a_missing_id(client, editor, hidden_draft,
                                                             missing_id):
    own = make_strategy(editor, title="Naše strategie")
    auth = _auth(editor)
    answers = []
    for strategy_id in (hidden_draft.pk, missing_id):
        response = client.put(f"/api/v1/strategies/{own.pk}",
                              {**PAYLOAD, "parents": [strategy_id], "version": own.version},
                              content_type="application/json", **auth)
        assert response.status_code == 400, response.content
        assert SECRET not in response.content.decode()
        answers.append(_answer(response, strategy_id))
    assert answers[0] == answers[1]
    own.refresh_from_db()
    assert own.title == "Naše strategie" and own.version == 1
    _no_trace(own)


def test_api_accepts_a_parent_the_editor_may_see(client, editor, make_member):
    regional = make_strategy(make_member("coordinator", "CZ031"), owner_code="CZ031",
                             level="regional", title="Krajská strategie")
    own = make_strategy(editor, title="Naše strategie")
    publish(make_member("moderator"), regional)
    response = client.put(f"/api/v1/strategies/{own.pk}",
                          {**PAYLOAD, "parents": [regional.pk], "version": own.version},
                          content_type="application/json", **_auth(editor))
    assert response.status_code == 200, response.content
    assert response.json()["parents"] == [regional.pk]


FORM = {"title": "Strategie z formuláře", "owners": "544256", "level": "municipal",
        "strategy_type": "smart_city", "status": "preparation"}


def not_found(strategy_id) -> str:
    """The form's answer to a parent it cannot find (the parents are chosen by title or id)."""
    from django.utils import translation

    from core.choosers import ChooserField

    with translation.override("en"):
        return str(ChooserField.default_error_messages["unknown"]) % {"text": strategy_id}


def test_form_create_answers_a_hidden_draft_like_a_missing_id(client, editor, hidden_draft,
                                                              missing_id):
    client.force_login(editor)
    answers = []
    for strategy_id in (hidden_draft.pk, missing_id):
        response = client.post("/en/strategies/new/", {**FORM, "parents": [strategy_id]})
        assert response.status_code == 200
        html = response.content.decode()
        assert SECRET not in html
        assert not_found(strategy_id) in html
        answers.append(_answer(response, strategy_id)[0])
    assert answers[0] == answers[1]
    assert not Strategy.objects.filter(title=FORM["title"]).exists()
    _no_trace()


def test_form_update_answers_a_hidden_draft_like_a_missing_id(client, editor, hidden_draft,
                                                              missing_id):
    own = make_strategy(editor, title="Naše strategie")
    client.force_login(editor)
    for strategy_id in (hidden_draft.pk, missing_id):
        response = client.post(f"/en/strategies/{own.pk}/edit/",
                               {**FORM, "parents": [strategy_id], "version": own.version})
        assert response.status_code == 200
        assert not_found(strategy_id) in response.content.decode()
        assert SECRET not in response.content.decode()
    own.refresh_from_db()
    assert own.title == "Naše strategie"
    _no_trace(own)


def test_service_refuses_a_hidden_parent_whoever_calls_it(editor, hidden_draft, missing_id):
    from django.core.exceptions import ValidationError

    from strategies import services
    from territory.models import TerritorialUnit

    messages = []
    for parent in (hidden_draft, missing_id):
        data = services.StrategyData(
            title="Přímo přes službu", level="municipal", strategy_type="smart_city",
            owners=[TerritorialUnit.objects.get(code="544256")], parents=[parent])
        with pytest.raises(ValidationError) as refused:
            services.create_strategy(editor, data)
        text = " ".join(refused.value.messages)
        assert SECRET not in text
        messages.append(text.replace(str(getattr(parent, "pk", parent)), "<id>"))
    assert messages[0] == messages[1]
    assert not Strategy.objects.filter(title="Přímo přes službu").exists()


def test_a_hidden_parent_linked_by_someone_else_survives_an_editors_save(
        client, editor, hidden_draft, make_member):
    """A coordinator may link what the editor cannot see; the editor's save neither shows
    nor drops it."""
    from strategies import services

    own = make_strategy(editor, title="Naše strategie")
    admin = make_member("administrator")
    data = services.StrategyData(title=own.title, level="municipal",
                                 strategy_type="smart_city", owners=list(own.owners.all()),
                                 parents=[hidden_draft])
    own = services.update_strategy(admin, own, data, own.version)
    response = client.put(f"/api/v1/strategies/{own.pk}",
                          {**PAYLOAD, "title": "Nový název", "parents": [],
                           "version": own.version},
                          content_type="application/json", **_auth(editor))
    assert response.status_code == 200, response.content
    assert SECRET not in response.content.decode()
    assert list(Strategy.objects.get(pk=own.pk).parents.all()) == [hidden_draft]
    last = HistoryEntry.objects.order_by("-pk").first()
    assert last.actor == editor and SECRET not in str(last.changes)


def test_a_municipal_parent_linked_through_the_api_survives_a_form_save(client, editor,
                                                                        make_member):
    """The form offers regional and national strategies; one the API linked stays."""
    plan = publish(make_member("moderator"), make_strategy(
        editor, title="Strategický plán rozvoje města", strategy_type="strategic_plan"))
    own = make_strategy(editor, title="Naše strategie")
    response = client.put(f"/api/v1/strategies/{own.pk}",
                          {**PAYLOAD, "parents": [plan.pk], "version": own.version},
                          content_type="application/json", **_auth(editor))
    assert response.status_code == 200, response.content
    client.force_login(editor)
    page = client.get(f"/en/strategies/{own.pk}/edit/").content.decode()
    assert "Strategický plán rozvoje města" in page
    saved = client.post(f"/en/strategies/{own.pk}/edit/",
                        {**FORM, "title": "Nový název", "parents": [plan.pk], "version": 2})
    assert saved.status_code == 302
    assert list(Strategy.objects.get(pk=own.pk).parents.all()) == [plan]
