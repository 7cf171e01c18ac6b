"""Recording and reading the change history of domain records.

Services call `record()` inside their transaction, so a write and its history entry land
together or not at all.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable
from typing import Any

from django.db import models

from .models import HistoryEntry


def serialisable(value: Any) -> Any:
    """A JSON-friendly form of a field value for the history record."""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [serialisable(v) for v in value]
    return value


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """Current values of the named fields, in history-ready form."""
    return {name: serialisable(getattr(instance, name)) for name in fields}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Fields whose value changed, as {field: [old, new]}."""
    return {
        name: [before.get(name), after.get(name)]
        for name in after
        if before.get(name) != after.get(name)
    }


def record(
    actor: Any,
    instance: models.Model,
    action: str,
    changes: dict[str, Any] | None = None,
    note: str = "",
) -> HistoryEntry:
    return HistoryEntry.objects.create(
        model_label=instance._meta.label_lower,
        object_id=str(instance.pk),
        object_repr=str(instance)[:300],
        action=action,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        changes=changes or {},
        note=note,
    )


def entries_for(instance: models.Model):
    return HistoryEntry.objects.filter(
        model_label=instance._meta.label_lower, object_id=str(instance.pk)
    ).select_related("actor")
