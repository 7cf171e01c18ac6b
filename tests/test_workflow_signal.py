"""The notification hook: `workflow_transition` is sent once per change of state — with the
model, the record, the acting user, the transition, the comment and the states — and not at
all when the change is refused."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from core import workflow
from core.workflow import workflow_transition


@pytest.fixture
def heard():
    calls: list[dict] = []

    def listener(sender, **kwargs):
        calls.append({"sender": sender, **kwargs})

    workflow_transition.connect(listener, weak=False)
    yield calls
    workflow_transition.disconnect(listener)


def test_each_transition_is_announced_once_with_its_actor(reviewed, heard, editor,
                                                           coordinator, moderator):
    record = reviewed.make(editor)
    steps = [
        (editor, lambda: workflow.submit(editor, reviewed.workflow, record),
         "submit", "draft", "submitted", ""),
        (editor, lambda: workflow.withdraw(editor, reviewed.workflow, record),
         "withdraw", "submitted", "draft", ""),
        (editor, lambda: workflow.submit(editor, reviewed.workflow, record),
         "submit", "draft", "submitted", ""),
        (coordinator, lambda: workflow.return_for_changes(coordinator, reviewed.workflow,
                                                          record, "Chybí rozpočet."),
         "return", "submitted", "returned", "Chybí rozpočet."),
        (editor, lambda: workflow.submit(editor, reviewed.workflow, record),
         "submit", "returned", "submitted", ""),
        (moderator, lambda: workflow.publish(moderator, reviewed.workflow, record),
         "publish", "submitted", "published", ""),
    ]
    for actor, change, name, source, target, comment in steps:
        heard.clear()
        change()
        assert len(heard) == 1, name
        call = heard[0]
        assert call["sender"] is reviewed.workflow.model
        assert (call["actor"], call["transition"], call["source"], call["target"],
                call["comment"]) == (actor, name, source, target, comment)
        assert call["record"].pk == record.pk
        assert getattr(call["record"], reviewed.state_field) == target


def test_a_refused_change_is_not_announced(reviewed, heard, editor, moderator):
    record = reviewed.make(editor)
    with pytest.raises(ValidationError):
        workflow.publish(moderator, reviewed.workflow, record)
    assert heard == []


def test_deleting_and_restoring_are_announced(heard, admin_user, moderator):
    from funding.services import WORKFLOW as CALLS
    from funding.tests.factories import make_call

    call = make_call(moderator)
    workflow.soft_delete(moderator, CALLS, call)
    workflow.restore(admin_user, CALLS, call.pk)
    assert [(h["sender"], h["transition"], h["actor"], h["record"].pk) for h in heard] == [
        (CALLS.model, "delete", moderator, call.pk), (CALLS.model, "restore", admin_user,
                                                      call.pk)]
