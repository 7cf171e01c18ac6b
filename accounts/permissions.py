"""The one place that answers "may this user do X to this object".

Rules follow the territorial tree: an editor acts on the units of their memberships, a
regional coordinator on their kraj and every unit inside it, analysts read everything
(including unpublished records), moderators review and publish, administrators may do
anything. Services call `require()`; queries use `unit_filter()` to scope lists the same way.

A target is either a territorial unit or any record exposing `permission_units()` (the units
that own it) and `is_public` (whether anonymous visitors may see it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

from django.core.exceptions import PermissionDenied
from django.db.models import Q
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


OWNER_ACTIONS = {Action.CREATE, Action.EDIT, Action.DELETE, Action.SUBMIT}


class OwnedRecord(Protocol):
    is_public: bool

    def permission_units(self) -> Iterable[Any]: ...


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


def _units_of(target: Any) -> list[Any]:
    if hasattr(target, "permission_units"):
        return list(target.permission_units())
    return [target]


def _is_public(target: Any) -> bool:
    return bool(getattr(target, "is_public", True))


def can(user: Any, action: Action | str, target: Any = None) -> bool:
    action = Action(action)
    scope = scope_of(user)
    if action == Action.VIEW and (target is None or _is_public(target)):
        return True
    if scope.is_admin:
        return True
    if action in (Action.MANAGE_MEMBERSHIPS, Action.RESTORE):
        return False
    if action == Action.MANAGE_TAXONOMY:
        return scope.is_moderator
    units = _units_of(target) if target is not None else []
    if action in (Action.VIEW, Action.VIEW_UNPUBLISHED):
        return scope.is_analyst or scope.is_moderator or any(scope.covers(u) for u in units)
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
    from territory.models import TerritorialUnit

    scope = scope_of(user)
    if scope.is_admin:
        return TerritorialUnit.objects.filter(is_active=True)
    return TerritorialUnit.objects.filter(unit_filter(user, "pk"), is_active=True)
