"""Every write on strategies: one function each, checking permission, validating, running in
one transaction and recording history."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Max
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from accounts.permissions import Action, can, require
from concept.models import KeyArea
from core import history, workflow
from core.access import Actor, signed_in
from core.conflicts import EditConflict
from core.models import HistoryEntry
from core.money import MoneyError, clean_quantity
from core.text import (
    TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    URL_MAX_LENGTH,
    clean_text,
    text_field,
)
from core.validators import parse_id, validate_link
from core.workflow import ReviewState
from mining import tasks as mining_tasks
from mining.detect import detect_type
from mining.errors import MiningError
from search.index import reindex_on_commit
from territory.models import TerritorialUnit

from . import completeness
from .models import (
    NODE_DEPTH,
    DocumentPart,
    DocumentVersion,
    Indicator,
    IndicatorValue,
    NodeKind,
    Revision,
    Strategy,
    StrategyDocument,
    StructureNode,
)
from .queries import visible_strategies

STRATEGY_FIELDS = ["title", "summary", "level", "strategy_type", "status", "valid_from",
                   "valid_to", "approved_on", "approved_by", "web_url", "contact_name",
                   "contact_email", "contact_phone"]
NODE_FIELDS = ["kind", "code", "title", "description", "responsible"]
INDICATOR_FIELDS = ["name", "unit", "baseline_value", "baseline_year", "target_value",
                    "target_year"]


def _reindex(strategy: Strategy) -> None:
    reindex_on_commit("strategy", strategy.pk)


def _require_complete(strategy: Strategy) -> None:
    """Only a strategy that passes the completeness check goes to the reviewers."""
    completeness.check(completeness.facts_of(strategy)).require(
        _("The strategy cannot be submitted yet:"))


_REVIEW = workflow.review_transitions(refusals={
    workflow.SUBMIT: gettext_lazy("Only a draft or a returned strategy can be submitted."),
    workflow.RETURN: gettext_lazy("Only a submitted strategy can be returned."),
    workflow.PUBLISH: gettext_lazy("Only a submitted strategy can be published."),
    workflow.WITHDRAW: gettext_lazy("Only a submitted strategy can be withdrawn."),
}, missing_comment=gettext_lazy("Say what the editor should change."))

# The strategy's review workflow (core.workflow): editors submit (a complete strategy) and
# may withdraw, a moderator or the kraj's coordinator returns or publishes; deletion is soft.
WORKFLOW: workflow.Workflow[Strategy] = workflow.declare(workflow.Workflow(
    Strategy, state_field="state", units_path="owners",
    transitions={**_REVIEW,
                 workflow.SUBMIT: replace(_REVIEW[workflow.SUBMIT], check=_require_complete)},
    editable_states=(ReviewState.DRAFT, ReviewState.RETURNED, ReviewState.PUBLISHED),
    already_deleted=gettext_lazy("This strategy has been deleted."),
    not_deleted=gettext_lazy("This strategy is not deleted."),
    on_change=_reindex))


_REVISION_STATES = Revision.State
# The review of a revision (core.workflow): saving the strategy submits it (and a returned
# one again), a moderator or the kraj's coordinator – not who submitted it – publishes it
# or returns it with a comment, the editors may withdraw it. Declared, so that it waits in
# the reviewers' work queue and is announced like any submission.
REVISION_WORKFLOW: workflow.Workflow[Revision] = workflow.declare(workflow.Workflow(
    Revision, state_field="state", units_path="strategy__owners", comment_field="comment",
    transitions={
        workflow.SUBMIT: workflow.Transition(
            workflow.SUBMIT, (_REVISION_STATES.DRAFT, _REVISION_STATES.RETURNED),
            _REVISION_STATES.PENDING, Action.SUBMIT, HistoryEntry.Action.SUBMIT),
        workflow.RETURN: workflow.Transition(
            workflow.RETURN, (_REVISION_STATES.PENDING,), _REVISION_STATES.RETURNED,
            Action.REVIEW, HistoryEntry.Action.RETURN, four_eyes=True, comment="required",
            keep_comment=True, stamp="decided_at",
            refusal=gettext_lazy("Only changes waiting for review can be returned."),
            missing_comment=gettext_lazy("Say what the editor should change.")),
        workflow.PUBLISH: workflow.Transition(
            workflow.PUBLISH, (_REVISION_STATES.PENDING,), _REVISION_STATES.PUBLISHED,
            Action.REVIEW, HistoryEntry.Action.PUBLISH, four_eyes=True, stamp="decided_at",
            refusal=gettext_lazy("Only changes waiting for review can be published.")),
        workflow.WITHDRAW: workflow.Transition(
            workflow.WITHDRAW, (_REVISION_STATES.PENDING, _REVISION_STATES.RETURNED),
            _REVISION_STATES.WITHDRAWN, Action.SUBMIT, HistoryEntry.Action.WITHDRAW,
            refusal=gettext_lazy("These changes are no longer waiting for review.")),
    }))


@dataclass
class StrategyData:
    title: str
    level: str
    strategy_type: str
    owners: list[Any]
    summary: str = ""
    status: str = "preparation"
    valid_from: int | None = None
    valid_to: int | None = None
    approved_on: date | None = None
    approved_by: str = ""
    web_url: str = ""
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    areas: list[Any] = field(default_factory=list)
    parents: list[Any] = field(default_factory=list)  # strategies or their ids


def _values(strategy: Strategy) -> dict[str, Any]:
    values = history.snapshot(strategy, STRATEGY_FIELDS)
    values["owners"] = sorted(u.code for u in strategy.owners.all())
    values["areas"] = sorted(a.code for a in strategy.areas.all())
    # Parents by id only: a parent kept because the editor may not see it (another unit's
    # draft) must not put its title into a history that editor reads.
    values["parents"] = [f"#{pk}" for pk in sorted(p.pk for p in strategy.parents.all())]
    return values


# Text fields of a strategy: (name, max length, multi-line). Every one is normalised
# (core.text.clean_text) and checked against its limit before anything is written.
STRATEGY_TEXT = [("title", TITLE_MAX_LENGTH, False), ("summary", TEXT_MAX_LENGTH, True),
                 ("approved_by", 200, False), ("web_url", URL_MAX_LENGTH, False),
                 ("contact_name", 150, False), ("contact_email", 254, False),
                 ("contact_phone", 40, False)]


def _validate(data: StrategyData, strategy: Strategy | None = None) -> None:
    """Check `data` and normalise its text in place; raise ValidationError listing every
    problem."""
    errors: dict[str, list[str]] = {}
    for name, limit, multiline in STRATEGY_TEXT:
        setattr(data, name, text_field(errors, name, getattr(data, name), limit,
                                       multiline=multiline))
    if not data.title.strip():
        errors.setdefault("title", []).append(_("Enter the title."))
    if not data.owners:
        errors.setdefault("owners", []).append(_("Choose at least one owner unit."))
    # A unit abolished or merged since can stay an owner of what it owned; it cannot be
    # chosen anew (the form offers active units only, the API must refuse the same).
    kept = set(strategy.owners.values_list("pk", flat=True)) if strategy is not None else set()
    for unit in data.owners:
        if not unit.is_active and unit.pk not in kept:
            errors.setdefault("owners", []).append(
                _("%(unit)s no longer exists as a unit; choose the unit that replaced it.")
                % {"unit": unit.name})
    if data.valid_from and data.valid_to and data.valid_to < data.valid_from:
        errors.setdefault("valid_to", []).append(
            _("The validity cannot end before it starts."))
    for year in (data.valid_from, data.valid_to):
        if year is not None and not 1990 <= year <= 2100:
            errors.setdefault("valid_from", []).append(_("Enter a year between 1990 and 2100."))
    if strategy is not None and any(p.pk == strategy.pk for p in data.parents):
        errors.setdefault("parents", []).append(_("A strategy cannot implement itself."))
    try:
        data.web_url = validate_link(data.web_url)
    except ValidationError as error:
        errors.setdefault("web_url", []).extend(error.messages)
    data.contact_email = (data.contact_email or "").strip()
    if data.contact_email:  # shown as a mailto: link
        try:
            validate_email(data.contact_email)
        except ValidationError as error:
            errors.setdefault("contact_email", []).extend(error.messages)
    if errors:
        raise ValidationError(errors)


def _visible_parents(actor: Actor, parents: list[Any]) -> list[Strategy]:
    """The chosen parent strategies (objects or ids) as the actor may see them.

    One rule for the form and the API: a strategy the actor may not see (another unit's
    draft) is answered exactly like an id that does not exist, so nothing about it, its
    title least of all, can be learnt or linked by guessing ids."""
    wanted = [p.pk if isinstance(p, Strategy) else p for p in parents]
    ids = {parse_id(p) for p in wanted} - {None}
    found = {s.pk: s for s in visible_strategies(actor).filter(pk__in=ids)} if ids else {}
    unknown = [str(p) for p in wanted if parse_id(p) not in found]
    if unknown:
        raise ValidationError({"parents": [
            _("No strategy you can see has the id %(ids)s.") % {"ids": ", ".join(unknown)}]})
    return list(found.values())


def _with_hidden_parents(actor: Actor, strategy: Strategy, parents: list[Strategy]) -> list[Strategy]:
    """Links someone else made to strategies the actor may not see stay as they are: the
    actor neither sees them nor removes them by saving."""
    hidden = strategy.parents.exclude(pk__in=visible_strategies(actor).values("pk"))
    return [*parents, *hidden]


def _require_owner_units(actor: Actor, units) -> None:
    for unit in units:
        if not can(actor, Action.CREATE, unit):
            raise PermissionDenied(
                _("You cannot enter strategies for %(unit)s.") % {"unit": unit.name})


@transaction.atomic
def create_strategy(actor: Actor, data: StrategyData,
                    tree: list[dict[str, Any]] | None = None) -> Strategy:
    """A new draft; `tree` (rows as `replace_tree` takes them) is its first structure."""
    _require_owner_units(actor, data.owners)
    data = replace(data, parents=_visible_parents(actor, data.parents))
    _validate(data)
    strategy = Strategy(created_by=signed_in(actor),
                        **{name: getattr(data, name) for name in STRATEGY_FIELDS})
    strategy.save()
    strategy.owners.set(data.owners)
    strategy.areas.set(data.areas)
    strategy.parents.set(data.parents)
    values = _values(strategy)
    if tree:
        _insert_rows(strategy, tree)
        values["nodes"] = len(tree)
    history.record(actor, strategy, HistoryEntry.Action.CREATE, history.diff({}, values))
    reindex_on_commit("strategy", strategy.pk)
    return strategy


def _require_editable(actor: Actor, strategy: Strategy) -> None:
    """Editors change a strategy, its tree, indicators and documents, except while a
    moderator reviews it (what was submitted is what gets published)."""
    require(actor, Action.EDIT, strategy)
    if not WORKFLOW.is_editable(strategy):
        raise ValidationError(_("The strategy is being reviewed and cannot be changed now; "
                                "the moderator can return it to you."), code="under_review")


def _locked(strategy: Strategy | int) -> Strategy:
    """The strategy's row locked for this transaction: every write to the strategy or to
    anything inside it (tree, indicators, documents) takes this lock first, so that its
    version moves one step per change and a stale version is always refused."""
    pk = strategy.pk if isinstance(strategy, Strategy) else strategy
    return Strategy.objects.select_for_update().get(pk=pk)


def _check_version(strategy: Strategy, expected_version: int | None) -> None:
    """`expected_version` is the strategy's version the editor loaded (None: not given)."""
    workflow.check_version(strategy, expected_version, lambda: _values(strategy))


def _editable_locked(actor: Actor, strategy_id: int,
                     strategy_version: int | None = None) -> Strategy:
    """The strategy locked (`_locked`) for a change inside it: the actor may change it now
    and, when `strategy_version` is given, it is still the version the editor loaded."""
    strategy = _locked(strategy_id)
    _require_editable(actor, strategy)
    _check_version(strategy, strategy_version)
    return strategy


@transaction.atomic
def update_strategy(actor: Actor, strategy: Strategy, data: StrategyData,
                    expected_version: int) -> Strategy:
    """Save the editor's changes. On a published strategy the fields in `REVIEWED_FIELDS`
    are not written: what differs from the published values becomes the strategy's open
    revision (`request_review`), and the rest publishes at once."""
    strategy = _locked(strategy)
    _require_editable(actor, strategy)
    # Changing owners must not move the record out of the editor's own reach.
    _require_owner_units(actor, [u for u in data.owners
                                 if u not in set(strategy.owners.all())])
    _check_version(strategy, expected_version)
    data = replace(data, parents=_with_hidden_parents(
        actor, strategy, _visible_parents(actor, data.parents)))
    _validate(data, strategy)
    reviewed = needs_review(strategy)
    before = _values(strategy)
    for name in STRATEGY_FIELDS:
        if not (reviewed and name in REVIEWED_FIELDS):
            setattr(strategy, name, getattr(data, name))
    workflow.bump_version(strategy)
    strategy.save()
    if not reviewed:
        strategy.owners.set(data.owners)
    strategy.areas.set(data.areas)
    strategy.parents.set(data.parents)
    changes = history.diff(before, _values(strategy))
    if changes or not reviewed:
        history.record(actor, strategy, HistoryEntry.Action.UPDATE, changes)
    if reviewed:
        _request_review(actor, strategy, _requested(strategy, data))
    reindex_on_commit("strategy", strategy.pk)
    return strategy


# --- changes of a published strategy under review ---------------------------------------------
#
# The owners of a published strategy fix its title, summary, links, contact, key areas and
# parent strategies at once (recorded in its history). What changes the strategy itself –
# level, type, status, validity, approval, owners – waits in a `Revision` for a reviewer,
# who publishes it (the values are written to the strategy under its row lock, a new version
# with its history) or returns it with a comment; until then public pages, the API and
# search show the published values, which the strategy's row still holds. A strategy has
# one open revision at most: saving again changes it (a returned one goes back to review),
# and putting the published values back withdraws it. Its review is `core.workflow`'s.

REVIEWED_FIELDS = ("level", "strategy_type", "status", "valid_from", "valid_to",
                   "approved_on", "approved_by", "owners")
OPEN_REVISION = (Revision.State.PENDING, Revision.State.RETURNED)


def needs_review(strategy: Strategy) -> bool:
    """Whether changes of `REVIEWED_FIELDS` go through a revision (the strategy is public)."""
    return strategy.state == ReviewState.PUBLISHED


def _reviewed_values(strategy: Strategy) -> dict[str, Any]:
    values = history.snapshot(strategy, [n for n in REVIEWED_FIELDS if n != "owners"])
    values["owners"] = sorted(u.code for u in strategy.owners.all())
    return values


def _requested(strategy: Strategy, data: StrategyData) -> dict[str, Any]:
    """The reviewed fields whose value in `data` differs from the published one."""
    wanted = {name: history.serialisable(getattr(data, name))
              for name in REVIEWED_FIELDS if name != "owners"}
    wanted["owners"] = sorted(u.code for u in data.owners)
    published = _reviewed_values(strategy)
    return {name: value for name, value in wanted.items() if value != published[name]}


def open_revision(strategy: Strategy) -> Revision | None:
    """The strategy's revision waiting for review or returned to its editors, if any."""
    return strategy.revisions.filter(state__in=OPEN_REVISION).first()


def revision_in_words(revision: Revision, user: Actor) -> list[history.Change]:
    """What the revision changes, as the strategy's history reads it: each field's label,
    the published value → the value asked for (names of units, choice labels, dates)."""
    published = _reviewed_values(revision.strategy)
    entry = HistoryEntry(model_label=Strategy._meta.label_lower, changes={
        name: [published.get(name), value] for name, value in revision.changes.items()
        if name in REVIEWED_FIELDS})
    return history.in_words([entry], user)[0].changes


def _request_review(actor: Actor, strategy: Strategy, requested: dict[str, Any]) -> None:
    """Make `requested` the strategy's open revision (the caller holds the strategy's row
    lock). A returned revision is changed and submitted again; a revision waiting for
    review that now asks for something else is withdrawn and the new request submitted in
    its place (its reviewer reviews what was asked last, and whoever asked it is its
    submitter for the four-eyes rule); one asking for nothing any more is withdrawn."""
    revision = open_revision(strategy)
    if revision is not None and revision.state == Revision.State.PENDING \
            and revision.changes == requested:
        return
    if revision is not None and (not requested or revision.state == Revision.State.PENDING):
        workflow.withdraw(actor, REVISION_WORKFLOW, revision)
        revision = None
    if not requested:
        return
    if revision is None:
        revision = Revision.objects.create(strategy=strategy, state=Revision.State.DRAFT,
                                           changes=requested, created_by=signed_in(actor))
        history.record(actor, revision, HistoryEntry.Action.CREATE,
                       history.diff({}, requested))
    else:
        revision = workflow.lock(Revision, revision.pk)
        old = revision.changes
        workflow.bump_version(revision, changes=requested)
        history.record(actor, revision, HistoryEntry.Action.UPDATE, {
            name: [old.get(name), requested.get(name)] for name in sorted({*old, *requested})
            if old.get(name) != requested.get(name)})
    workflow.submit(actor, REVISION_WORKFLOW, revision)


def _revision_locked(revision: Revision, expected_version: int | None) -> Revision:
    """The revision's row locked; refused with `EditConflict` when it changed since the
    reviewer read it (`expected_version`, None: not given)."""
    revision = workflow.lock(Revision, revision.pk)
    workflow.check_version(revision, expected_version, lambda: dict(revision.changes))
    return revision


def _decided(actor: Actor, revision: Revision) -> None:
    Revision.objects.filter(pk=revision.pk).update(decided_by=signed_in(actor))
    revision.decided_by = signed_in(actor)


def _data_of(strategy: Strategy) -> StrategyData:
    return StrategyData(owners=list(strategy.owners.all()), areas=list(strategy.areas.all()),
                        parents=list(strategy.parents.all()),
                        **{name: getattr(strategy, name) for name in STRATEGY_FIELDS})


def _apply(strategy: Strategy, changes: dict[str, Any]) -> StrategyData:
    """The strategy's values with the revision's `changes`, checked as a save checks them."""
    data = _data_of(strategy)
    for name, value in changes.items():
        if name == "owners":
            data.owners = list(TerritorialUnit.objects.filter(code__in=value))
        elif name == "approved_on":
            data.approved_on = date.fromisoformat(value) if value else None
        elif name in REVIEWED_FIELDS:
            setattr(data, name, value)
    _validate(data, strategy)
    return data


@transaction.atomic
def publish_revision(actor: Actor, revision: Revision,
                     expected_version: int | None = None) -> Strategy:
    """A reviewer publishes the revision: its values become the strategy's, under the
    strategy's row lock, as a new version recorded in the strategy's history."""
    strategy = _locked(revision.strategy_id)
    revision = _revision_locked(revision, expected_version)
    revision = workflow.publish(actor, REVISION_WORKFLOW, revision)
    _decided(actor, revision)
    data = _apply(strategy, revision.changes)
    before = _values(strategy)
    for name in REVIEWED_FIELDS:
        if name != "owners":
            setattr(strategy, name, getattr(data, name))
    workflow.bump_version(strategy)
    strategy.save()
    strategy.owners.set(data.owners)
    changes = history.diff(before, _values(strategy))
    changes["revision"] = [None, revision.pk]
    history.record(actor, strategy, HistoryEntry.Action.UPDATE, changes)
    _reindex(strategy)
    return strategy


@transaction.atomic
def return_revision(actor: Actor, revision: Revision, comment: str,
                    expected_version: int | None = None) -> Revision:
    """A reviewer sends the revision back to the strategy's editors, saying why; the
    strategy keeps its published values."""
    revision = _revision_locked(revision, expected_version)
    revision = workflow.return_for_changes(actor, REVISION_WORKFLOW, revision, comment)
    _decided(actor, revision)
    return revision


def withdraw_revision(actor: Actor, revision: Revision) -> Revision:
    """The strategy's editors take their revision back; nothing of it is published."""
    return workflow.withdraw(actor, REVISION_WORKFLOW, revision)


def _bump(strategy: Strategy, *, reindex: bool = True) -> None:
    """Any change inside the strategy (tree, indicators, documents) is a new version of it.
    The caller holds the strategy's row lock (`_locked`). Indicators are not in the search
    index, so their changes pass ``reindex=False``."""
    workflow.bump_version(strategy)
    if reindex:
        reindex_on_commit("strategy", strategy.pk)


# --- workflow -------------------------------------------------------------------------------

def submit_strategy(actor: Actor, strategy: Strategy) -> Strategy:
    return workflow.submit(actor, WORKFLOW, strategy)


def return_strategy(actor: Actor, strategy: Strategy, comment: str) -> Strategy:
    return workflow.return_for_changes(actor, WORKFLOW, strategy, comment)


def publish_strategy(actor: Actor, strategy: Strategy) -> Strategy:
    return workflow.publish(actor, WORKFLOW, strategy)


def withdraw_strategy(actor: Actor, strategy: Strategy) -> Strategy:
    """The editors take their submission back into draft before it is reviewed."""
    return workflow.withdraw(actor, WORKFLOW, strategy)


def delete_strategy(actor: Actor, strategy: Strategy) -> Strategy:
    """Soft delete: hidden everywhere, restorable by an administrator."""
    return workflow.soft_delete(actor, WORKFLOW, strategy)


def restore_strategy(actor: Actor, strategy_id: int) -> Strategy:
    return workflow.restore(actor, WORKFLOW, strategy_id)


# --- structure tree -------------------------------------------------------------------------

def _validate_node(strategy: Strategy, kind: str, title: str,
                   parent: StructureNode | None) -> None:
    if kind not in NodeKind.values:
        raise ValidationError({"kind": [_("Unknown kind of element.")]})
    if not title.strip():
        raise ValidationError({"title": [_("Enter the title.")]})
    if parent is not None:
        if parent.strategy_id != strategy.pk:
            raise ValidationError(_("The parent element belongs to another strategy."))
        if NODE_DEPTH[kind] <= NODE_DEPTH[parent.kind]:
            raise ValidationError({"kind": [
                _("A %(kind)s cannot be placed under a %(parent)s.")
                % {"kind": NodeKind(kind).label, "parent": NodeKind(parent.kind).label}]})


def _node_text(*, code: Any, title: Any, description: Any,
               responsible: Any) -> tuple[str, str, str, str]:
    """The element's text normalised (core.text.clean_text) and within its limits."""
    errors: dict[str, list[str]] = {}
    cleaned = (text_field(errors, "code", code, 30),
               text_field(errors, "title", title, 500),
               text_field(errors, "description", description, TEXT_MAX_LENGTH, multiline=True),
               text_field(errors, "responsible", responsible, 200))
    if errors:
        raise ValidationError(errors)
    return cleaned


def _next_position(strategy: Strategy, parent: StructureNode | None) -> int:
    last = StructureNode.objects.filter(strategy=strategy, parent=parent).aggregate(
        Max("position"))["position__max"]
    return 0 if last is None else last + 1


@transaction.atomic
def add_node(actor: Actor, strategy: Strategy, *, kind: str, title: str, code: str = "",
             description: str = "", responsible: str = "", parent: StructureNode | None = None,
             areas: list[Any] | None = None,
             strategy_version: int | None = None) -> StructureNode:
    strategy = _editable_locked(actor, strategy.pk, strategy_version)
    code, title, description, responsible = _node_text(
        code=code, title=title, description=description, responsible=responsible)
    _validate_node(strategy, kind, title, parent)
    node = StructureNode.objects.create(
        strategy=strategy, parent=parent, kind=kind, code=code, title=title,
        description=description, responsible=responsible,
        position=_next_position(strategy, parent))
    node.areas.set(areas or [])
    _bump(strategy)
    history.record(actor, strategy, HistoryEntry.Action.UPDATE,
                   {"node": [None, str(node)]}, note=_("element added"))
    return node


@transaction.atomic
def update_node(actor: Actor, node: StructureNode, *, expected_version: int, kind: str,
                title: str, code: str = "", description: str = "", responsible: str = "",
                areas: list[Any] | None = None,
                strategy_version: int | None = None) -> StructureNode:
    """`expected_version` is the element's version the editor loaded."""
    strategy = _editable_locked(actor, node.strategy_id, strategy_version)
    node = StructureNode.objects.select_for_update().get(pk=node.pk, strategy=strategy)
    node.strategy = strategy
    if node.version != expected_version:
        raise EditConflict(history.snapshot(node, NODE_FIELDS))
    code, title, description, responsible = _node_text(
        code=code, title=title, description=description, responsible=responsible)
    _validate_node(node.strategy, kind, title, node.parent)
    for child in node.children.all():
        if NODE_DEPTH[child.kind] <= NODE_DEPTH[kind]:
            raise ValidationError({"kind": [_("The element's children would sit above it.")]})
    before = history.snapshot(node, NODE_FIELDS)
    before["areas"] = sorted(a.code for a in node.areas.all())
    node.kind, node.title, node.code = kind, title, code
    node.description, node.responsible = description, responsible
    node.version += 1
    node.save()
    node.areas.set(areas or [])
    after = history.snapshot(node, NODE_FIELDS)
    after["areas"] = sorted(a.code for a in node.areas.all())
    _bump(strategy)
    history.record(actor, strategy, HistoryEntry.Action.UPDATE,
                   {f"{node.code or node.pk}.{k}": v for k, v in history.diff(before, after).items()})
    return node


@transaction.atomic
def move_node(actor: Actor, node: StructureNode, *, parent: StructureNode | None,
              position: int | None = None,
              strategy_version: int | None = None) -> StructureNode:
    """Move under another parent (or to the top) and/or to a position among siblings."""
    strategy = _editable_locked(actor, node.strategy_id, strategy_version)
    node = StructureNode.objects.select_for_update().get(pk=node.pk, strategy=strategy)
    node.strategy = strategy
    _validate_node(node.strategy, node.kind, node.title, parent)
    ancestor = parent
    while ancestor is not None:
        if ancestor.pk == node.pk:
            raise ValidationError(_("An element cannot be moved under itself."))
        ancestor = ancestor.parent
    old_parent = node.parent
    siblings = list(StructureNode.objects.filter(strategy=node.strategy, parent=parent)
                    .exclude(pk=node.pk).order_by("position", "id"))
    index = len(siblings) if position is None else max(0, min(position, len(siblings)))
    siblings.insert(index, node)
    node.parent = parent
    for number, sibling in enumerate(siblings):
        sibling.position = number
    StructureNode.objects.bulk_update(siblings, ["position"])
    node.save(update_fields=["parent", "position"])
    _bump(strategy)
    history.record(actor, strategy, HistoryEntry.Action.UPDATE, {
        f"{node.code or node.pk}.parent": [str(old_parent) if old_parent else None,
                                           str(parent) if parent else None],
        f"{node.code or node.pk}.position": [None, index]}, note=_("element moved"))
    return node


@transaction.atomic
def delete_node(actor: Actor, node: StructureNode, *,
                strategy_version: int | None = None) -> None:
    strategy = _editable_locked(actor, node.strategy_id, strategy_version)
    node = StructureNode.objects.select_for_update().get(pk=node.pk, strategy=strategy)
    description = str(node)
    node.delete()
    _bump(strategy)
    history.record(actor, strategy, HistoryEntry.Action.UPDATE, {"node": [description, None]},
                   note=_("element removed with its sub-elements"))


def _insert_rows(strategy: Strategy, rows: list[dict[str, Any]]) -> list[StructureNode]:
    """Create the rows' elements (with areas, indicators and values) in the strategy; the
    caller holds the strategy's lock or has just created it."""
    areas = {a.code: a for a in KeyArea.objects.all()}
    created: list[StructureNode] = []
    by_code: dict[str, StructureNode] = {}
    positions: dict[Any, int] = {}
    for row in rows:
        parent_key = row.get("parent_key", row.get("parent_code"))
        parent = by_code.get(parent_key) if parent_key else None
        key = parent.pk if parent else None
        code, title, description, responsible = _node_text(
            code=row["code"], title=row["title"], description=row.get("description", ""),
            responsible=row.get("responsible", ""))
        node = StructureNode.objects.create(
            strategy=strategy, parent=parent, kind=row["kind"], code=code,
            title=title, description=description,
            responsible=responsible, position=positions.get(key, 0))
        positions[key] = positions.get(key, 0) + 1
        node.areas.set([areas[c] for c in row.get("areas", []) if c in areas])
        for spec in row.get("indicators", []):
            spec = _validate_indicator(spec)
            indicator = Indicator.objects.create(node=node, **{
                k: spec.get(k) for k in INDICATOR_FIELDS})
            for year, raw in spec.get("values", {}).items():
                value = _indicator_number("value", raw)
                if value is not None:  # no value for the year, as set_indicator_value reads it
                    IndicatorValue.objects.create(indicator=indicator, year=int(year),
                                                  value=value)
        node_key = row.get("key", row["code"])
        if node_key:
            by_code[node_key] = node
        created.append(node)
    return created


@transaction.atomic
def replace_tree(actor: Actor, strategy: Strategy, rows: list[dict[str, Any]], *,
                 strategy_version: int | None = None) -> int:
    """Replace the whole tree with imported rows (validated by `treeio.parse_tree`).

    Rows link to their parent by `key`/`parent_key` (the file's own ids); `code` is the
    element's real code. Older callers without `key` link by `code`/`parent_code`."""
    strategy = _editable_locked(actor, strategy.pk, strategy_version)
    old_count = strategy.nodes.count()
    strategy.nodes.all().delete()
    _insert_rows(strategy, rows)
    _bump(strategy)
    history.record(actor, strategy, HistoryEntry.Action.UPDATE,
                   {"nodes": [old_count, len(rows)]}, note=_("structure imported"))
    return len(rows)


# --- indicators -----------------------------------------------------------------------------

def _indicator_number(field_name: str, value: Any) -> Decimal | None:
    """An indicator value within its bounds (core.money.clean_quantity)."""
    if value is None or value == "":
        return None
    try:
        return clean_quantity(value if not isinstance(value, str) else Decimal(value))
    except (MoneyError, ArithmeticError, ValueError) as error:
        message = str(error) if isinstance(error, MoneyError) else _("Enter a number.")
        raise ValidationError({field_name: [message]}) from None


def _clean_indicator(values: dict[str, Any]) -> dict[str, Any]:
    """The indicator's fields normalised: text cleaned and within its limits, values
    within their bounds. Raises ValidationError."""
    values = dict(values)
    errors: dict[str, list[str]] = {}
    for name, limit in (("name", 300), ("unit", 50)):
        if name in values:
            values[name] = text_field(errors, name, values[name], limit)
    if errors:
        raise ValidationError(errors)
    for name in ("baseline_value", "target_value"):
        if name in values:
            values[name] = _indicator_number(name, values[name])
    return values


def _validate_indicator(values: dict[str, Any]) -> dict[str, Any]:
    """The indicator's values checked and normalised (see `_clean_indicator`)."""
    values = _clean_indicator(values)
    if not values.get("name"):
        raise ValidationError({"name": [_("Enter the indicator's name.")]})
    for key in ("baseline_year", "target_year"):
        year = values.get(key)
        if year is not None and not (isinstance(year, int) and 1990 <= year <= 2100):
            raise ValidationError({key: [_("Enter a year between 1990 and 2100.")]})
    if (values.get("baseline_year") and values.get("target_year")
            and values["target_year"] < values["baseline_year"]):
        raise ValidationError({"target_year": [_("The target year is before the baseline.")]})
    return values


def _indicator_locked(actor: Actor, indicator: Indicator,
                      strategy_version: int | None) -> tuple[Indicator, Strategy]:
    """The indicator and its strategy, the strategy locked first (`_editable_locked`)."""
    strategy_id = Indicator.objects.filter(pk=indicator.pk).values_list(
        "node__strategy_id", flat=True).get()
    strategy = _editable_locked(actor, strategy_id, strategy_version)
    return Indicator.objects.select_for_update().get(pk=indicator.pk), strategy


@transaction.atomic
def add_indicator(actor: Actor, node: StructureNode, *, strategy_version: int | None = None,
                  **values: Any) -> Indicator:
    strategy = _editable_locked(actor, node.strategy_id, strategy_version)
    node = StructureNode.objects.get(pk=node.pk, strategy=strategy)
    values = _validate_indicator(values)
    indicator = Indicator.objects.create(node=node, **{k: values.get(k) for k in
                                                       INDICATOR_FIELDS if k in values})
    _bump(strategy, reindex=False)
    history.record(actor, strategy, HistoryEntry.Action.UPDATE,
                   {"indicator": [None, indicator.name]})
    return indicator


@transaction.atomic
def update_indicator(actor: Actor, indicator: Indicator, *, expected_version: int,
                     strategy_version: int | None = None, **values: Any) -> Indicator:
    """`expected_version` is the indicator's version the editor loaded."""
    indicator, strategy = _indicator_locked(actor, indicator, strategy_version)
    if indicator.version != expected_version:
        raise EditConflict(history.snapshot(indicator, INDICATOR_FIELDS))
    values = _validate_indicator(values)
    before = history.snapshot(indicator, INDICATOR_FIELDS)
    for key in INDICATOR_FIELDS:
        if key in values:
            setattr(indicator, key, values[key])
    indicator.version += 1
    indicator.save()
    _bump(strategy, reindex=False)
    history.record(actor, strategy, HistoryEntry.Action.UPDATE, {
        f"{indicator.name}.{k}": v for k, v in
        history.diff(before, history.snapshot(indicator, INDICATOR_FIELDS)).items()})
    return indicator


@transaction.atomic
def set_indicator_value(actor: Actor, indicator: Indicator, year: int,
                        value: Decimal | None, *, strategy_version: int | None = None) -> None:
    """Record (or with None remove) the measured value for a year."""
    indicator, strategy = _indicator_locked(actor, indicator, strategy_version)
    if not (isinstance(year, int) and 1990 <= year <= 2100):
        raise ValidationError({"year": [_("Enter a year between 1990 and 2100.")]})
    value = _indicator_number("value", value)
    old = IndicatorValue.objects.filter(indicator=indicator, year=year).first()
    if value is None:
        if old:
            old.delete()
    else:
        IndicatorValue.objects.update_or_create(indicator=indicator, year=year,
                                                defaults={"value": value})
    _bump(strategy, reindex=False)
    history.record(actor, strategy, HistoryEntry.Action.UPDATE, {
        f"{indicator.name}.{year}": [str(old.value) if old else None,
                                     str(value) if value is not None else None]})


@transaction.atomic
def delete_indicator(actor: Actor, indicator: Indicator, *,
                     strategy_version: int | None = None) -> None:
    indicator, strategy = _indicator_locked(actor, indicator, strategy_version)
    name = indicator.name
    indicator.delete()
    _bump(strategy, reindex=False)
    history.record(actor, strategy, HistoryEntry.Action.UPDATE, {"indicator": [name, None]})


# --- documents ------------------------------------------------------------------------------

# Formats the registry stores; anything else is refused at upload, before it is kept.
REFUSED_AT_UPLOAD = {"empty", "executable", "unsupported", "too_large"}


@dataclass
class UploadResult:
    version: DocumentVersion
    duplicate_of: DocumentVersion | None  # the same bytes were uploaded before


def _detect(data: bytes) -> str:
    """The file's real type by content. Damaged, encrypted or bomb files are stored and
    marked failed by mining; what is not a document at all is refused here."""
    try:
        return detect_type(data).kind
    except MiningError as error:
        if error.code in REFUSED_AT_UPLOAD:
            raise ValidationError({"file": [error.reason_cs if _is_czech() else error.reason_en]},
                                  code=error.code) from None
        return {"encrypted": "pdf", "damaged": "pdf", "too_many_pages": "pdf"}.get(
            error.code, "bin")


def _is_czech() -> bool:
    return (get_language() or "cs").startswith("cs")


def _read_limited(upload) -> bytes:
    limit = settings.UPLOAD_MAX_BYTES
    if getattr(upload, "size", 0) and upload.size > limit:
        raise ValidationError({"file": [_("The file is larger than the limit of %(mb)s MB.")
                                        % {"mb": limit // (1024 * 1024)}]}, code="too_large")
    chunks, total = [], 0
    for chunk in upload.chunks() if hasattr(upload, "chunks") else [upload.read()]:
        total += len(chunk)
        if total > limit:
            raise ValidationError({"file": [_("The file is larger than the limit of %(mb)s MB.")
                                            % {"mb": limit // (1024 * 1024)}]}, code="too_large")
        chunks.append(chunk)
    return b"".join(chunks)


@transaction.atomic
def upload_document(actor: Actor, strategy: Strategy, upload, *, part: str = DocumentPart.FULL,
                    title: str = "", document: StrategyDocument | None = None,
                    note: str = "") -> UploadResult:
    """Store a file as a new version of `document` (or of a new document of `strategy`).

    The bytes are addressed by SHA-256: a re-upload of the same file is recognised and
    stored once; uploading the same bytes as the current version adds no version at all.
    """
    strategy = _locked(strategy)
    _require_editable(actor, strategy)
    if part not in DocumentPart.values:
        raise ValidationError({"part": [_("Unknown document part.")]})
    data = _read_limited(upload)
    file_type = _detect(data)
    digest = hashlib.sha256(data).hexdigest()
    original_name = clean_text(getattr(upload, "name", "")).rsplit("/", 1)[-1][:255] \
        or "document"
    title, note = clean_text(title), clean_text(note)
    if len(title) > TITLE_MAX_LENGTH:
        raise ValidationError({"title": [_("Enter at most %(limit)s characters (it has "
                                           "%(count)s).") % {"limit": TITLE_MAX_LENGTH,
                                                             "count": len(title)}]})
    duplicate = (DocumentVersion.objects.filter(sha256=digest)
                 .select_related("document").order_by("uploaded_at").first())
    if document is None:
        document = StrategyDocument.objects.create(
            strategy=strategy, part=part, title=(title or original_name)[:TITLE_MAX_LENGTH])
    elif document.strategy_id != strategy.pk:
        raise ValidationError(_("The document belongs to another strategy."))
    else:
        current = document.versions.order_by("-number").first()
        if current is not None and current.sha256 == digest:
            return UploadResult(current, current)
    number = (document.versions.aggregate(Max("number"))["number__max"] or 0) + 1
    version = DocumentVersion(document=document, number=number, original_name=original_name,
                              size=len(data), sha256=digest, file_type=file_type,
                              uploaded_by=signed_in(actor),
                              note=note[:300])
    if duplicate is not None:
        version.file.name = duplicate.file.name  # same bytes: share the stored file
    else:
        version.file.save(original_name, ContentFile(data), save=False)
    version.save()
    _bump(strategy)
    history.record(actor, strategy, HistoryEntry.Action.UPDATE,
                   {"document": [None, f"{document.title} v{number}"]},
                   note=_("same file as an earlier upload") if duplicate else "")
    # Mining processes the file once the upload is committed. robust: the upload is already
    # saved; if the queue cannot be reached now, the worker finds the unqueued file when it
    # starts (mining.tasks.requeue_stale).
    transaction.on_commit(lambda: mining_tasks.enqueue_file(digest), robust=True)
    return UploadResult(version, duplicate)
