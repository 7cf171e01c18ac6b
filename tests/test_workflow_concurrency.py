"""Lost updates (issue 11): two transactions change the same strategy at the same time —
one its indicators, one its summary — both starting from the same version. Exactly one
succeeds; the other is refused with the conflict and writes nothing.

The two run in two threads on two database connections and really overlap: the first to
lock the strategy holds the lock a moment longer, so the second waits for it (on
PostgreSQL at SELECT … FOR UPDATE; on SQLite at the start of its write transaction) and then
finds the version moved on."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connections

from core.conflicts import EditConflict
from mining.tests.processes import shared_database
from strategies import services
from strategies.models import Indicator, Strategy
from strategies.tests.factories import make_strategy

pytestmark = pytest.mark.django_db(transaction=True)


def _in_threads(*jobs):
    """Run each job in its own thread with its own connection to the test database; return
    what each returned or raised."""
    settings_dict = dict(connections["default"].settings_dict)
    wrapper = type(connections["default"])
    start = threading.Barrier(len(jobs))
    outcomes: list[object] = [None] * len(jobs)

    def run(index, job):
        connections["default"] = wrapper(dict(settings_dict), "default")
        try:
            start.wait(timeout=10)
            outcomes[index] = job()
        except Exception as error:  # noqa: BLE001 - handed to the test to assert on
            outcomes[index] = error
        finally:
            connections["default"].close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return outcomes


@pytest.fixture
def slow_lock(monkeypatch):
    """Whoever locks the strategy first keeps the lock 0.5 s longer."""
    original = services._locked
    first = threading.Lock()

    def locked(strategy):
        row = original(strategy)
        if first.acquire(blocking=False):
            time.sleep(0.5)
        return row

    monkeypatch.setattr(services, "_locked", locked)


def test_indicators_and_summary_edited_at_once_from_one_version(editor, make_member,
                                                                  slow_lock, tmp_path):
    colleague = make_member("editor", "544256")
    strategy = make_strategy(editor, summary="Původní shrnutí")
    node = services.add_node(editor, strategy, kind="goal", title="Chytrá doprava")
    loaded = Strategy.objects.get(pk=strategy.pk)
    data = services.StrategyData(
        title=loaded.title, level=loaded.level, strategy_type=loaded.strategy_type,
        owners=list(loaded.owners.all()), summary="Nové shrnutí")

    with shared_database(tmp_path):
        outcomes = _in_threads(
            lambda: services.update_strategy(editor, loaded, data,
                                             expected_version=loaded.version),
            lambda: services.add_indicator(colleague, node, name="Počet linek MHD",
                                           strategy_version=loaded.version))
        stored = Strategy.objects.get(pk=strategy.pk)
        indicators = Indicator.objects.filter(node=node).count()

    conflicts = [o for o in outcomes if isinstance(o, EditConflict)]
    successes = [o for o in outcomes if not isinstance(o, Exception)]
    assert (len(successes), len(conflicts)) == (1, 1), outcomes
    assert stored.version == loaded.version + 1
    summary_won = isinstance(successes[0], Strategy)
    assert stored.summary == ("Nové shrnutí" if summary_won else "Původní shrnutí")
    assert indicators == (0 if summary_won else 1)


def test_without_a_named_version_both_changes_land_and_each_counts(editor, make_member,
                                                                   slow_lock, tmp_path):
    """Two writes inside the strategy at once: both are kept, and the version moves two
    steps (never one, as when both counted up from the value they read)."""
    colleague = make_member("editor", "544256")
    strategy = make_strategy(editor)
    node = services.add_node(editor, strategy, kind="goal", title="Chytrá doprava")
    before = Strategy.objects.get(pk=strategy.pk).version

    with shared_database(tmp_path):
        outcomes = _in_threads(
            lambda: services.add_indicator(editor, node, name="Počet linek"),
            lambda: services.add_indicator(colleague, node, name="Počet zastávek"))
        stored = Strategy.objects.get(pk=strategy.pk)
        names = sorted(Indicator.objects.filter(node=node).values_list("name", flat=True))

    assert not any(isinstance(o, Exception) for o in outcomes), outcomes
    assert names == ["Počet linek", "Počet zastávek"]
    assert stored.version == before + 2
