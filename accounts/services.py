"""Writes on accounts: memberships (who holds which role where)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import history
from core.models import HistoryEntry
from territory.models import GROUP_KINDS, Kind, TerritorialUnit

from .models import NATIONWIDE_ROLES, ApiToken, Membership, Role, User
from .permissions import Action, forget_scope, require

EDITOR_UNIT_KINDS = (Kind.OBEC, Kind.ORP, *GROUP_KINDS)


def validate_membership(role: str, unit: TerritorialUnit | None) -> None:
    if role not in Role.values:
        raise ValidationError(_("Unknown role."))
    if role in NATIONWIDE_ROLES:
        if unit is not None:
            raise ValidationError(_("This role holds nationwide; do not choose a unit."))
        return
    if unit is None:
        raise ValidationError(_("Choose the territorial unit for this role."))
    if role == Role.COORDINATOR and unit.kind != Kind.KRAJ:
        raise ValidationError(_("A regional coordinator is appointed for a kraj."))
    if role == Role.EDITOR and unit.kind not in EDITOR_UNIT_KINDS:
        raise ValidationError(
            _("A municipal editor works for a municipality, ORP, MAS or microregion.")
        )


@transaction.atomic
def grant_membership(actor, user: User, role: str, unit: TerritorialUnit | None) -> Membership:
    require(actor, Action.MANAGE_MEMBERSHIPS)
    validate_membership(role, unit)
    membership, created = Membership.objects.get_or_create(
        user=user, role=role, unit=unit, defaults={"granted_by": actor}
    )
    if not created:
        raise ValidationError(_("This user already has this role here."))
    history.record(actor, user, HistoryEntry.Action.GRANT,
                   {"membership": [None, str(membership)]})
    forget_scope(user)
    return membership


@transaction.atomic
def revoke_membership(actor, membership: Membership) -> None:
    require(actor, Action.MANAGE_MEMBERSHIPS)
    description = str(membership)
    user = membership.user
    membership.delete()
    history.record(actor, user, HistoryEntry.Action.REVOKE,
                   {"membership": [description, None]})
    forget_scope(user)


@transaction.atomic
def create_user(email: str, password: str | None, full_name: str = "", verified: bool = True,
                **extra) -> User:
    """A user with a verified e-mail address (used by seeding and tests; sign-up goes through
    allauth, which verifies the address by e-mail)."""
    from allauth.account.models import EmailAddress

    user = User.objects.create_user(email=email, password=password, full_name=full_name, **extra)
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=verified)
    history.record(None, user, HistoryEntry.Action.CREATE, {"email": [None, user.email]})
    return user


def _token_hash(raw: str) -> str:
    import hashlib

    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def create_api_token(actor, name: str) -> tuple[ApiToken, str]:
    """A new token for the actor; the raw key is returned once and never stored."""
    import secrets

    if not getattr(actor, "is_authenticated", False):
        raise ValidationError(_("Log in first."))
    if not name.strip():
        raise ValidationError({"name": [_("Name the token, e.g. after the system using it.")]})
    raw = "smart_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=actor, name=name.strip()[:100], prefix=raw[:12],
                                    key_hash=_token_hash(raw))
    history.record(actor, actor, HistoryEntry.Action.CREATE, {"api_token": [None, str(token)]})
    return token, raw


@transaction.atomic
def revoke_api_token(actor, token: ApiToken) -> None:
    from django.core.exceptions import PermissionDenied
    from django.utils import timezone

    from .permissions import scope_of

    # The owner, or an administrator (by role or as superuser) cutting off a leaked key.
    if token.user_id != actor.pk and not scope_of(actor).is_admin:
        raise PermissionDenied
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    history.record(actor, token.user, HistoryEntry.Action.REVOKE,
                   {"api_token": [str(token), None]})


def user_for_token(raw: str):
    """The active user owning an unrevoked token, or None."""
    from django.utils import timezone

    token = (ApiToken.objects.select_related("user")
             .filter(key_hash=_token_hash(raw), revoked_at__isnull=True).first())
    if token is None or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
