"""The one place that answers "may this user do X to this object" — and its set form, "which
rows of this record type may the user see".

Rules follow the territorial tree: an editor acts on the units of their memberships, a
regional coordinator on their kraj and every unit inside it, analysts read everything
(including submitted records), moderators review and publish, administrators may do
anything. Services call `require()`; queries scope lists with `visible_q()` (and
`budget_visible_q()`, `unit_filter()`) so that a list shows exactly what `can` allows.

Permissions are by type: every record type is registered with one rule (`register`, from
its app's `ready()`), and `can` refuses an object whose type has none — an object is never
taken for a unit. The rules:

- `UNIT` — territorial units (registered here): their editors and the kraj's coordinator
  act on them, everyone sees them.
- `Owned(units=…, public=…)` — records owned by territorial units (strategies, intentions,
  partnerships). The record answers `permission_units()` (the units whose editors act on it)
  and `is_public`; it may further answer `viewer_units()` (units that see it unpublished
  without acting on it: partners) and `is_private_draft` (while true only its own units see
  it, not analysts and moderators). The rule names the same things as query paths, which is
  where `visible_q` and `budget_visible_q` come from; a budget the owners keep private
  (`budget_public=` the field) is seen by those who see the record unpublished.
- `PartOf(field)` — parts of another record (a strategy's elements and documents, an
  intention's budget lines, a mined passage's file): what may be done to the whole may be
  done to its part.
- `REGISTER` — shared registers everyone reads and moderators keep (the concept's
  taxonomies, funding programmes and calls).
- `Personal(field)` — a user's own rows (API tokens, follows, the account itself): that user
  and administrators.
- `HELD` — files mining processes: the records holding the file decide (the record answers
  `permission_records()`): whoever may see one of them follows its processing, whoever may
  edit one corrects how its passages are classified (`Action.EDIT` on a passage).

A record type may also declare `history_visible_to` (class attribute, an `Action`): its change
log may be read by whoever may do that action on it; a type without it shows no history page.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q
from django.utils.translation import gettext as _

from core.access import FOUR_EYES as FOUR_EYES  # re-exported: the apps above ask here
from core.access import Action as Action
from core.access import Actor
from core.models import HistoryEntry
from territory.models import TerritorialUnit

from .models import ApiToken, Membership, Role, User

# Actions on the whole platform: the target, if any, plays no part.
GLOBAL_ACTIONS = {Action.MANAGE_MEMBERSHIPS, Action.MANAGE_TAXONOMY, Action.RESTORE}
OWNER_ACTIONS = {Action.CREATE, Action.EDIT, Action.DELETE, Action.SUBMIT}
WRITE_ACTIONS = {Action.CREATE, Action.EDIT, Action.DELETE}


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

    @property
    def acts_for_units(self) -> bool:
        return bool(self.editor_unit_ids or self.coordinator_kraj_ids)

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


def scope_of(user: Actor) -> Scope:
    if not isinstance(user, User) or not user.is_authenticated:
        return ANONYMOUS_SCOPE
    cached: Scope | None = getattr(user, "_smart_scope", None)
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
    user._smart_scope = scope  # type: ignore[attr-defined]  # a cache on the user object
    return scope


def forget_scope(user: Actor) -> None:
    """Drop the cached scope after memberships change."""
    if user is not None and hasattr(user, "_smart_scope"):
        delattr(user, "_smart_scope")


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


# --- the rules ------------------------------------------------------------------------------

class Rule:
    """How one record type answers `can` (and, where lists of it are scoped, `visible_q`)."""

    def allows(self, user: Actor, scope: Scope, action: Action, target: Any) -> bool:
        raise NotImplementedError

    def visible_q(self, user: Actor, scope: Scope, model: type[Model]) -> Q:
        """The set form of `allows(VIEW)` over the rows of `model`."""
        raise NotImplementedError(f"{type(self).__name__} has no set form")


def _on_units(scope: Scope, action: Action, target: Any, units: list[Any], *, public: bool,
              viewers: list[Any]) -> bool:
    """The territorial rule: a record owned by `units`, seen unpublished also by `viewers`."""
    if action == Action.VIEW and public:
        return True
    if scope.is_admin:
        return True
    if action in (Action.VIEW, Action.VIEW_UNPUBLISHED):
        if (scope.is_analyst or scope.is_moderator) \
                and not getattr(target, "is_private_draft", False):
            return True
        return any(scope.covers(u) for u in [*units, *viewers])
    if action in OWNER_ACTIONS:
        return any(scope.covers(u) for u in units)
    if action in (Action.REVIEW, Action.MANAGE_GROUPS):
        return scope.is_moderator or any(scope.kraj_covers(u) for u in units)
    return False


class _Unit(Rule):
    """A territorial unit is public and owned by itself."""

    def allows(self, user: Actor, scope: Scope, action: Action, target: Any) -> bool:
        if action == Action.VIEW_BUDGET:
            return False
        return _on_units(scope, action, target, [target], public=True, viewers=[])


UNIT = _Unit()


@dataclass(frozen=True)
class Owned(Rule):
    """Records owned by territorial units. `units` is the query path to the owning units
    (what `permission_units()` answers), `public` the rows anyone sees (what `is_public`
    answers), `private_draft` the rows analysts and moderators do not see yet
    (`is_private_draft`), `viewers` the path to units that see the record unpublished when
    `viewers_when` holds (`viewer_units()`), `budget_public` the field saying whether its
    owners made the budget public."""

    units: str
    public: Q = field(default_factory=lambda: Q(pk__in=[]))
    private_draft: Q | None = None
    viewers: str = ""
    viewers_when: Q = field(default_factory=Q)
    budget_public: str = ""

    def allows(self, user: Actor, scope: Scope, action: Action, target: Any) -> bool:
        if action == Action.VIEW_BUDGET:
            if self.budget_public and getattr(target, self.budget_public):
                return True
            action = Action.VIEW_UNPUBLISHED
        return _on_units(scope, action, target, _units_of(target) or [],
                         public=bool(getattr(target, "is_public", False)),
                         viewers=_viewer_units(target))

    def _own_q(self, user: Actor, scope: Scope, model: type[Model]) -> Q | None:
        """Rows of the units the user acts for, and rows their units see as viewers."""
        if not scope.acts_for_units:
            return None
        rows = model._base_manager.all()
        own = Q(pk__in=rows.filter(unit_filter(user, self.units)).values("pk"))
        if self.viewers:
            own |= Q(pk__in=rows.filter(unit_filter(user, self.viewers), self.viewers_when)
                     .values("pk"))
        return own

    def visible_q(self, user: Actor, scope: Scope, model: type[Model]) -> Q:
        everything = scope.is_admin or (
            (scope.is_analyst or scope.is_moderator) and self.private_draft is None)
        if everything:
            return Q()
        condition = self.public
        if scope.is_analyst or scope.is_moderator:
            assert self.private_draft is not None
            condition |= ~self.private_draft
        own = self._own_q(user, scope, model)
        return condition | own if own is not None else condition

    def budget_visible_q(self, user: Actor, scope: Scope, model: type[Model]) -> Q:
        if scope.is_admin or scope.is_analyst or scope.is_moderator:
            return Q()
        condition = Q(**{self.budget_public: True}) if self.budget_public else Q(pk__in=[])
        own = self._own_q(user, scope, model)
        return condition | own if own is not None else condition


@dataclass(frozen=True)
class PartOf(Rule):
    """Parts of another record (`field` names it): they follow the whole. Seeing a part may
    take more than seeing the whole (`view`: an intention's budget lines need
    `VIEW_BUDGET`)."""

    field: str
    view: Action = Action.VIEW

    def allows(self, user: Actor, scope: Scope, action: Action, target: Any) -> bool:
        whole = getattr(target, self.field)
        if action == Action.VIEW:
            action = self.view
        return whole is not None and can(user, action, whole)


class _Register(Rule):
    """Shared registers: everyone reads them, moderators keep them (`MANAGE_TAXONOMY`)."""

    def allows(self, user: Actor, scope: Scope, action: Action, target: Any) -> bool:
        if action == Action.VIEW and getattr(target, "is_public", True):
            return True
        if scope.is_admin:
            return True
        if action in (Action.VIEW, Action.VIEW_UNPUBLISHED):
            return scope.is_analyst or scope.is_moderator
        if action in WRITE_ACTIONS:
            return scope.is_moderator
        return False

    def visible_q(self, user: Actor, scope: Scope, model: type[Model]) -> Q:
        return Q()


REGISTER = _Register()


@dataclass(frozen=True)
class Personal(Rule):
    """A user's own rows (`field` is the user they belong to; "pk" for the account itself):
    that user sees them and, with `owner_writes`, changes them; administrators do both."""

    field: str = "user"
    owner_writes: bool = True

    def _owner_id(self, target: Any) -> Any:
        return target.pk if self.field == "pk" else getattr(target, f"{self.field}_id")

    def allows(self, user: Actor, scope: Scope, action: Action, target: Any) -> bool:
        if scope.is_admin:
            return True
        mine = user is not None and user.is_authenticated and self._owner_id(target) == user.pk
        if action in (Action.VIEW, Action.VIEW_UNPUBLISHED):
            return mine
        return mine and self.owner_writes and action in WRITE_ACTIONS

    def visible_q(self, user: Actor, scope: Scope, model: type[Model]) -> Q:
        if scope.is_admin:
            return Q()
        if user is None or not user.is_authenticated:
            return Q(pk__in=[])
        return Q(**{self.field: user.pk})


class _Held(Rule):
    """Files mining processes: the records holding the file (`permission_records()`)."""

    def allows(self, user: Actor, scope: Scope, action: Action, target: Any) -> bool:
        return any(can(user, action, record) for record in target.permission_records())


HELD = _Held()

_rules: dict[type, Rule] = {}


def register(model: type, rule: Rule) -> None:
    """Give a record type its rule (again: `ready()` may run twice in tests)."""
    _rules[model] = rule


def rule_for(target: Any) -> Rule | None:
    """The rule of the object's type (or of a type it extends); None: refused."""
    cls = target if isinstance(target, type) else type(target)
    return next((_rules[k] for k in cls.__mro__ if k in _rules), None)


register(TerritorialUnit, UNIT)
register(User, Personal("pk"))
register(ApiToken, Personal("user"))
register(Membership, Personal("user", owner_writes=False))  # administrators grant them


# --- the questions --------------------------------------------------------------------------

def _history_rule(target: Any) -> Action | None:
    rule = getattr(type(target), "history_visible_to", None)
    if rule is None or rule == Action.VIEW_HISTORY:
        return None
    return Action(rule)


def _global(scope: Scope, action: Action) -> bool:
    if scope.is_admin:
        return True
    return action == Action.MANAGE_TAXONOMY and scope.is_moderator


def _without_target(scope: Scope, action: Action) -> bool:
    """A question about no record in particular (may the user see unpublished records at
    all, review at all)."""
    if action == Action.VIEW or scope.is_admin:
        return True
    if action == Action.VIEW_UNPUBLISHED:
        return scope.is_analyst or scope.is_moderator
    if action == Action.REVIEW:
        return scope.is_moderator
    if action == Action.MANAGE_GROUPS:  # groups of some kraj: the kraj's coordinators too
        return scope.is_moderator or bool(scope.coordinator_kraj_ids)
    return False


def can(user: Actor, action: Action | str, target: Any = None) -> bool:
    action = Action(action)
    if action == Action.VIEW_HISTORY:
        history_rule = _history_rule(target)
        if history_rule is None:
            return False
        if history_rule in GLOBAL_ACTIONS:
            return can(user, history_rule)
        return can(user, Action.VIEW, target) and can(user, history_rule, target)
    scope = scope_of(user)
    if action in GLOBAL_ACTIONS:
        return _global(scope, action)
    if target is None:
        return _without_target(scope, action)
    rule = rule_for(target)
    return rule is not None and rule.allows(user, scope, action, target)


def require(user: Actor, action: Action | str, target: Any = None) -> None:
    if not can(user, action, target):
        raise PermissionDenied(_("You are not allowed to do this."))


def _set_rule(model: type[Model]) -> Rule:
    rule = rule_for(model)
    if rule is None:
        raise LookupError(f"{model._meta.label} has no permission rule")
    return rule


def visible_q(user: Actor, model: type[Model]) -> Q:
    """The rows of `model` the user may see: the set form of `can(user, VIEW, record)`
    (a test keeps the two equal). Filter the live rows with it."""
    return _set_rule(model).visible_q(user, scope_of(user), model)


def budget_visible_q(user: Actor, model: type[Model]) -> Q:
    """Rows whose budget the user may see: the set form of `can(user, VIEW_BUDGET, record)`
    for the rows the user sees."""
    rule = _set_rule(model)
    if not isinstance(rule, Owned):
        raise LookupError(f"{model._meta.label} has no budget")
    return rule.budget_visible_q(user, scope_of(user), model)


def public_q(model: type[Model]) -> Q:
    """The rows of `model` anyone may see (what search indexes, for one)."""
    return visible_q(None, model)


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


def review_filter(user: Any, unit_path: str) -> Q:
    """The set form of `can(user, REVIEW, record)` for records whose units lie at
    `unit_path`: every record for administrators and moderators, the records of a kraj the
    user coordinates (the kraj itself or a unit inside it), nothing for anyone else."""
    scope = scope_of(user)
    if scope.is_admin or scope.is_moderator:
        return Q()
    if not scope.coordinator_kraj_ids:
        return Q(pk__in=[])
    return (Q(**{f"{unit_path}__in": scope.coordinator_kraj_ids})
            | Q(**{f"{unit_path}__kraj__in": scope.coordinator_kraj_ids}))


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

def submitter_id(target: Any) -> int | None:
    """The user who last submitted the record for review (from its history)."""
    return (HistoryEntry.objects.filter(model_label=target._meta.label_lower,
                                        object_id=str(target.pk),
                                        action=HistoryEntry.Action.SUBMIT)
            .order_by("-id").values_list("actor_id", flat=True).first())


def _possible_reviewers(target: Any):
    """Active users who may review the target by their role: administrators, moderators
    and the coordinators of its kraj."""
    kraj_ids = {getattr(u, "kraj_id_covering", None) for u in _units_of(target) or []}
    kraj_ids.discard(None)
    reviewer = Q(is_superuser=True) | Q(memberships__role__in=[Role.ADMINISTRATOR,
                                                               Role.MODERATOR])
    if kraj_ids:
        reviewer |= Q(memberships__role=Role.COORDINATOR, memberships__unit_id__in=kraj_ids)
    return User.objects.filter(reviewer, is_active=True)


def _another_reviewer(target: Any, user_id: int) -> bool:
    return _possible_reviewers(target).exclude(pk=user_id).exists()


def reviewers(target: Any) -> list[Any]:
    """The users who may publish or return this submission now: `can(REVIEW)` holds and
    the four-eyes rule does not stand in their way (the submitter is left out)."""
    users = list(_possible_reviewers(target).distinct().order_by("pk"))
    return [user for user in users
            if can(user, Action.REVIEW, target) and four_eyes_refusal(user, target) is None]


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
