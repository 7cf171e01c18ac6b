"""The permission question: what may be done (`Action`), and a port for asking it from below
`accounts`.

`accounts.permissions` is the one place that decides who may do what, and the apps above
`accounts` import it. `territory` lies below it (memberships and permissions are built on
territorial units), so its services and pages ask here instead; `accounts` connects its
rules at start-up (`AccountsConfig.ready`). Until it has, every question is answered no.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


class Action(StrEnum):
    VIEW = "view"
    VIEW_UNPUBLISHED = "view_unpublished"  # drafts, submitted records and their history
    CREATE = "create"
    EDIT = "edit"
    DELETE = "delete"
    SUBMIT = "submit"
    REVIEW = "review"  # publish or return a submission
    MANAGE_GROUPS = "manage_groups"  # create or change a MAS / microregion
    MANAGE_MEMBERSHIPS = "manage_memberships"
    MANAGE_TAXONOMY = "manage_taxonomy"
    RESTORE = "restore"  # undo a soft delete
    VIEW_HISTORY = "view_history"  # the change log, for record types that declare one


# (user, action, target) → allowed.
Check = Callable[[Any, str, Any], bool]

_rules: list[Check] = []


def connect(check: Check) -> None:
    """Answer every question with `check` (replacing what was connected before)."""
    _rules[:] = [check]


def can(user: Any, action: Action | str, target: Any = None) -> bool:
    return bool(_rules) and _rules[0](user, action, target)


def require(user: Any, action: Action | str, target: Any = None) -> None:
    if not can(user, action, target):
        raise PermissionDenied(_("You are not allowed to do this."))
