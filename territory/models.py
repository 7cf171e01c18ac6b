"""Territorial units: the official tree (kraj → okres → ORP → obec) plus groups (MAS, microregion)."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.text import czech_sort_bytes, fold


class Kind(models.TextChoices):
    STATE = "stat", _("state")
    KRAJ = "kraj", _("region (kraj)")
    OKRES = "okres", _("district (okres)")
    ORP = "orp", _("municipality with extended powers (ORP)")
    OBEC = "obec", _("municipality (obec)")
    MAS = "mas", _("local action group (MAS)")
    MICROREGION = "microregion", _("microregion")


# The kinds of the official register (ČSÚ / RÚIAN), parents before their children.
OFFICIAL_KINDS = (Kind.STATE, Kind.KRAJ, Kind.OKRES, Kind.ORP, Kind.OBEC)
GROUP_KINDS = (Kind.MAS, Kind.MICROREGION)


class SizeClass(models.TextChoices):
    """Population size classes used by the ministry's statistics."""

    UNDER_500 = "0-499", _("under 500")
    UNDER_2000 = "500-1999", _("500–1,999")
    UNDER_10000 = "2000-9999", _("2,000–9,999")
    UNDER_50000 = "10000-49999", _("10,000–49,999")
    OVER_50000 = "50000+", _("50,000 and more")


def size_class_for(population: int | None) -> str:
    if population is None:
        return ""
    for bound, size in (
        (500, SizeClass.UNDER_500),
        (2000, SizeClass.UNDER_2000),
        (10000, SizeClass.UNDER_10000),
        (50000, SizeClass.UNDER_50000),
    ):
        if population < bound:
            return size.value
    return SizeClass.OVER_50000.value


class TerritorialUnit(models.Model):
    """One unit with its official code.

    Codes are unique across kinds: kraje use their NUTS 3 code (CZ020) because their VÚSC
    numbers (19, 27 …) collide with ORP codes; the VÚSC number is kept in `alt_code`.
    Every unit except a kraj points at its kraj directly, so "everything inside a kraj" is
    one indexed filter rather than a walk up the tree.
    """

    kind = models.CharField(max_length=12, choices=Kind.choices, db_index=True)
    code = models.CharField(_("code"), max_length=20, unique=True)
    alt_code = models.CharField(_("other code"), max_length=20, blank=True)
    name = models.CharField(_("name"), max_length=200)
    name_folded = models.CharField(max_length=200, editable=False, db_index=True)
    sort_key = models.BinaryField(editable=False, db_index=True)
    status = models.CharField(_("status"), max_length=40, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    size_class = models.CharField(max_length=12, choices=SizeClass.choices, blank=True)
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    kraj = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        limit_choices_to={"kind": Kind.KRAJ},
    )
    okres = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        limit_choices_to={"kind": Kind.OKRES},
    )
    orp = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        limit_choices_to={"kind": Kind.ORP},
    )
    members = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="groups",
        help_text=_("Municipalities grouped by a MAS or microregion."),
    )
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    is_active = models.BooleanField(default=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["sort_key"]
        indexes = [
            models.Index(fields=["kind", "sort_key"]),
            models.Index(fields=["kind", "kraj"]),
            models.Index(fields=["kind", "-population"]),
        ]
        verbose_name = _("territorial unit")
        verbose_name_plural = _("territorial units")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name_folded = fold(self.name)
        self.sort_key = czech_sort_bytes(self.name)
        self.size_class = size_class_for(self.population) if self.kind == Kind.OBEC else ""
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("territory:detail", kwargs={"code": self.code})

    # accounts.permissions: the unit's page shows its change log (groups are edited) to
    # its editors, its kraj's coordinator, analysts and moderators.
    history_visible_to = "view_unpublished"

    @property
    def is_group(self) -> bool:
        return self.kind in GROUP_KINDS

    @property
    def kraj_id_covering(self) -> int | None:
        """The kraj this unit lies in (a kraj covers itself)."""
        return self.pk if self.kind == Kind.KRAJ else self.kraj_id

    def parents(self) -> list[TerritorialUnit]:
        """Parent units from the top: kraj, okres, ORP."""
        return [unit for unit in (self.kraj, self.okres, self.orp) if unit is not None]
