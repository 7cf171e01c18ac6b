"""A published intention linked to an element of a draft strategy must not show the
element or its strategy's title to anyone who may not see that strategy: not on the page,
in the API detail, in the exports or in the PDF fiche."""

from __future__ import annotations

import json

import pypdfium2
import pytest

from strategies import services as strategy_services
from strategies.tests.factories import make_strategy

from .factories import make_intention, publish

STRATEGY = "Tajná koncepce rozvoje"
NODE = "Chytré lampy na sídlišti"


@pytest.fixture
def linked(editor, moderator):
    strategy = make_strategy(editor, title=STRATEGY)  # a draft of the editor's unit
    node = strategy_services.add_node(editor, strategy, kind="priority", title=NODE)
    intention = publish(moderator, make_intention(editor, strategy_nodes=[node]))
    return intention, node


def _texts(client, intention) -> dict[str, str]:
    pk = intention.pk
    pages = {
        "page": client.get(f"/en/intentions/{pk}/").content.decode(),
        "api": client.get(f"/api/v1/intentions/{pk}").content.decode(),
        "json": client.get(f"/en/intentions/{pk}/fiche.json").content.decode(),
        "csv": client.get(f"/en/intentions/{pk}/fiche.csv").content.decode(),
    }
    for name, url in (("pdf", f"/en/intentions/{pk}/fiche.pdf"),
                      ("api_pdf", f"/api/v1/intentions/{pk}/fiche.pdf")):
        response = client.get(url)
        assert response.status_code == 200, name
        document = pypdfium2.PdfDocument(response.content)
        pages[name] = "".join(document[i].get_textpage().get_text_range()
                              for i in range(len(document)))
    return pages


def test_anonymous_visitor_sees_no_draft_strategy_element(client, linked):
    intention, node = linked
    assert client.get(f"/api/v1/strategies/{node.strategy_id}").status_code == 404
    for name, text in _texts(client, intention).items():
        assert STRATEGY not in text, name
        assert "lampy" not in text, name
    api = client.get(f"/api/v1/intentions/{intention.pk}").json()
    assert api["strategy_nodes"] == []
    data = json.loads(client.get(f"/en/intentions/{intention.pk}/fiche.json").content)
    assert data["strategy_nodes"] == []


def test_the_strategy_editor_still_sees_the_element(client, editor, linked):
    intention, node = linked
    client.force_login(editor)
    texts = _texts(client, intention)
    for name in ("page", "json", "csv"):
        assert STRATEGY in texts[name], name
    assert "lampy" in texts["pdf"]
    assert client.get(f"/api/v1/intentions/{intention.pk}").json()["strategy_nodes"] == [
        node.pk]
