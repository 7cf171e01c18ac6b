"""The version of a record moves one step per change, under the record's row lock, and only
from the version read under it: a writer holding a stale copy is refused (EditConflict) and
writes nothing. Changes inside a strategy (its tree, its indicators) are changes of it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import transaction

from core import workflow
from core.conflicts import EditConflict
from strategies import services
from strategies.models import Indicator, IndicatorValue, Strategy, StructureNode
from strategies.tests.factories import make_strategy


def version(strategy) -> int:
    return Strategy.objects.values_list("version", flat=True).get(pk=strategy.pk)


def test_a_bump_from_a_stale_copy_is_refused(editor):
    strategy = make_strategy(editor)
    stale = Strategy.objects.get(pk=strategy.pk)
    with transaction.atomic():
        fresh = workflow.lock(Strategy, strategy.pk)
        assert workflow.bump_version(fresh, summary="První") == strategy.version + 1
    with pytest.raises(EditConflict), transaction.atomic():
        workflow.bump_version(stale, summary="Druhá")
    stored = Strategy.objects.get(pk=strategy.pk)
    assert (stored.version, stored.summary) == (strategy.version + 1, "První")


def test_every_write_inside_a_strategy_is_one_new_version_of_it(editor):
    strategy = make_strategy(editor)
    start = version(strategy)
    node = services.add_node(editor, strategy, kind="goal", title="Chytrá doprava")
    indicator = services.add_indicator(editor, node, name="Počet linek", unit="ks",
                                       baseline_value=Decimal(3), baseline_year=2020)
    services.set_indicator_value(editor, indicator, 2024, Decimal(5))
    services.update_indicator(editor, indicator, expected_version=1, name="Počet linek MHD")
    node = StructureNode.objects.get(pk=node.pk)
    services.update_node(editor, node, expected_version=node.version, kind="goal",
                         title="Chytrá a čistá doprava")
    services.move_node(editor, node, parent=None, position=0)
    services.delete_indicator(editor, indicator)
    services.delete_node(editor, node)
    assert version(strategy) == start + 8


def test_a_change_inside_names_the_strategy_version_it_was_made_on(editor):
    strategy = make_strategy(editor, complete=False)  # its own tree only
    node = services.add_node(editor, strategy, kind="goal", title="Chytrá doprava",
                             strategy_version=version(strategy))
    loaded = version(strategy)
    indicator = services.add_indicator(editor, node, name="Počet linek",
                                       strategy_version=loaded)
    # The editor's page still shows `loaded`; the strategy has moved on since.
    for write in (
        lambda: services.add_indicator(editor, node, name="Druhý", strategy_version=loaded),
        lambda: services.set_indicator_value(editor, indicator, 2024, Decimal(1),
                                             strategy_version=loaded),
        lambda: services.delete_indicator(editor, indicator, strategy_version=loaded),
        lambda: services.add_node(editor, strategy, kind="goal", title="Další",
                                  strategy_version=loaded),
        lambda: services.delete_node(editor, node, strategy_version=loaded),
    ):
        with pytest.raises(EditConflict) as conflict:
            write()
        assert conflict.value.current["title"] == strategy.title
    assert version(strategy) == loaded + 1
    assert list(Indicator.objects.filter(node=node)) == [indicator]
    assert not IndicatorValue.objects.exists()
    assert strategy.nodes.count() == 1
