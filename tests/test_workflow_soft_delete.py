"""Soft delete and restore, one mechanism for strategies, intentions and funding calls: who
deleted and when is kept, the record is hidden everywhere, an administrator restores it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core import workflow
from core.history import entries_for
from core.models import HistoryEntry


def _made(kind, editor, moderator):
    """(workflow, record, who may delete it) for each record type."""
    if kind == "strategy":
        from strategies.services import WORKFLOW
        from strategies.tests.factories import make_strategy

        return WORKFLOW, make_strategy(editor), editor
    if kind == "intention":
        from intentions.services import WORKFLOW
        from intentions.tests.factories import make_intention

        return WORKFLOW, make_intention(editor), editor
    from funding.services import WORKFLOW
    from funding.tests.factories import make_call

    return WORKFLOW, make_call(moderator), moderator


@pytest.mark.parametrize("kind", ["strategy", "intention", "call"])
def test_deletion_keeps_who_and_when_and_an_administrator_restores(kind, editor, moderator,
                                                                   admin_user):
    flow, record, deleter = _made(kind, editor, moderator)
    model = flow.model
    version = record.version
    workflow.soft_delete(deleter, flow, record)
    stored = model._base_manager.get(pk=record.pk)
    assert stored.deleted_by == deleter and stored.deleted_at is not None
    assert stored.version == version + 1
    assert not model.objects.filter(pk=record.pk).exists()
    assert list(workflow.deleted(flow)) == [stored]
    with pytest.raises(ValidationError):  # once is enough
        workflow.soft_delete(deleter, flow, stored)
    with pytest.raises(PermissionDenied):  # only an administrator restores
        workflow.restore(deleter, flow, record.pk)

    workflow.restore(admin_user, flow, record.pk)
    stored = model.objects.get(pk=record.pk)
    assert (stored.deleted_by, stored.deleted_at) == (None, None)
    assert [e.action for e in entries_for(stored).order_by("id")][-2:] == [
        HistoryEntry.Action.DELETE, HistoryEntry.Action.RESTORE]
    with pytest.raises(ValidationError):  # nothing to restore any more
        workflow.restore(admin_user, flow, record.pk)


@pytest.mark.parametrize("kind", ["strategy", "intention", "call"])
def test_deletion_needs_its_permission(kind, editor, moderator, make_member):
    flow, record, deleter = _made(kind, editor, moderator)
    outsider = make_member("editor", "586846")
    with pytest.raises(PermissionDenied):
        workflow.soft_delete(outsider, flow, record)
    assert flow.model.objects.filter(pk=record.pk).exists()


def test_a_published_intention_is_cancelled_rather_than_deleted(editor, moderator):
    from intentions import services
    from intentions.tests.factories import make_intention, publish

    intention = make_intention(editor)
    publish(moderator, intention)
    with pytest.raises(ValidationError) as error:
        services.delete_intention(editor, intention)
    assert error.value.code == "not_deletable"


def test_administrator_restores_a_deleted_intention_from_its_page(client, editor, admin_user,
                                                                   make_member):
    from intentions import services
    from intentions.models import Intention
    from intentions.tests.factories import make_intention

    intention = make_intention(editor, title="Chytré parkování")
    client.force_login(editor)
    response = client.post(f"/en/intentions/{intention.pk}/status/delete/")
    assert response.status_code == 302 and response.url == "/en/intentions/"
    assert Intention.all_objects.get(pk=intention.pk).deleted_by == editor

    assert client.get("/en/intentions/deleted/").status_code == 403  # editors do not restore
    assert "Deleted intentions" not in client.get("/en/intentions/").content.decode()

    client.force_login(admin_user)
    assert "/en/intentions/deleted/" in client.get("/en/intentions/").content.decode()
    page = client.get("/en/intentions/deleted/").content.decode()
    assert "Chytré parkování" in page and editor.email in page
    response = client.post("/en/intentions/deleted/", {"pk": intention.pk})
    assert response.status_code == 302 and response.url == intention.get_absolute_url()
    assert Intention.objects.filter(pk=intention.pk).exists()
    # Restoring again, or an id that names nothing, changes nothing.
    again = client.post("/en/intentions/deleted/", {"pk": intention.pk}, follow=True)
    assert "This intention is not deleted." in again.content.decode()
    assert client.post("/en/intentions/deleted/", {"pk": 999999}).status_code == 404
    assert services.WORKFLOW.model.all_objects.filter(deleted_at__isnull=False).count() == 0
