"""The Smart Cities Concept taxonomy: 4 pillars and 16 key areas (ZPO1 … C4)."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Bilingual(models.Model):
    """Czech and English text side by side; `name` answers in the active language."""

    name_cs = models.CharField(_("name (Czech)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300)

    class Meta:
        abstract = True

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "cs").startswith("en") else self.name_cs

    def __str__(self) -> str:
        return f"{self.code} {self.name}"  # type: ignore[attr-defined]


class Pillar(Bilingual):
    code = models.CharField(max_length=10, unique=True)
    motto_cs = models.CharField(max_length=300, blank=True)
    motto_en = models.CharField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("pillar")
        verbose_name_plural = _("pillars")

    @property
    def motto(self) -> str:
        return self.motto_en if (get_language() or "cs").startswith("en") else self.motto_cs

    def get_absolute_url(self) -> str:
        return reverse("concept:pillar", kwargs={"code": self.code})


class KeyArea(Bilingual):
    code = models.CharField(max_length=10, unique=True)
    pillar = models.ForeignKey(Pillar, on_delete=models.PROTECT, related_name="areas")
    official_cs = models.BooleanField(
        default=False, help_text=_("The Czech name was confirmed in published Czech sources.")
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("key area")
        verbose_name_plural = _("key areas")

    def get_absolute_url(self) -> str:
        return reverse("concept:area", kwargs={"code": self.code})


class Sdg(models.Model):
    """One of the 17 UN Sustainable Development Goals (code 1–17)."""

    code = models.PositiveSmallIntegerField(unique=True)
    name_cs = models.CharField(_("name (Czech)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300)

    class Meta:
        ordering = ["code"]
        verbose_name = _("sustainable development goal")
        verbose_name_plural = _("sustainable development goals")

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "cs").startswith("en") else self.name_cs

    def __str__(self) -> str:
        return f"SDG {self.code} {self.name}"


class Technology(Bilingual):
    """Controlled, extensible vocabulary of technologies used by project intentions."""

    code = models.SlugField(max_length=50, unique=True)
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("technology")
        verbose_name_plural = _("technologies")

    def __str__(self) -> str:
        return self.name

    # accounts.permissions (the rule in concept.rules): shared vocabulary owned by no unit;
    # the technology form shows its change log to moderators.
    history_visible_to = "manage_taxonomy"
