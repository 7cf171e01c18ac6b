"""The review every reviewed record type shares (core.workflow): submit, return with a
comment, publish, withdraw — each from its own states, with its own permission, one version
step and one history entry per change. Run for strategies and intentions alike."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core import workflow
from core.history import entries_for
from core.models import HistoryEntry
from core.workflow import ReviewState


def last_entry(record) -> HistoryEntry:
    return entries_for(record).order_by("-id").first()


def test_submit_return_resubmit_publish(reviewed, editor, coordinator, moderator):
    record = reviewed.make(editor)
    flow, field = reviewed.workflow, reviewed.state_field
    version = reviewed.fresh(record).version

    workflow.submit(editor, flow, record)
    saved = reviewed.fresh(record)
    assert (getattr(saved, field), saved.version) == (ReviewState.SUBMITTED, version + 1)
    assert saved.submitted_at is not None
    entry = last_entry(record)
    assert (entry.action, entry.actor, entry.changes) == (
        HistoryEntry.Action.SUBMIT, editor, {field: ["draft", "submitted"]})

    workflow.return_for_changes(coordinator, flow, record, "  Doplňte indikátory. ")
    saved = reviewed.fresh(record)
    assert (getattr(saved, field), saved.review_comment, saved.version) == (
        ReviewState.RETURNED, "Doplňte indikátory.", version + 2)
    entry = last_entry(record)
    assert (entry.action, entry.actor, entry.note) == (
        HistoryEntry.Action.RETURN, coordinator, "Doplňte indikátory.")

    workflow.submit(editor, flow, record)
    workflow.publish(moderator, flow, record)
    saved = reviewed.fresh(record)
    assert (getattr(saved, field), saved.review_comment, saved.version) == (
        ReviewState.PUBLISHED, "", version + 4)
    assert saved.published_at is not None
    assert last_entry(record).changes == {field: ["submitted", "published"]}


def test_a_return_needs_a_comment_and_changes_nothing_without_one(reviewed, editor,
                                                                   coordinator):
    record = reviewed.make(editor)
    workflow.submit(editor, reviewed.workflow, record)
    version = reviewed.fresh(record).version
    with pytest.raises(ValidationError) as error:
        workflow.return_for_changes(coordinator, reviewed.workflow, record, " \n ")
    assert "comment" in error.value.message_dict
    saved = reviewed.fresh(record)
    assert (reviewed.state(record), saved.version) == (ReviewState.SUBMITTED, version)


def test_each_transition_starts_only_from_its_states(reviewed, editor, moderator):
    record = reviewed.make(editor)
    for change in (workflow.publish, workflow.withdraw):
        with pytest.raises(ValidationError) as error:
            change(moderator if change is workflow.publish else editor, reviewed.workflow,
                   record)
        assert error.value.code == "state"
    workflow.submit(editor, reviewed.workflow, record)
    with pytest.raises(ValidationError):
        workflow.submit(editor, reviewed.workflow, record)
    assert reviewed.state(record) == ReviewState.SUBMITTED


def test_each_transition_needs_its_permission(reviewed, editor, moderator, make_member):
    record = reviewed.make(editor)
    stranger = make_member("editor", "586846")  # Jihlava: another kraj
    with pytest.raises(PermissionDenied):
        workflow.submit(moderator, reviewed.workflow, record)  # reviewers do not submit
    workflow.submit(editor, reviewed.workflow, record)
    with pytest.raises(PermissionDenied):
        workflow.publish(editor, reviewed.workflow, record)  # editors do not publish
    with pytest.raises(PermissionDenied):
        workflow.withdraw(stranger, reviewed.workflow, record)
    record = reviewed.fresh(record)
    assert getattr(record, reviewed.state_field) == ReviewState.SUBMITTED
    assert reviewed.workflow.allows(editor, record, workflow.WITHDRAW)
    assert not reviewed.workflow.allows(stranger, record, workflow.WITHDRAW)
    assert not reviewed.workflow.allows(editor, record, workflow.PUBLISH)
    assert reviewed.workflow.allows(moderator, record, workflow.PUBLISH)


def test_the_owner_withdraws_a_submission_back_into_draft(reviewed, editor, coordinator):
    record = reviewed.make(editor)
    workflow.submit(editor, reviewed.workflow, record)
    workflow.withdraw(editor, reviewed.workflow, record)
    assert reviewed.state(record) == ReviewState.DRAFT
    entry = last_entry(record)
    assert (entry.action, entry.actor, entry.changes) == (
        HistoryEntry.Action.WITHDRAW, editor, {reviewed.state_field: ["submitted", "draft"]})
    assert reviewed.workflow.is_editable(reviewed.fresh(record))
    # Nothing is left to review.
    with pytest.raises(ValidationError):
        workflow.publish(coordinator, reviewed.workflow, record)


def test_a_deleted_record_changes_state_no_more(reviewed, editor):
    record = reviewed.make(editor)
    workflow.soft_delete(editor, reviewed.workflow, record)
    with pytest.raises(ValidationError) as error:
        workflow.submit(editor, reviewed.workflow, record)
    assert error.value.code == "deleted"
    assert reviewed.state(record) == ReviewState.DRAFT


def test_one_set_of_review_states_and_labels():
    """Intentions extend the shared review states; they do not redefine them."""
    from intentions.models import Status
    from strategies.models import Strategy

    assert Status.choices[:len(ReviewState.choices)] == ReviewState.choices
    assert Strategy._meta.get_field("state").choices == ReviewState.choices
