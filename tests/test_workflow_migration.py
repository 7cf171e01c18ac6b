"""The data migration that moves intentions onto the shared workflow: an intention deleted
before it learns who deleted it from its history (intentions 0003), on SQLite and
PostgreSQL alike."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = ("intentions", "0002_partnership")


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target if target else executor.loader.graph.leaf_nodes())
    return executor


def test_earlier_deletions_get_their_deleter_from_history(editor):
    from intentions import services
    from intentions.models import Intention
    from intentions.tests.factories import make_intention

    deleted = make_intention(editor, title="Smazaný záměr")
    services.delete_intention(editor, deleted)
    untraced = make_intention(editor, title="Záměr bez stopy")
    kept = make_intention(editor, title="Živý záměr")

    executor = _migrate([BEFORE])
    old_apps = executor.loader.project_state(BEFORE).apps
    OldIntention = old_apps.get_model("intentions", "Intention")
    assert "deleted_by" not in {f.name for f in OldIntention._meta.get_fields()}
    # Deleted before the history recorded deletions: nobody to name.
    OldIntention.objects.filter(pk=untraced.pk).update(deleted_at=timezone.now())
    _migrate(None)

    stored = {i.pk: i for i in Intention.all_objects.all()}
    assert stored[deleted.pk].deleted_by == editor
    assert stored[untraced.pk].deleted_at is not None
    assert stored[untraced.pk].deleted_by is None
    assert (stored[kept.pk].deleted_at, stored[kept.pk].deleted_by) == (None, None)
