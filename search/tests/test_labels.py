"""Each result says what it is, in the words of the app that registered it: an element of a
strategy is "opatření strategie X" (its kind and its strategy), not "v dokumentu X"."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from search.queries import search

pytestmark = pytest.mark.django_db

STRATEGY = "Strategie chytrého města Písek"


@pytest.fixture
def measure(publish_strategy, editor, django_capture_on_commit_callbacks):
    from strategies import services as strategy_services

    strategy = publish_strategy(STRATEGY, summary="Město pro lidi.")
    with django_capture_on_commit_callbacks(execute=True):
        goal = strategy_services.add_node(editor, strategy, kind="goal", code="1.1",
                                          title="Bezpečná doprava")
        strategy_services.add_node(editor, strategy, kind="measure", code="1.1.1",
                                   title="Zklidnění dopravy u škol", parent=goal,
                                   description="Retardéry a přechody pro chodce.")
    return strategy


def test_a_measure_is_labelled_as_the_measure_of_its_strategy(client, measure):
    item = search("retardéry").items[0]
    assert item.kind == "node" and item.title == "1.1.1 Zklidnění dopravy u škol"
    assert item.kind_label == "prvek strategie"
    assert item.label == f"opatření strategie {STRATEGY}"
    assert search("bezpečná").items[0].label == f"cíl strategie {STRATEGY}"

    html = client.get(reverse("search:index"), {"q": "retardéry"}).content.decode()
    assert f'<span class="muted">opatření strategie {STRATEGY}</span>' in html
    assert "v dokumentu" not in html
    with translation.override("en"):
        url = reverse("search:index")
        assert search("retardéry").items[0].label == f"measure of strategy {STRATEGY}"
    html = client.get(url, {"q": "retarder"}).content.decode()
    assert f'<span class="muted">measure of strategy {STRATEGY}</span>' in html


def test_the_api_gives_the_label(client, measure):
    item = client.get("/api/v1/search", {"q": "retardéry"}).json()["items"][0]
    assert item["label"] == f"opatření strategie {STRATEGY}"
    assert item["kind_label"] == "prvek strategie" and item["document"] == STRATEGY
    english = client.get("/api/v1/search", {"q": "retardéry"}, HTTP_ACCEPT_LANGUAGE="en")
    assert english.json()["items"][0]["label"] == f"measure of strategy {STRATEGY}"


def test_passages_say_their_page_and_strategies_nothing_more(publish_strategy, add_document):
    strategy = publish_strategy("Plán mobility", summary="Tramvaje a vlaky.")
    add_document(strategy, "Analytická část", [(4, "Tramvaje jezdí po městě.", ["C4"])])
    items = {item.kind: item for item in search("tramvaje").items}
    assert items["passage"].label == "strana 4" and items["passage"].kind_label == "pasáž dokumentu"
    assert items["strategy"].label == "" and items["strategy"].kind_label == "strategie"
