"""The one review workflow every record type plugs into.

A record type declares a `Workflow`: the field holding its state (`ReviewState`, or an
extension of it), the transitions allowed between states and the permission each needs,
who may delete and restore it, and what follows a change (reindexing, recomputed figures).
Passed to `declare`, it is found by what gathers records of every type: the work queue and
the e-mail notices.
The functions below change the state — one function per change, the acting user first, in
one transaction:

    submit(actor, workflow, record)                   draft / returned → submitted
    return_for_changes(actor, workflow, record, why)  submitted → returned, with a comment
    publish(actor, workflow, record)                  submitted → published
    withdraw(actor, workflow, record)                 submitted → draft, by the owner
    transition(actor, workflow, record, name)         any declared transition by name
    soft_delete(actor, workflow, record)              hidden everywhere, who and when kept
    restore(actor, workflow, record_id)               undo a soft delete

Each locks the record's row (SELECT … FOR UPDATE), checks the permission (`core.access`,
which `accounts` answers, so this base layer imports no domain app) and the state, writes the
change together with `version + 1` only if the version is still the one read under the lock,
records the history entry and sends `workflow_transition` — the hook the work queue and the
e-mail notices listen to. Writes inside a record (its tree, its indicators) call `lock` and
`bump_version` so that they, too, move the record's version under the lock.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Generic, Literal, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from . import access, history
from .access import Actor
from .conflicts import EditConflict
from .models import HistoryEntry
from .text import COMMENT_MAX_LENGTH, text_field

Record = TypeVar("Record", bound=models.Model)
Message = str | Promise  # a message, translated when it is shown


class ReviewState(models.TextChoices):
    """Where a record is in the review: the states every reviewed record type shares.

    A record type with a longer life (project intentions: implementation, completion)
    declares its own choices that begin with these, value for value and label for label.
    """

    DRAFT = "draft", gettext_lazy("draft")
    SUBMITTED = "submitted", gettext_lazy("submitted for review")
    RETURNED = "returned", gettext_lazy("returned for changes")
    PUBLISHED = "published", gettext_lazy("published")


# The notification hook: sent inside the transaction, once per state change (deletion and
# restoring included), after the change and its history entry are written. Arguments:
# sender (the model), record, actor, transition (its name), comment, source and target
# (states; for deletion and restoring the state field's value before and after, or None).
workflow_transition = Signal()

SUBMIT, RETURN, PUBLISH, WITHDRAW = "submit", "return", "publish", "withdraw"
DELETE, RESTORE = "delete", "restore"


@dataclass(frozen=True)
class Transition:
    """One allowed change of state and what it takes."""

    name: str
    sources: tuple[str, ...]
    target: str
    permission: str  # the `core.access.Action` the actor needs on the record
    history_action: str = HistoryEntry.Action.UPDATE
    refusal: Message = gettext_lazy("This change of state is not possible now.")
    # Reviewed by someone other than the submitter: the four-eyes rule, asked through the
    # permission port (`core.access.require_review`) like every other permission.
    four_eyes: bool = False
    comment: Literal["none", "optional", "required"] = "none"
    missing_comment: Message = gettext_lazy("Say what the editors should change.")
    stamp: str | None = None  # a date-time field set to now
    keep_comment: bool = False  # the comment is stored on the record (the review comment)
    clear_comment: bool = False  # the stored review comment is emptied
    check: Callable[[Any], None] | None = None  # raises ValidationError to refuse


def review_transitions(*, refusals: Mapping[str, Message] | None = None,
                       missing_comment: Message | None = None) -> dict[str, Transition]:
    """The review every reviewed record type shares: submit, return with a comment,
    publish, withdraw. `refusals` words the refusal of each for the record type."""
    refusals = refusals or {}
    states = ReviewState
    transitions = [
        Transition(SUBMIT, (states.DRAFT, states.RETURNED), states.SUBMITTED,
                   access.Action.SUBMIT, HistoryEntry.Action.SUBMIT, stamp="submitted_at"),
        Transition(RETURN, (states.SUBMITTED,), states.RETURNED, access.Action.REVIEW,
                   HistoryEntry.Action.RETURN, four_eyes=True, comment="required",
                   keep_comment=True),
        Transition(PUBLISH, (states.SUBMITTED,), states.PUBLISHED, access.Action.REVIEW,
                   HistoryEntry.Action.PUBLISH, four_eyes=True, stamp="published_at",
                   clear_comment=True),
        Transition(WITHDRAW, (states.SUBMITTED,), states.DRAFT, access.Action.SUBMIT,
                   HistoryEntry.Action.WITHDRAW,
                   refusal=gettext_lazy("Only a submitted record can be withdrawn.")),
    ]
    result = {}
    for item in transitions:
        if item.name in refusals:
            item = replace(item, refusal=refusals[item.name])
        if missing_comment is not None and item.comment == "required":
            item = replace(item, missing_comment=missing_comment)
        result[item.name] = item
    return result


@dataclass(frozen=True)
class Workflow(Generic[Record]):
    """A record type's declaration of its workflow."""

    model: type[Record]
    state_field: str | None = None  # None: the record is only deleted and restored
    transitions: Mapping[str, Transition] = field(default_factory=dict)
    editable_states: tuple[str, ...] = ()  # states in which its editors may change it
    comment_field: str = "review_comment"
    delete_permission: str = access.Action.DELETE
    restore_permission: str = access.Action.RESTORE
    # Why this record may not be deleted now, or None (checked under the lock).
    deletable: Callable[[Any], Message | None] | None = None
    already_deleted: Message = gettext_lazy("This record has been deleted already.")
    not_deleted: Message = gettext_lazy("This record is not deleted.")
    # Run after every change of state in the same transaction (reindex, recompute).
    on_change: Callable[[Any], None] | None = None
    # The path from a record to the units that own it (`permission_units`), e.g. "owners":
    # lists of records waiting for someone (the work queue) are scoped and prefetched by it.
    units_path: str = ""
    # What else the permission rules read on a record (e.g. its partners), prefetched for
    # such lists so that checking each record costs no query.
    related: tuple[str, ...] = ()

    @property
    def review_states(self) -> frozenset[str]:
        """States in which a record waits for a reviewer (those a review transition leaves)."""
        return frozenset(state for step in self.transitions.values()
                         if step.permission == access.Action.REVIEW for state in step.sources)

    @property
    def returned_states(self) -> frozenset[str]:
        """States in which a record is back with its editors with the reviewer's comment."""
        return frozenset(step.target for step in self.transitions.values()
                         if step.keep_comment)

    @property
    def review_steps(self) -> dict[str, Transition]:
        """Transitions a reviewer makes (publish, return)."""
        return {name: step for name, step in self.transitions.items()
                if step.permission == access.Action.REVIEW}

    @property
    def submit_steps(self) -> dict[str, Transition]:
        """Transitions that hand a record to the reviewers."""
        return {name: step for name, step in self.transitions.items()
                if step.target in self.review_states}

    @property
    def resubmit_steps(self) -> dict[str, Transition]:
        """Transitions that hand a returned record to the reviewers again."""
        return {name: step for name, step in self.submit_steps.items()
                if set(step.sources) & self.returned_states}

    def state_of(self, record: Record) -> str | None:
        return getattr(record, self.state_field) if self.state_field else None

    def is_editable(self, record: Record) -> bool:
        return self.state_field is None or self.state_of(record) in self.editable_states

    def allows(self, actor: Actor, record: Record, name: str) -> bool:
        """Whether the actor may make this transition now (for showing its button)."""
        step = self.transitions.get(name)
        return (step is not None and self.state_of(record) in step.sources
                and access.can(actor, step.permission, record))


# --- declared record types ------------------------------------------------------------------
#
# A record type declares its workflow here so that what gathers records across types — the
# work queue, the e-mail notices — finds it without knowing the type: a new section appears
# in everybody's queue by declaring itself.

_declared: dict[str, Workflow[Any]] = {}


def declare(workflow: Workflow[Record]) -> Workflow[Record]:
    """Make the record type's workflow known to the work queue and the notices."""
    assert workflow.state_field and workflow.units_path, \
        "a declared workflow names its state field and the path to its units"
    _declared[workflow.model._meta.label_lower] = workflow
    return workflow


def declared() -> list[Workflow[Any]]:
    """The declared workflows, in the order they were declared."""
    return list(_declared.values())


def declared_for(model: type[models.Model]) -> Workflow[Any] | None:
    return _declared.get(model._meta.label_lower)


# --- locking and the version ----------------------------------------------------------------

def lock(model: type[Record], pk: Any) -> Record:
    """The record's row, locked until the transaction ends (deleted rows too)."""
    return model._base_manager.select_for_update().get(pk=pk)


def bump_version(record: models.Model, **changes: Any) -> int:
    """Write `changes` and `version + 1`, provided the stored version is still the one the
    record was read with (the caller holds the row lock, so it is); otherwise nothing is
    written and `EditConflict` says someone saved meanwhile. Returns the new version."""
    model = type(record)
    read = record.version  # type: ignore[attr-defined]
    if any(f.name == "updated_at" for f in model._meta.concrete_fields):
        changes.setdefault("updated_at", timezone.now())
    written = model._base_manager.filter(pk=record.pk, version=read).update(
        version=models.F("version") + 1, **changes)
    if not written:
        raise EditConflict({})
    for name, value in changes.items():
        setattr(record, name, value)
    record.version = read + 1  # type: ignore[attr-defined]
    return read + 1


def check_version(record: models.Model, expected: int | None,
                  current: Callable[[], dict[str, Any]] | None = None) -> None:
    """Refuse with `EditConflict` (carrying `current()`) when the record's version is not
    the one the editor loaded; None means the caller did not name one."""
    if expected is not None and record.version != expected:  # type: ignore[attr-defined]
        raise EditConflict(current() if current else {})


# --- state changes --------------------------------------------------------------------------

def _write(actor: Actor, workflow: Workflow[Record], record: Record, name: str,
           history_action: str, changes: dict[str, Any], *, comment: str = "") -> None:
    """What every change of state does once it is allowed: the change and version + 1
    (the row is locked), what the record type runs after it, the history entry, the hook."""
    source = workflow.state_of(record)
    bump_version(record, **changes)
    target = workflow.state_of(record)
    if workflow.on_change:
        workflow.on_change(record)
    name_of_state = workflow.state_field
    states = {name_of_state: [source, target]} if name_of_state and source != target else {}
    history.record(actor, record, history_action, states, note=comment)
    workflow_transition.send(sender=workflow.model, record=record, actor=actor,
                             transition=name, comment=comment, source=source, target=target)


def _clean_comment(step: Transition, comment: str) -> str:
    if step.comment == "none":
        return ""
    errors: dict[str, list[str]] = {}
    comment = text_field(errors, "comment", comment, COMMENT_MAX_LENGTH, multiline=True)
    if step.comment == "required" and not comment and not errors:
        errors["comment"] = [str(step.missing_comment)]
    if errors:
        raise ValidationError(errors)
    return comment


def _not_deleted(workflow: Workflow[Record], record: Record) -> None:
    if getattr(record, "deleted_at", None) is not None:
        raise ValidationError(str(workflow.already_deleted), code="deleted")


@transaction.atomic
def transition(actor: Actor, workflow: Workflow[Record], record: Record, name: str, *,
               comment: str = "") -> Record:
    """Make the declared transition `name`; returns the record as saved."""
    step = workflow.transitions[name]
    assert workflow.state_field is not None, "a workflow without states has no transitions"
    record = lock(workflow.model, record.pk)
    _not_deleted(workflow, record)
    access.require(actor, step.permission, record)
    if workflow.state_of(record) not in step.sources:
        raise ValidationError(str(step.refusal), code="state")
    if step.four_eyes:
        access.require_review(actor, record)
    comment = _clean_comment(step, comment)
    if step.check is not None:
        step.check(record)
    changes: dict[str, Any] = {workflow.state_field: step.target}
    if step.stamp:
        changes[step.stamp] = timezone.now()
    if step.keep_comment:
        changes[workflow.comment_field] = comment
    elif step.clear_comment:
        changes[workflow.comment_field] = ""
    _write(actor, workflow, record, name, step.history_action, changes, comment=comment)
    return record


def submit(actor: Actor, workflow: Workflow[Record], record: Record) -> Record:
    """Hand the record to the reviewers (from draft or returned)."""
    return transition(actor, workflow, record, SUBMIT)


def return_for_changes(actor: Actor, workflow: Workflow[Record], record: Record,
                       comment: str) -> Record:
    """Send a submission back to its editors, saying what to change."""
    return transition(actor, workflow, record, RETURN, comment=comment)


def publish(actor: Actor, workflow: Workflow[Record], record: Record) -> Record:
    """Make a submission public."""
    return transition(actor, workflow, record, PUBLISH)


def withdraw(actor: Actor, workflow: Workflow[Record], record: Record) -> Record:
    """The owner takes a submission back into draft before it is reviewed."""
    return transition(actor, workflow, record, WITHDRAW)


@transaction.atomic
def soft_delete(actor: Actor, workflow: Workflow[Record], record: Record) -> Record:
    """Hide the record everywhere, keeping who deleted it and when; restorable."""
    record = lock(workflow.model, record.pk)
    access.require(actor, workflow.delete_permission, record)
    _not_deleted(workflow, record)
    refusal = workflow.deletable(record) if workflow.deletable else None
    if refusal:
        raise ValidationError(str(refusal), code="not_deletable")
    _write(actor, workflow, record, DELETE, HistoryEntry.Action.DELETE,
           {"deleted_at": timezone.now(), "deleted_by": access.signed_in(actor)})
    return record


@transaction.atomic
def restore(actor: Actor, workflow: Workflow[Record], record_id: Any) -> Record:
    """Undo a soft delete. Raises `model.DoesNotExist` for an unknown id."""
    access.require(actor, workflow.restore_permission)
    record = lock(workflow.model, record_id)
    if getattr(record, "deleted_at", None) is None:
        raise ValidationError(str(workflow.not_deleted), code="not_deleted")
    _write(actor, workflow, record, RESTORE, HistoryEntry.Action.RESTORE,
           {"deleted_at": None, "deleted_by": None})
    return record


def deleted(workflow: Workflow[Record]) -> models.QuerySet[Record]:
    """The soft-deleted records, most recently deleted first."""
    return (workflow.model._base_manager.filter(deleted_at__isnull=False)
            .select_related("deleted_by").order_by("-deleted_at", "-pk"))

