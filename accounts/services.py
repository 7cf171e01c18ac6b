"""Writes on accounts: memberships (who holds which role where) and API tokens."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core import history
from core.access import Actor, signed_in
from core.models import HistoryEntry
from core.text import clean_text
from territory.models import GROUP_KINDS, Kind, TerritorialUnit

from .models import (
    NATIONWIDE_ROLES,
    TOKEN_DEFAULT_DAYS,
    TOKEN_LAST_USE_PRECISION,
    TOKEN_MAX_DAYS,
    ApiToken,
    Frequency,
    Membership,
    NotificationSettings,
    Role,
    TokenScope,
    User,
)
from .notifications import kinds as notice_kinds
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
def grant_membership(actor: Actor, user: User, role: str, unit: TerritorialUnit | None) -> Membership:
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
def revoke_membership(actor: Actor, membership: Membership) -> None:
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

    full_name = clean_text(full_name)[:150]
    if "organisation" in extra:
        extra["organisation"] = clean_text(extra["organisation"])[:200]
    user = User.objects.create_user(email=email, password=password, full_name=full_name, **extra)
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=verified)
    history.record(None, user, HistoryEntry.Action.CREATE, {"email": [None, user.email]})
    return user


def _token_hash(raw: str) -> str:
    import hashlib

    return hashlib.sha256(raw.encode()).hexdigest()


def token_expiry(valid_until: dt.date) -> dt.datetime:
    """A token chosen to work until `valid_until` expires at the following local midnight."""
    return timezone.make_aware(dt.datetime.combine(valid_until + dt.timedelta(days=1),
                                                   dt.time.min))


@transaction.atomic
def create_api_token(actor: Actor, name: str, scopes: str = TokenScope.READ_WRITE,
                     valid_until: dt.date | None = None) -> tuple[ApiToken, str]:
    """A new token for the actor, allowed `scopes`, working through the day `valid_until`
    (by default 90 days from today, at most a year); the raw key is returned once and
    never stored."""
    import secrets

    user = signed_in(actor)
    if user is None:
        raise ValidationError(_("Log in first."))
    errors: dict[str, list[str]] = {}
    name = clean_text(name)
    if not name:
        errors["name"] = [_("Name the token, e.g. after the system using it.")]
    if scopes not in TokenScope.values:
        errors["scopes"] = [_("Choose the token's scope: read only, or read and write.")]
    today = timezone.localdate()
    if valid_until is None:
        valid_until = today + dt.timedelta(days=TOKEN_DEFAULT_DAYS)
    if valid_until < today:
        errors["valid_until"] = [_("The last day of the token must be today or in the "
                                   "future.")]
    elif valid_until > today + dt.timedelta(days=TOKEN_MAX_DAYS):
        errors["valid_until"] = [
            _("A token works at most one year, until %(date)s at the latest; create a new "
              "one when it expires.")
            % {"date": date_format(today + dt.timedelta(days=TOKEN_MAX_DAYS))}]
    if errors:
        raise ValidationError(errors)
    raw = "smart_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name[:100], prefix=raw[:12],
                                    key_hash=_token_hash(raw), scopes=scopes,
                                    expires_at=token_expiry(valid_until))
    history.record(actor, user, HistoryEntry.Action.CREATE,
                   {"api_token": [None, str(token)], "scope": [None, scopes],
                    "expires_at": [None, token.expires_at.isoformat()]})
    return token, raw


@transaction.atomic
def revoke_api_token(actor: Actor, token: ApiToken) -> None:
    # The owner, or an administrator (by role or as superuser) cutting off a leaked key.
    require(actor, Action.DELETE, token)
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        raise ValidationError(_("This token has already been revoked."))
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    history.record(actor, token.user, HistoryEntry.Action.REVOKE,
                   {"api_token": [str(token), None]})


class TokenRefused(Exception):
    """A key that does not authenticate; the message says why."""


def token_for_key(raw: str) -> ApiToken:
    """The token with this key, if it is unrevoked, unexpired and its owner active;
    otherwise TokenRefused saying which. Notes the last use at most once a minute."""
    token = (ApiToken.objects.select_related("user").filter(key_hash=_token_hash(raw)).first()
             if raw else None)
    if token is None:
        raise TokenRefused(_("This API token is not valid. Check that the whole key was "
                             "copied, or create a new token."))
    if token.revoked_at is not None:
        raise TokenRefused(_("This API token was revoked on %(date)s.")
                           % {"date": date_format(timezone.localtime(token.revoked_at))})
    now = timezone.now()
    if token.expires_at <= now:
        raise TokenRefused(_("This API token expired on %(date)s; create a new one on the "
                             "API tokens page.")
                           % {"date": date_format(token.valid_until)})
    if not token.user.is_active:
        raise TokenRefused(_("The account owning this API token is deactivated."))
    if token.last_used_at is None or now - token.last_used_at >= TOKEN_LAST_USE_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


# --- e-mail notices ---------------------------------------------------------------------------

@transaction.atomic
def save_notification_settings(actor: Actor, user: User, frequencies: dict[str, str],
                               language: str) -> NotificationSettings:
    """How often the user hears of each kind of notice, and in which language: the user's
    own choice, nobody else's. Unknown kinds and values are refused."""
    acting = signed_in(actor)
    if acting is None or acting.pk != user.pk:
        raise PermissionDenied(_("You are not allowed to do this."))
    known = {kind.key for kind in notice_kinds()}
    if set(frequencies) - known or set(frequencies.values()) - set(Frequency.values):
        raise ValidationError(_("Choose one of the offered options."))
    if language and language not in {code for code, _name in settings.LANGUAGES}:
        raise ValidationError(_("Choose one of the offered options."))
    chosen = NotificationSettings.objects.select_for_update().filter(user=user).first()
    before = ({"frequencies": chosen.frequencies, "language": chosen.language}
              if chosen else {"frequencies": {}, "language": ""})
    after = {"frequencies": dict(sorted(frequencies.items())), "language": language}
    if chosen is None:
        chosen = NotificationSettings.objects.create(user=user, **after)
    else:
        chosen.frequencies, chosen.language = after["frequencies"], language
        chosen.save(update_fields=["frequencies", "language", "updated_at"])
    changes = history.diff(before, after)
    if changes:
        history.record(actor, user, HistoryEntry.Action.UPDATE,
                       {f"notifications.{name}": values for name, values in changes.items()})
    return chosen
