"""History of a strategy records its parent strategies by id, never by title: a parent
the reader may not see (another unit's draft, linked by a moderator and kept when the
editor saves) must not show its title in the history."""

from __future__ import annotations

from core.models import HistoryEntry
from strategies import services
from territory.models import TerritorialUnit

from .factories import make_strategy

SECRET = "Tajný koncept Jihlavy"


def test_history_names_parents_by_id_only(client, reference_data, make_member, admin_user):
    editor = make_member("editor", "544256")  # České Budějovice
    hidden = make_strategy(make_member("editor", "586846"), owner_code="586846",
                           title=SECRET, level="regional")
    own = make_strategy(editor, title="Naše strategie")
    data = services.StrategyData(title="Naše strategie",
                                 owners=[TerritorialUnit.objects.get(code="544256")],
                                 level="municipal", strategy_type="smart_city",
                                 parents=[hidden])
    services.update_strategy(admin_user, own, data, expected_version=1)
    own.refresh_from_db()
    data.parents, data.summary = [], "Shrnutí od editora"
    services.update_strategy(editor, own, data, expected_version=own.version)
    own.refresh_from_db()
    assert list(own.parents.all()) == [hidden]  # kept though the editor cannot see it

    entries = HistoryEntry.objects.exclude(object_repr=SECRET)
    assert SECRET not in " ".join(f"{e.changes} {e.note}" for e in entries)
    assert any(f"#{hidden.pk}" in str(e.changes) for e in entries)
    client.force_login(editor)
    html = client.get(own.get_absolute_url()).content.decode()
    assert "Shrnutí od editora" in html and SECRET not in html
