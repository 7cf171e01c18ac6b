"""Optimistic locking: a save names the version its editor loaded, and is refused with the
values saved meanwhile when the record has moved on, so no one overwrites an edit unseen.

Views show both versions side by side (`show_in_form` and the ``core/_conflict.html``
include; `conflict_page` for actions without a form); the API answers 409 with them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


class EditConflict(ValidationError):
    """Someone saved the record after this editor loaded it; nothing was written.
    ``current`` holds the values saved meanwhile, to compare."""

    def __init__(self, current: dict[str, Any], message: str | None = None):
        super().__init__(
            message
            or _("Someone else has changed this record meanwhile. Your changes were not "
                 "saved; compare both versions below and save again."),
            code="conflict",
        )
        self.current = current


# --- showing a conflict ---------------------------------------------------------------------

def _shown(value: Any) -> str | None:
    """A value as the comparison shows it: records by their code (or name), several values
    joined, dates in ISO form; None for nothing."""
    if value is None or value == "":
        return None
    if isinstance(value, models.Model):
        return str(getattr(value, "code", "") or value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items()) or None
    if isinstance(value, list | tuple | set | models.QuerySet):
        items = sorted(str(shown) for shown in map(_shown, value) if shown is not None)
        return "; ".join(items) or None
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _same(theirs: str | None, mine: str | None) -> bool:
    if theirs == mine:
        return True
    try:  # 1000.00 saved, 1000 typed
        return theirs is not None and mine is not None and Decimal(theirs) == Decimal(mine)
    except (ArithmeticError, ValueError):
        return False


def comparison(current: dict[str, Any], form: forms.BaseForm) -> list[tuple[str, Any, Any]]:
    """(field label, the value saved meanwhile, the user's value) for each of the form's
    fields where the two differ."""
    cleaned = getattr(form, "cleaned_data", {})
    rows = []
    for name, saved in current.items():
        if name not in form.fields:
            continue
        mine = cleaned[name] if name in cleaned else form.data.get(name)
        theirs, yours = _shown(saved), _shown(mine)
        if not _same(theirs, yours):
            rows.append((str(form.fields[name].label or name), theirs, yours))
    return rows


def show_in_form(form: forms.BaseForm, conflict: EditConflict,
                 current_version: int) -> list[tuple[str, Any, Any]]:
    """Put the conflict on the form the user saved: the message on top, the form rebased on
    the version saved meanwhile (so saving again after comparing deliberately replaces the
    other edit with what the user now sees, and only that) and the rows to compare, for
    ``core/_conflict.html``."""
    rows = comparison(conflict.current, form)
    posted: Any = form.data  # a QueryDict: copied whole, several values per name kept
    posted = posted.copy()
    posted["version"] = str(current_version)
    form.data = posted
    form.add_error(None, conflict.messages[0])
    return rows


def conflict_page(request: HttpRequest, conflict: EditConflict, *,
                  back_url: str) -> HttpResponse:
    """The answer to an action that named a version someone else has since moved on from:
    nothing was done; the values saved meanwhile and the way back to the record (409)."""
    return render(request, "core/conflict.html", {
        "message": conflict.messages[0], "current": conflict.current, "back_url": back_url,
    }, status=409)
