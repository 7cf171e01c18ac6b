"""The work-queue sections every declared workflow feeds (`core.workflow.declare`):
submissions the user may review, and the user's own records returned with the reviewer's
comment. A record type appears here by declaring its workflow; nothing below names one.

Who sees what is the permission rules' answer: each list is narrowed in the database by the
set form of the rule (`accounts.permissions.review_filter`, the user's own units) and every
record is then checked with the workflow's `allows`, which asks `can` — the same question the
record's page asks before it shows the button.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy

from accounts.permissions import four_eyes_refusal, review_filter, scope_of
from core import workflow, workqueue
from core.models import HistoryEntry
from core.workqueue import Item


def _latest(flow: workflow.Workflow[Any], pks: list[Any],
            actions: set[str]) -> dict[str, HistoryEntry]:
    """The latest history entry of one of `actions` for each record (one query)."""
    if not pks or not actions:
        return {}
    entries = (HistoryEntry.objects.filter(model_label=flow.model._meta.label_lower,
                                           object_id__in=[str(pk) for pk in pks],
                                           action__in=actions)
               .select_related("actor").order_by("id"))
    return {entry.object_id: entry for entry in entries}  # the last one wins


def _units(record: Any) -> str:
    return ", ".join(unit.name for unit in record.permission_units())


def _sorted(items: list[Item]) -> list[Item]:
    """Longest waiting first; items without a date last."""
    dated = sorted((i for i in items if i.when is not None), key=lambda i: i.when)
    return dated + [i for i in items if i.when is None]


def review_items(user: Any) -> list[Item]:
    """Submitted records of every declared type that the user may publish or return now
    (not those the four-eyes rule keeps from them: their own submissions)."""
    items: list[Item] = []
    for flow in workflow.declared():
        steps = list(flow.review_steps)
        if not steps:
            continue
        records = list(flow.model._default_manager
                       .filter(review_filter(user, flow.units_path),
                               **{f"{flow.state_field}__in": flow.review_states})
                       .distinct().prefetch_related(flow.units_path, *flow.related).order_by("pk"))
        submitted = _latest(flow, [r.pk for r in records],
                            {s.history_action for s in flow.submit_steps.values()})
        for record in records:
            if not any(flow.allows(user, record, name) for name in steps):
                continue
            entry = submitted.get(str(record.pk))
            if entry is not None and entry.actor_id == user.pk \
                    and four_eyes_refusal(user, record):
                continue
            items.append(Item(
                title=str(record), url=record.get_absolute_url(),
                kind=flow.model._meta.verbose_name, context=_units(record),
                when=entry.at if entry else getattr(record, "submitted_at", None),
                when_label=gettext_lazy("submitted"),
                by=str(entry.actor) if entry and entry.actor else ""))
    return _sorted(items)


def returned_items(user: Any) -> list[Item]:
    """Records of every declared type returned for changes that the user may submit again:
    those of the units the user is a member of, and those the user submitted."""
    scope = scope_of(user)
    own_units = scope.editor_unit_ids | scope.coordinator_kraj_ids
    items: list[Item] = []
    for flow in workflow.declared():
        resubmit = list(flow.resubmit_steps)
        if not resubmit:
            continue
        mine = [int(pk) for pk in HistoryEntry.objects.filter(
            model_label=flow.model._meta.label_lower, actor_id=user.pk,
            action__in={s.history_action for s in flow.submit_steps.values()})
            .order_by().values_list("object_id", flat=True).distinct() if pk.isdigit()]
        condition = Q(pk__in=mine)
        if own_units:
            condition |= Q(**{f"{flow.units_path}__in": own_units})
        records = list(flow.model._default_manager
                       .filter(condition, **{f"{flow.state_field}__in": flow.returned_states})
                       .distinct().prefetch_related(flow.units_path, *flow.related).order_by("pk"))
        returned = _latest(flow, [r.pk for r in records],
                           {step.history_action for step in flow.transitions.values()
                            if step.keep_comment})
        for record in records:
            if not any(flow.allows(user, record, name) for name in resubmit):
                continue
            entry = returned.get(str(record.pk))
            items.append(Item(
                title=str(record), url=record.get_absolute_url(),
                kind=flow.model._meta.verbose_name, context=_units(record),
                when=entry.at if entry else None, when_label=gettext_lazy("returned"),
                by=str(entry.actor) if entry and entry.actor else "",
                note=getattr(record, flow.comment_field, ""),
                note_label=gettext_lazy("The reviewer's comment"), urgent=True))
    return _sorted(items)


def register() -> None:
    workqueue.register(workqueue.Section(
        key="review", title=gettext_lazy("Submissions waiting for my review"),
        empty=gettext_lazy("Nothing is waiting for your review."), items=review_items,
        order=10))
    workqueue.register(workqueue.Section(
        key="returned", title=gettext_lazy("My submissions returned for changes"),
        empty=gettext_lazy("Nothing has been returned to you."), items=returned_items,
        order=20))
