"""The permission port: what may be done (`Action`), who does it (`Actor`), and the one place
the layers below `accounts` ask.

`accounts.permissions` is the one place that decides who may do what, and the apps above
`accounts` import it. The base layer (the review workflow) and `territory` lie below it
(memberships and permissions are built on territorial units), so they ask here instead;
`accounts` connects its rules at start-up (`AccountsConfig.ready`). Until it has, every
question is answered no.

Two questions are asked through the port: `can(user, action, target)`, and — for a review
(publish, return) — whether the four-eyes rule stands in the way (`review_refusal`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeAlias

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

# Whoever acts: a signed-in user, an anonymous visitor, or nobody (a command, the demo).
if TYPE_CHECKING:
    # The type checker reads `_User` (django-stubs) as settings.AUTH_USER_MODEL, the
    # project's user model, without this base layer importing `accounts`.
    from django.contrib.auth.models import _User

    Actor: TypeAlias = _User | AnonymousUser | None
else:
    Actor = AbstractBaseUser | AnonymousUser | None


class Action(StrEnum):
    VIEW = "view"
    VIEW_UNPUBLISHED = "view_unpublished"  # drafts, submitted records and their history
    VIEW_BUDGET = "view_budget"  # a budget its owners did not make public
    CREATE = "create"
    EDIT = "edit"  # for a mined passage: correct its classification
    DELETE = "delete"
    SUBMIT = "submit"
    REVIEW = "review"  # publish or return a submission
    MANAGE_GROUPS = "manage_groups"  # create or change a MAS / microregion
    MANAGE_MEMBERSHIPS = "manage_memberships"
    MANAGE_TAXONOMY = "manage_taxonomy"
    RESTORE = "restore"  # undo a soft delete
    VIEW_HISTORY = "view_history"  # the change log, for record types that declare one


def signed_in(actor: Actor) -> _User | None:
    """The acting user's account, or None for an anonymous visitor or nobody: what records
    keep as who made, answered or uploaded something."""
    if actor is None or isinstance(actor, AnonymousUser) or not actor.is_authenticated:
        return None
    return actor


FOUR_EYES = "four_eyes"  # the code of a review refused by the four-eyes rule

# (user, action, target) → allowed.
Check = Callable[[Actor, str, Any], bool]
# (user, record) → why the user may not review this submission, or None.
Refusal = Callable[[Actor, Any], str | None]


@dataclass(frozen=True)
class Rules:
    can: Check
    review_refusal: Refusal


_rules: list[Rules] = []


def connect(check: Check, review_refusal: Refusal) -> None:
    """Answer every question with these rules (replacing what was connected before)."""
    _rules[:] = [Rules(check, review_refusal)]


def can(user: Actor, action: Action | str, target: Any = None) -> bool:
    return bool(_rules) and _rules[0].can(user, action, target)


def require(user: Actor, action: Action | str, target: Any = None) -> None:
    if not can(user, action, target):
        raise PermissionDenied(_("You are not allowed to do this."))


def review_refusal(user: Actor, record: Any) -> str | None:
    """Why the user may not publish or return this submission (the four-eyes rule), or
    None. Without connected rules nobody reviews."""
    if not _rules:
        return _("You are not allowed to do this.")
    return _rules[0].review_refusal(user, record)


def require_review(user: Actor, record: Any) -> None:
    """Refuse (ValidationError with the code `FOUR_EYES`) a review the four-eyes rule
    stands in the way of."""
    refusal = review_refusal(user, record)
    if refusal:
        raise ValidationError(refusal, code=FOUR_EYES)
