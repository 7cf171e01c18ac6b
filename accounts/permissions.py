"""The one place that answers "may this user do X to this object".

Rules follow the territorial tree: an editor acts on the units of their memberships, a
regional coordinator on their kraj and every unit inside it, analysts read everything
(including unpublished records), moderators review and publish, administrators may do
anything. Services call `require()`; queries use `unit_filter()` to scope lists the same way.

A target is either a territorial unit or a record exposing `permission_units()` (the units
that own it: their editors act on it) and `is_public` (whether anonymous visitors may see it).
Anything else is refused: an object is never taken for a unit. A record may further declare
- `viewer_units()`: units that may see it unpublished without acting on it (partners);
- `is_private_draft`: while true, only its own units see it, not analysts and moderators
  (they see a record once it has been submitted);
- `history_visible_to` (class attribute, an `Action`): its change log may be read by whoever
  may do that action on it; a record type without it shows no history page.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from core.access import Action
from core.models import HistoryEntry
from territory.models import TerritorialUnit

from .models import Role, User

# Actions on the whole platform: the target, if any, plays no part.
GLOBAL_ACTIONS = {Action.MANAGE_MEMBERSHIPS, Action.MANAGE_TAXONOMY, Action.RESTORE}
OWNER_ACTIONS = {Action.CREATE, Action.EDIT, Action.DELETE, Action.SUBMIT}


class OwnedRecord(Protocol):
    is_public: bool

    def permission_units(self) -> Iterable[Any]: ...  # optional: viewer_units()


@dataclass
class Scope:
    """What a user's memberships add up to; computed once per user object."""

    editor_unit_ids: set[int] = field(default_factory=set)
    coordinator_kraj_ids: set[int] = field(default_factory=set)
    roles: set[str] = field(default_factory=set)
    is_admin: bool = False

    @property
    def is_analyst(self) -> bool:
        return "analyst" in self.roles

    @property
    def is_moderator(self) -> bool:
        return "moderator" in self.roles

    def covers(self, unit: Any) -> bool:
        """The user edits for this unit: own unit, or a unit inside their kraj."""
        if unit is None:
            return False
        if getattr(unit, "pk", None) in self.editor_unit_ids:
            return True
        return self.kraj_covers(unit)

    def kraj_covers(self, unit: Any) -> bool:
        """The unit lies in a kraj the user coordinates."""
        return getattr(unit, "kraj_id_covering", None) in self.coordinator_kraj_ids


ANONYMOUS_SCOPE = Scope()


def scope_of(user: Any) -> Scope:
    if user is None or not getattr(user, "is_authenticated", False):
        return ANONYMOUS_SCOPE
    cached = getattr(user, "_smart_scope", None)
    if cached is not None:
        return cached
    scope = Scope(is_admin=bool(user.is_superuser))
    for role, unit_id in user.memberships.values_list("role", "unit_id"):
        scope.roles.add(role)
        if role == "editor" and unit_id:
            scope.editor_unit_ids.add(unit_id)
        elif role == "coordinator" and unit_id:
            scope.coordinator_kraj_ids.add(unit_id)
        elif role == "administrator":
            scope.is_admin = True
    user._smart_scope = scope
    return scope


def forget_scope(user: Any) -> None:
    """Drop the cached scope after memberships change."""
    if hasattr(user, "_smart_scope"):
        del user._smart_scope


def _is_unit(target: Any) -> bool:
    return isinstance(target, TerritorialUnit)


def _units_of(target: Any) -> list[Any] | None:
    """The units owning the target; None when it is neither a unit nor an owned record."""
    if target is None:
        return []
    if _is_unit(target):
        return [target]
    if callable(getattr(target, "permission_units", None)):
        return [u for u in target.permission_units() if _is_unit(u)]
    return None


def _viewer_units(target: Any) -> list[Any]:
    viewers = getattr(target, "viewer_units", None)
    return [u for u in viewers() if _is_unit(u)] if callable(viewers) else []


def _is_public(target: Any) -> bool:
    return bool(getattr(target, "is_public", True))


def _history_rule(target: Any) -> Action | None:
    rule = getattr(type(target), "history_visible_to", None)
    if rule is None or rule == Action.VIEW_HISTORY:
        return None
    return Action(rule)


def can(user: Any, action: Action | str, target: Any = None) -> bool:
    action = Action(action)
    if action == Action.VIEW_HISTORY:
        rule = _history_rule(target)
        if rule is None:
            return False
        if rule in GLOBAL_ACTIONS:
            return can(user, rule)
        return can(user, Action.VIEW, target) and can(user, rule, target)
    scope = scope_of(user)
    if action in GLOBAL_ACTIONS:
        target = None
    units = _units_of(target)
    if units is None:
        return False
    if action == Action.VIEW and (target is None or _is_public(target)):
        return True
    if scope.is_admin:
        return True
    if action in (Action.MANAGE_MEMBERSHIPS, Action.RESTORE):
        return False
    if action == Action.MANAGE_TAXONOMY:
        return scope.is_moderator
    if action in (Action.VIEW, Action.VIEW_UNPUBLISHED):
        if (scope.is_analyst or scope.is_moderator) \
                and not getattr(target, "is_private_draft", False):
            return True
        return any(scope.covers(u) for u in [*units, *_viewer_units(target)])
    if action in OWNER_ACTIONS:
        return any(scope.covers(u) for u in units)
    if action in (Action.REVIEW, Action.MANAGE_GROUPS):
        return scope.is_moderator or any(scope.kraj_covers(u) for u in units)
    return False


def require(user: Any, action: Action | str, target: Any = None) -> None:
    if not can(user, action, target):
        raise PermissionDenied(_("You are not allowed to do this."))


def sees_everything(user: Any) -> bool:
    scope = scope_of(user)
    return scope.is_admin or scope.is_analyst or scope.is_moderator


def unit_filter(user: Any, unit_path: str) -> Q:
    """Rows whose unit (reached by `unit_path`, e.g. "owners") the user covers as an editor."""
    scope = scope_of(user)
    condition = Q(pk__in=[])
    if scope.editor_unit_ids:
        condition |= Q(**{f"{unit_path}__in": scope.editor_unit_ids})
    if scope.coordinator_kraj_ids:
        condition |= Q(**{f"{unit_path}__in": scope.coordinator_kraj_ids})
        kraj_path = "kraj__in" if unit_path == "pk" else f"{unit_path}__kraj__in"
        condition |= Q(**{kraj_path: scope.coordinator_kraj_ids})
    return condition


def editable_units(user: Any):
    """Units the user may create records for (for choice lists in forms)."""
    scope = scope_of(user)
    if scope.is_admin:
        return TerritorialUnit.objects.filter(is_active=True)
    return TerritorialUnit.objects.filter(unit_filter(user, "pk"), is_active=True)


# --- four eyes ------------------------------------------------------------------------------
#
# A submission is reviewed (published or returned) by someone other than the user who
# submitted it. Administrators are bound by this too; only when nobody else could review
# the record (no other administrator, moderator or coordinator of its kraj) may an
# administrator review their own submission, so that a record never gets stuck.

FOUR_EYES = "four_eyes"  # the code of the refusal (ValidationError.code)


def submitter_id(target: Any) -> int | None:
    """The user who last submitted the record for review (from its history)."""
    return (HistoryEntry.objects.filter(model_label=target._meta.label_lower,
                                        object_id=str(target.pk),
                                        action=HistoryEntry.Action.SUBMIT)
            .order_by("-id").values_list("actor_id", flat=True).first())


def _another_reviewer(target: Any, user_id: int) -> bool:
    kraj_ids = {getattr(u, "kraj_id_covering", None) for u in _units_of(target) or []}
    kraj_ids.discard(None)
    reviewer = Q(is_superuser=True) | Q(memberships__role__in=[Role.ADMINISTRATOR,
                                                               Role.MODERATOR])
    if kraj_ids:
        reviewer |= Q(memberships__role=Role.COORDINATOR, memberships__unit_id__in=kraj_ids)
    return User.objects.filter(reviewer, is_active=True).exclude(pk=user_id).exists()


def four_eyes_refusal(user: Any, target: Any) -> str | None:
    """Why the user may not publish or return this submission (they submitted it
    themselves), or None when nothing in the four-eyes rule stands in the way."""
    if not getattr(user, "is_authenticated", False) or submitter_id(target) != user.pk:
        return None
    if scope_of(user).is_admin and not _another_reviewer(target, user.pk):
        return None
    return _("You submitted this yourself, so someone else reviews it (the four-eyes rule): "
             "a moderator, the region's coordinator or an administrator. An administrator "
             "may review their own submission only when nobody else can.")


def require_four_eyes(user: Any, target: Any) -> None:
    """Services call this before publishing or returning a submission."""
    refusal = four_eyes_refusal(user, target)
    if refusal:
        raise ValidationError(refusal, code=FOUR_EYES)
