"""The e-mail notices' background tasks (run by `manage.py worker`) and their queueing.

A workflow transition (`core.workflow.workflow_transition`) queues `notify_transition` once
its transaction has committed: the request sends no mail and waits for no mail server. (The
day's notice run is started by a standing worker or by cron: `notifications.daily_run`.)
"""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from django.db import transaction
from django_tasks import task

from core import workflow

from . import notifications

log = logging.getLogger(__name__)


@task()
def notify_transition(label: str, pk: Any, kind: str, key: str, actor_id: int | None,
                      comment: str = "") -> int:
    return notifications.notify_transition(label, pk, kind, key, actor_id, comment)


def _enqueue(**arguments: Any) -> None:
    try:
        notify_transition.enqueue(**arguments)
    except Exception:  # the notice is lost, the transition stands
        log.exception("could not queue the notices of %s %s", arguments.get("label"),
                      arguments.get("pk"))


def on_transition(sender, record, actor, transition, comment="", source=None, target=None,
                  **kwargs) -> None:
    """Receiver of `workflow_transition`: queue the notices once the change is committed."""
    flow = workflow.declared_for(sender)
    if flow is None:
        return
    kind = notifications.transition_kind(flow, transition, source, target)
    if kind is None:
        return
    label = sender._meta.label_lower
    transaction.on_commit(partial(
        _enqueue, label=label, pk=record.pk, kind=kind,
        key=f"{kind}:{label}:{record.pk}:{getattr(record, 'version', '')}",
        actor_id=actor.pk if getattr(actor, "is_authenticated", False) else None,
        comment=comment or ""))
