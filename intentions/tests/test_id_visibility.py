"""Strategy elements and SDGs an intention links to are resolved through what the user
may see: an element of another unit's draft strategy is answered exactly like an id that
does not exist (through the API and the wizard), and its title is never shown or saved."""

from __future__ import annotations

import pytest

from accounts.services import create_api_token
from core.models import HistoryEntry
from intentions.models import Intention
from strategies import services as strategy_services
from strategies.models import StructureNode
from strategies.tests.factories import make_strategy

from .factories import make_intention

SECRET = "Tajné opatření Jihlavy"


@pytest.fixture
def hidden_node(make_member, vocabularies):
    jihlava = make_member("editor", "586846")
    draft = make_strategy(jihlava, owner_code="586846", title="Koncept Jihlavy")
    return strategy_services.add_node(jihlava, draft, kind="measure", title=SECRET)


@pytest.fixture
def missing_id(hidden_node):
    return StructureNode.objects.order_by("-pk").first().pk + 1000


@pytest.fixture
def auth(editor):
    _token, key = create_api_token(editor, "GIS")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def _answer(response, node_id: int) -> tuple[int, str]:
    return response.status_code, response.content.decode().replace(str(node_id), "<id>")


def _no_trace() -> None:
    entries = HistoryEntry.objects.exclude(model_label="strategies.strategy")
    assert SECRET not in " ".join(f"{e.changes} {e.note}" for e in entries)


def test_api_answers_a_hidden_element_like_a_missing_id(client, editor, auth, hidden_node,
                                                        missing_id):
    intention = make_intention(editor, complete=False)
    created, updated = [], []
    for node_id in (hidden_node.pk, missing_id):
        response = client.post("/api/v1/intentions",
                               {"title": "Záměr přes API", "lead_unit": "544256",
                                "strategy_nodes": [node_id]},
                               content_type="application/json", **auth)
        assert response.status_code == 400 and SECRET not in response.content.decode()
        created.append(_answer(response, node_id))
        response = client.patch(f"/api/v1/intentions/{intention.pk}",
                                {"strategy_nodes": [node_id], "version": intention.version},
                                content_type="application/json", **auth)
        assert response.status_code == 400 and SECRET not in response.content.decode()
        updated.append(_answer(response, node_id))
    assert created[0] == created[1] and updated[0] == updated[1]
    assert not Intention.objects.filter(title="Záměr přes API").exists()
    assert not Intention.objects.get(pk=intention.pk).strategy_nodes.exists()
    _no_trace()


def test_the_service_never_names_an_element_the_user_may_not_see(editor, hidden_node):
    from django.core.exceptions import ValidationError

    from intentions import services

    intention = make_intention(editor, complete=False)
    with pytest.raises(ValidationError) as refused:
        services.update_intention(editor, intention, {"strategy_nodes": [hidden_node]},
                                  expected_version=intention.version)
    assert SECRET not in " ".join(refused.value.messages)
    assert not Intention.objects.get(pk=intention.pk).strategy_nodes.exists()


def test_wizard_answers_a_hidden_element_like_a_missing_id(client, editor, hidden_node,
                                                           missing_id):
    intention = make_intention(editor, complete=False)
    client.force_login(editor)
    url = f"/en/intentions/{intention.pk}/edit/classification/"
    for node_id in (hidden_node.pk, missing_id):
        response = client.post(url, {"version": "0", "strategy_nodes": [str(node_id)],
                                     "go": "stay"})
        html = response.content.decode()
        assert SECRET not in html
    assert not Intention.objects.get(pk=intention.pk).strategy_nodes.exists()
    _no_trace()


@pytest.mark.parametrize("field", ["strategy_nodes", "sdgs"])
@pytest.mark.parametrize("value", [10**30, 2**63, -(2**63) - 1])
def test_api_refuses_ids_beyond_64_bits(client, editor, auth, field, value):
    intention = make_intention(editor, complete=False)
    response = client.patch(f"/api/v1/intentions/{intention.pk}",
                            {field: [value], "version": intention.version},
                            content_type="application/json", **auth)
    assert response.status_code == 400 and field in response.content.decode()
    assert Intention.objects.get(pk=intention.pk).version == intention.version


@pytest.mark.parametrize("field", ["strategy_nodes", "sdgs"])
def test_wizard_refuses_ids_beyond_64_bits(client, editor, field):
    intention = make_intention(editor, complete=False)
    client.force_login(editor)
    response = client.post(f"/en/intentions/{intention.pk}/edit/classification/",
                           {"version": "0", field: [str(10**30)], "go": "stay"})
    assert response.status_code in (200, 302)
    assert not getattr(Intention.objects.get(pk=intention.pk), field).exists()
