"""Text is normalised once, at the service boundary: control characters (ESC, VT, NUL…) in
a title no longer break every XLSX export holding the record — nor PostgreSQL, which
refuses NUL in text — and free text has length limits (issue 10, items 11 and 13). Run on
SQLite and PostgreSQL."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from accounts.services import create_api_token
from strategies import services, treeio
from strategies.models import Strategy, StructureNode

from .factories import make_strategy, publish

DIRTY_TITLE = "Chytrá\x1b města\x0b\x00 2030\ud800"
CLEAN_TITLE = "Chytrá města 2030"


@pytest.fixture
def editor(reference_data, make_member):
    return make_member("editor", "544256")


@pytest.fixture
def moderator(reference_data, make_member):
    return make_member("moderator")


def exports_render(client, strategy) -> None:
    for url in ("/api/v1/strategies?format=xlsx", "/api/v1/strategies?format=csv",
                "/api/v1/strategies?format=json", f"/api/v1/strategies/{strategy.pk}",
                strategy.get_absolute_url(), reverse("strategies:list"),
                reverse("strategies:tree_export", kwargs={"pk": strategy.pk, "fmt": "xlsx"}),
                reverse("strategies:tree_export", kwargs={"pk": strategy.pk, "fmt": "csv"})):
        assert client.get(url).status_code == 200, url


def test_control_characters_are_removed_when_a_strategy_is_saved(client, editor, moderator):
    strategy = make_strategy(editor, title=DIRTY_TITLE, complete=False,  # its own tree only
                             summary="Řádek\x00 1\r\nŘádek\x1b 2\tkonec\x0c",
                             valid_from=2021, valid_to=2030)
    services.add_node(editor, strategy, kind="priority", title="Priorita\x1b 1",
                      code="P\x001", description="Popis\x0b\nřádek")
    publish(moderator, strategy)
    saved = Strategy.objects.get(pk=strategy.pk)
    assert saved.title == CLEAN_TITLE
    assert saved.summary == "Řádek 1\nŘádek 2\tkonec"
    node = StructureNode.objects.get(strategy=saved)
    assert (node.title, node.code, node.description) == ("Priorita 1", "P1", "Popis\nřádek")
    exports_render(client, saved)
    sheet = load_workbook(io.BytesIO(client.get(
        "/api/v1/strategies", {"format": "xlsx"}).content)).active
    assert CLEAN_TITLE in [cell.value for row in sheet.iter_rows() for cell in row]


def test_nul_and_control_characters_through_the_api_are_stored_cleaned(client, editor,
                                                                     moderator):
    _token, key = create_api_token(editor, "GIS")
    body = ('{"title": "Chytr\\u00e1\\u001b m\\u011bsta\\u000b\\u0000 2030", '
            '"owners": ["544256"], "level": "municipal", "type": "smart_city", '
            '"summary": "A\\u0000B\\r\\nC", "valid_from": 2021, "valid_to": 2030}')
    response = client.post("/api/v1/strategies", body, content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 201, response.content
    surrogate = client.post("/api/v1/strategies", body.replace("2030", "2030\\ud800"),
                            content_type="application/json",
                            HTTP_AUTHORIZATION=f"Bearer {key}")
    assert surrogate.status_code in (201, 400, 422), surrogate.content
    assert response.json()["title"] == CLEAN_TITLE
    strategy = Strategy.objects.get(pk=response.json()["id"])
    assert strategy.summary == "AB\nC"
    services.add_node(editor, strategy, kind="vision", title="Vize")  # complete: submittable
    publish(moderator, strategy)
    exports_render(client, strategy)


def test_the_tree_import_normalises_text(client, editor, moderator):
    strategy = make_strategy(editor)
    data = (b'{"format": "smart-strategy-tree", "version": 1, "nodes": [{"key": "1", '
            b'"kind": "priority", "code": "P\\u00001", "title": "Priorita\\u001b jedna", '
            b'"description": "=1+1 a\\u000b"}]}')
    rows = treeio.parse_tree(data, "json", area_codes=set())
    services.replace_tree(editor, strategy, rows)
    node = StructureNode.objects.get(strategy=strategy)
    assert (node.code, node.title, node.description) == ("P1", "Priorita jedna", "=1+1 a")
    publish(moderator, strategy)
    exports_render(client, strategy)
    exported = client.get(reverse("strategies:tree_export",
                                  kwargs={"pk": strategy.pk, "fmt": "csv"})).content
    again = treeio.parse_tree(exported, "csv", area_codes=set())
    assert again[0]["description"] == "=1+1 a"


def test_free_text_has_length_limits_and_a_refusal_changes_nothing(client, editor,
                                                                   moderator):
    strategy = make_strategy(editor, summary="Krátké shrnutí")
    data = services.StrategyData(title="Nový název", owners=list(strategy.owners.all()),
                                 level="municipal", strategy_type="smart_city",
                                 summary="x" * 1_000_000)
    with pytest.raises(ValidationError) as error:
        services.update_strategy(editor, strategy, data, strategy.version)
    assert set(error.value.message_dict) == {"summary"}
    saved = Strategy.objects.get(pk=strategy.pk)
    assert (saved.title, saved.summary, saved.version) == \
        ("Smart City strategie", "Krátké shrnutí", strategy.version)
    with pytest.raises(ValidationError):
        make_strategy(editor, title="x" * 301)
    with pytest.raises(ValidationError):
        services.add_node(editor, strategy, kind="priority", title="P",
                          description="x" * 20_001)
    services.submit_strategy(editor, strategy)
    with pytest.raises(ValidationError):
        services.return_strategy(moderator, strategy, "x" * 5_001)
    services.return_strategy(moderator, strategy, "Doplňte\x00 indikátory.")
    assert Strategy.objects.get(pk=strategy.pk).review_comment == "Doplňte indikátory."
    strategy.refresh_from_db()
    _token, key = create_api_token(editor, "GIS")
    response = client.put(f"/api/v1/strategies/{strategy.pk}", {
        "title": "Nový", "owners": ["544256"], "level": "municipal",
        "type": "smart_city", "summary": "x" * 1_000_000,
        "version": strategy.version}, content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code in (400, 422), response.content
    assert Strategy.objects.get(pk=strategy.pk).summary == "Krátké shrnutí"
