"""Funding programmes and their calls, and what users follow."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import LiveManager
from core.text import czech_sort_bytes, fold

MONEY: dict[str, Any] = {"max_digits": 16, "decimal_places": 2}


class ProviderType(models.TextChoices):
    EU = "eu_op", _("EU operational programme")
    MINISTRY = "ministry", _("ministry")
    KRAJ = "kraj", _("region (kraj)")
    FOUNDATION = "foundation", _("foundation")
    OTHER = "other", _("other")


class ApplicantType(models.TextChoices):
    OBEC = "obec", _("municipality")
    KRAJ = "kraj", _("region (kraj)")
    MAS = "mas", _("local action group (MAS)")
    MICROREGION = "microregion", _("microregion / union of municipalities")
    COMPANY = "company", _("municipal company")
    NGO = "ngo", _("non-profit organisation")
    UNIVERSITY = "university", _("university / research")
    BUSINESS = "business", _("business")


# The applicant type of a territorial unit leading an intention.
UNIT_APPLICANT = {"obec": ApplicantType.OBEC, "orp": ApplicantType.OBEC,
                  "kraj": ApplicantType.KRAJ, "mas": ApplicantType.MAS,
                  "microregion": ApplicantType.MICROREGION, "okres": ApplicantType.OBEC}


class Programme(models.Model):
    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=300)
    provider_type = models.CharField(_("provider type"), max_length=12,
                                     choices=ProviderType.choices)
    provider = models.CharField(_("provider"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    web_url = models.URLField(_("web link"), blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("funding programme")
        verbose_name_plural = _("funding programmes")

    def __str__(self) -> str:
        return self.name

    # accounts.permissions (the rule in funding.rules): the programme form shows its change
    # log to moderators.
    history_visible_to = "manage_taxonomy"


class CallState(models.TextChoices):
    UPCOMING = "upcoming", _("upcoming")
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")




class Call(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="calls",
                                  verbose_name=_("programme"))
    identifier = models.CharField(_("identifier"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=300)
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    applicant_types = models.JSONField(_("eligible applicant types"), default=list, blank=True)
    min_population = models.PositiveIntegerField(_("minimum population"), null=True, blank=True)
    max_population = models.PositiveIntegerField(_("maximum population"), null=True, blank=True)
    territories = models.ManyToManyField("territory.TerritorialUnit", blank=True,
                                         related_name="funding_calls",
                                         verbose_name=_("eligible territory"))
    areas = models.ManyToManyField("concept.KeyArea", blank=True, related_name="funding_calls",
                                   verbose_name=_("concept key areas"))
    allocation = models.DecimalField(_("allocation (CZK)"), null=True, blank=True, **MONEY)
    min_support = models.DecimalField(_("minimum support (CZK)"), null=True, blank=True,
                                      **MONEY)
    max_support = models.DecimalField(_("maximum support (CZK)"), null=True, blank=True,
                                      **MONEY)
    cofinancing_rate = models.DecimalField(
        _("co-financing rate (%)"), max_digits=5, decimal_places=2, default=0,
        help_text=_("Share of the eligible costs the applicant pays itself."))
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    web_url = models.URLField(_("web link"), blank=True)
    search_text = models.TextField(editable=False, blank=True)
    sort_key = models.BinaryField(editable=False, default=b"")
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    deleted_at = models.DateTimeField(null=True, blank=True, db_index=True, editable=False)
    deleted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   editable=False)

    objects = LiveManager()
    all_objects = models.Manager()

    class Meta:
        ordering = ["closes_on", "id"]
        indexes = [models.Index(fields=["opens_on", "closes_on"])]
        verbose_name = _("call")
        verbose_name_plural = _("calls")

    def __str__(self) -> str:
        return f"{self.identifier} {self.title}"

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.identifier} {self.title} {self.provider} "
                                f"{self.description}")
        self.sort_key = czech_sort_bytes(self.title)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("funding:call", kwargs={"pk": self.pk})

    # accounts.permissions (the rule in funding.rules): the call page shows its change log
    # to moderators.
    history_visible_to = "manage_taxonomy"

    def state_on(self, day: dt.date) -> str:
        if day < self.opens_on:
            return CallState.UPCOMING
        if day <= self.closes_on:
            return CallState.OPEN
        return CallState.CLOSED

    @property
    def state(self) -> str:
        return self.state_on(dt.date.today())

    def get_state_display(self) -> str:
        return str(CallState(self.state).label)

    def applicant_type_labels(self) -> list[str]:
        labels = dict(ApplicantType.choices)
        return [str(labels.get(t, t)) for t in self.applicant_types]


class CallDocument(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(_("link"))

    class Meta:
        ordering = ["call", "id"]

    def __str__(self) -> str:
        return self.title


class Follow(models.Model):
    """A user follows a call (its changes) or a key area (new calls in it)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="funding_follows")
    call = models.ForeignKey(Call, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="followers")
    area = models.ForeignKey("concept.KeyArea", null=True, blank=True, on_delete=models.CASCADE,
                             related_name="followers")
    created_at = models.DateTimeField(auto_now_add=True)
    seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "call"], name="follow_call_unique",
                                    condition=models.Q(call__isnull=False)),
            models.UniqueConstraint(fields=["user", "area"], name="follow_area_unique",
                                    condition=models.Q(area__isnull=False)),
            models.CheckConstraint(
                condition=models.Q(call__isnull=False, area__isnull=True)
                | models.Q(call__isnull=True, area__isnull=False),
                name="follow_one_target"),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.call or self.area}"
