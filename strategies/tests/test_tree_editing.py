"""Editing the structure in the tree: children and siblings added in place (the kind follows
from the parent), renamed inline, moved with buttons that say what happened, indicators
added from the tree — each one request that comes back to the tree."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from strategies.models import Indicator, StructureNode

from .factories import make_strategy


@pytest.fixture
def editor(reference_data, make_member):
    return make_member("editor", "544256")


def test_three_elements_and_an_indicator_from_the_tree(client, editor):
    strategy = make_strategy(editor, complete=False)
    client.force_login(editor)
    add = f"/cs/strategie/{strategy.pk}/prvky/novy/"
    page = client.get(strategy.get_absolute_url())
    assert page.status_code == 200  # the only page the editor opens
    top = client.post(add, {"kind": "priority", "code": "1", "title": "Doprava", "parent": ""})
    priority = StructureNode.objects.get(code="1")
    assert top.url.endswith(f"#node-{priority.pk}")
    detail = client.get(strategy.get_absolute_url()).content.decode()
    # The add-under form already carries the kind that follows from the parent.
    assert 'name="kind" value="goal"' in detail
    client.post(add, {"kind": "goal", "code": "1.1", "title": "Cyklostezky",
                      "parent": str(priority.pk)})
    goal = StructureNode.objects.get(code="1.1")
    client.post(add, {"kind": "goal", "code": "1.2", "title": "Parkování",
                      "parent": str(priority.pk)})
    response = client.post(f"/cs/strategie/prvky/{goal.pk}/ukazatele/",
                           {"name": "Délka cyklostezek", "unit": "km", "back": "tree"})
    assert response.url.endswith(f"#node-{goal.pk}")  # back in the tree
    assert Indicator.objects.get().node == goal
    assert [n.parent_id for n in StructureNode.objects.filter(kind="goal")] == [priority.pk] * 2


def test_rename_inline_and_move_with_a_message_in_words(client, editor):
    strategy = make_strategy(editor, complete=False)
    client.force_login(editor)
    add = f"/cs/strategie/{strategy.pk}/prvky/novy/"
    for code in ("1", "2"):
        client.post(add, {"kind": "priority", "code": code, "title": f"P{code}", "parent": ""})
    second = StructureNode.objects.get(code="2")
    with translation.override("cs"):
        rename = reverse("strategies:node_rename", kwargs={"pk": second.pk})
    response = client.post(rename, {"code": "2", "title": "Energie", "version": "1"})
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.title == "Energie"
    response = client.post(f"/cs/strategie/prvky/{second.pk}/presunout/up/")
    said = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("1" in m and "2" in m and "Energie" in m for m in said)
    assert list(StructureNode.objects.order_by("position").values_list("code", flat=True)) \
        == ["2", "1"]
