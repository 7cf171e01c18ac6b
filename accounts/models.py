"""Users and their memberships: a role on a territorial unit."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("E-mail is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)


class User(AbstractUser):
    """A person; identified by e-mail (the login), never by a separate username."""

    username = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mail"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []
    # The stubs type AbstractUser.objects as auth's UserManager, whose create_user takes a
    # username; a user model that logs in by e-mail brings its own manager (Django's
    # documented way), which the stubs cannot express.
    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.email


class Role(models.TextChoices):
    EDITOR = "editor", _("municipal editor")
    COORDINATOR = "coordinator", _("regional coordinator")
    ANALYST = "analyst", _("ministry analyst")
    MODERATOR = "moderator", _("moderator")
    ADMINISTRATOR = "administrator", _("administrator")


# Roles that hold nationwide (unit left empty); the others hold on a unit.
NATIONWIDE_ROLES = (Role.ANALYST, Role.MODERATOR, Role.ADMINISTRATOR)


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        "territory.TerritorialUnit", null=True, blank=True, on_delete=models.CASCADE,
        related_name="memberships", verbose_name=_("territorial unit"),
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="membership_unique"),
            models.UniqueConstraint(
                fields=["user", "role"], condition=models.Q(unit__isnull=True),
                name="membership_unique_nationwide",
            ),
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        where = self.unit.name if self.unit is not None else _("nationwide")
        return f"{self.user} – {self.get_role_display()} – {where}"


class TokenScope(models.TextChoices):
    """What a token may do; space-separated scope names, as in OAuth."""

    READ = "read", _("read only")
    READ_WRITE = "read write", _("read and write")


# A token lives 90 days unless its owner chooses otherwise, and never longer than a year.
TOKEN_DEFAULT_DAYS = 90
TOKEN_MAX_DAYS = 365
# Last use is written at most this often, not on every request.
TOKEN_LAST_USE_PRECISION = dt.timedelta(minutes=1)


class ApiToken(models.Model):
    """A personal token for the API; only its SHA-256 is stored. It acts with its owner's
    permissions, limited to its scopes, until it expires or is revoked."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    scopes = models.CharField(_("scope"), max_length=30, choices=TokenScope.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def allows(self, scope: str) -> bool:
        return scope in self.scopes.split()

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def valid_until(self) -> dt.date:
        """The last day the token works (it expires at the following midnight)."""
        return (timezone.localtime(self.expires_at) - dt.timedelta(microseconds=1)).date()


# --- e-mail notices ---------------------------------------------------------------------------

class Frequency(models.TextChoices):
    """How often a user hears of one kind of notice."""

    IMMEDIATELY = "immediately", _("immediately")
    DIGEST = "digest", _("once a day, in a digest")
    OFF = "off", _("never")


class NotificationSettings(models.Model):
    """A user's choices for the e-mail notices: how often, per kind of notice (a kind not
    named takes its default), and the language of the e-mails."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="notification_settings")
    frequencies = models.JSONField(default=dict, blank=True)
    language = models.CharField(_("language of the e-mails"), max_length=8, blank=True,
                                choices=settings.LANGUAGES)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self) -> str:
        return str(self.user)


class Notice(models.Model):
    """One e-mail notice for a user, written in the user's language when it is posted:
    sent at once by the worker, or kept for the daily digest (`sent_at` empty until sent).
    `key` names what it is about (a transition, a call's closing day): a user gets each
    notice once, however often the task that posts it runs."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="notices")
    kind = models.CharField(max_length=40)
    key = models.CharField(max_length=200)
    subject = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    frequency = models.CharField(max_length=12, choices=Frequency.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notice_once")]
        indexes = [models.Index(fields=["sent_at", "user"])]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")

    def __str__(self) -> str:
        return f"{self.user} – {self.subject}"


class NoticeRun(models.Model):
    """The daily run of the notices (closing deadlines, digests): one per day, whichever
    worker or cron job starts it first."""

    day = models.DateField(unique=True)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-day"]

    def __str__(self) -> str:
        return self.day.isoformat()
