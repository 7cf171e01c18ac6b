"""Project intentions (fiches): SMART projects prepared online by one methodology, with
budget per year and funding source, outputs, partners, activities and links to strategies."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import LiveManager
from core.text import czech_sort_bytes, fold
from core.workflow import ReviewState


class Status(models.TextChoices):
    """The review states (`core.workflow.ReviewState`, the same values and labels), then
    the intention's life once published."""

    DRAFT = ReviewState.DRAFT.value, ReviewState.DRAFT.label
    SUBMITTED = ReviewState.SUBMITTED.value, ReviewState.SUBMITTED.label
    RETURNED = ReviewState.RETURNED.value, ReviewState.RETURNED.label
    PUBLISHED = ReviewState.PUBLISHED.value, ReviewState.PUBLISHED.label
    IN_IMPLEMENTATION = "in_implementation", _("in implementation")
    COMPLETED = "completed", _("completed")
    CANCELLED = "cancelled", _("cancelled")


# States in which the editors may change the fiche (not while it is reviewed, not once over).
EDITABLE_STATUSES = (Status.DRAFT, Status.RETURNED, Status.PUBLISHED, Status.IN_IMPLEMENTATION)
PUBLIC_STATUSES = (Status.PUBLISHED, Status.IN_IMPLEMENTATION, Status.COMPLETED,
                   Status.CANCELLED)
# States only the intention's own units see (analysts and moderators see the rest).
PRIVATE_STATUSES = (Status.DRAFT,)


class Readiness(models.TextChoices):
    IDEA = "idea", _("idea")
    STUDY = "study", _("study")
    DOCUMENTATION = "documentation", _("project documentation")
    PERMIT = "permit", _("permit")
    READY = "ready", _("ready to implement")


class FundingSource(models.TextChoices):
    OWN = "own", _("own budget")
    EU = "eu", _("EU programme")
    NATIONAL = "national", _("national subsidy")
    REGIONAL = "regional", _("regional subsidy")
    PRIVATE = "private", _("private")
    LOAN = "loan", _("loan")
    OTHER = "other", _("other")


class Sector(models.TextChoices):
    """The quadruple helix."""

    PUBLIC = "public", _("public administration")
    ACADEMIA = "academia", _("academia / research")
    BUSINESS = "business", _("business")
    CIVIL = "civil", _("civil society")




MONEY: dict[str, Any] = {"max_digits": 14, "decimal_places": 2}


class Intention(models.Model):
    title = models.CharField(_("title"), max_length=300)
    problem = models.TextField(_("problem it solves"), blank=True)
    goals = models.TextField(_("goals"), blank=True)
    target_groups = models.TextField(_("target groups"), blank=True)
    description = models.TextField(_("description"), blank=True)
    # Who answers questions about the intention (a work contact, shown with the fiche to
    # everyone who may see the intention).
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), max_length=254, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    lead_unit = models.ForeignKey("territory.TerritorialUnit", on_delete=models.PROTECT,
                                  related_name="led_intentions",
                                  verbose_name=_("leading unit"))
    partner_units = models.ManyToManyField("territory.TerritorialUnit", blank=True,
                                           related_name="shared_intentions",
                                           verbose_name=_("partner municipalities"))
    main_area = models.ForeignKey("concept.KeyArea", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="main_intentions",
                                  verbose_name=_("main key area"))
    other_areas = models.ManyToManyField("concept.KeyArea", blank=True,
                                         related_name="secondary_intentions",
                                         verbose_name=_("secondary key areas"))
    technologies = models.ManyToManyField("concept.Technology", blank=True,
                                          related_name="intentions",
                                          verbose_name=_("technologies"))
    sdgs = models.ManyToManyField("concept.Sdg", blank=True, related_name="intentions",
                                  verbose_name=_("UN Sustainable Development Goals"))
    strategy_nodes = models.ManyToManyField("strategies.StructureNode", blank=True,
                                            related_name="intentions",
                                            verbose_name=_("implements (measures, activities)"))
    start_date = models.DateField(_("planned start"), null=True, blank=True)
    end_date = models.DateField(_("planned end"), null=True, blank=True)
    readiness = models.CharField(_("readiness"), max_length=20, choices=Readiness.choices,
                                 default=Readiness.IDEA)
    total_cost = models.DecimalField(_("total cost (CZK)"), null=True, blank=True, **MONEY)
    budget_public = models.BooleanField(_("budget is public"), default=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.DRAFT, db_index=True)
    review_comment = models.TextField(_("reviewer's comment"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # Denormalised, kept by the services: sum of the budget lines, rolled-up progress,
    # completeness score, folded text for search and the Czech sort key.
    budget_total = models.DecimalField(default=0, editable=False, **MONEY)
    progress = models.PositiveSmallIntegerField(default=0, editable=False)
    completeness = models.PositiveSmallIntegerField(default=0, editable=False)
    search_text = models.TextField(editable=False, blank=True)
    sort_key = models.BinaryField(editable=False, db_index=True, default=b"")
    # What the wizard could not store yet (invalid input, kept so that nothing typed is
    # lost) and a version per wizard step, so that editors on different steps never clash.
    pending_input = models.JSONField(default=dict, blank=True, editable=False)
    step_versions = models.JSONField(default=dict, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    deleted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    deleted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    objects = LiveManager()
    all_objects = models.Manager()

    class Meta:
        ordering = ["sort_key", "id"]
        indexes = [
            models.Index(fields=["status", "readiness"]),
            models.Index(fields=["start_date", "end_date"]),
            models.Index(fields=["budget_total"]),
        ]
        verbose_name = _("project intention")
        verbose_name_plural = _("project intentions")

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.title} {self.problem} {self.goals} {self.description}")
        self.sort_key = czech_sort_bytes(self.title)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("intentions:detail", kwargs={"pk": self.pk})

    # --- permission protocol (accounts.permissions) ---
    # The detail page shows the change log to those who may see the unpublished state.
    history_visible_to = "view_unpublished"

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES and self.published_at is not None \
            and self.deleted_at is None

    @property
    def is_private_draft(self) -> bool:
        """Analysts and moderators see an intention once it has been submitted."""
        return self.status in PRIVATE_STATUSES

    def permission_units(self):
        """The leading unit acts on the intention (edits, submits, cancels, deletes)."""
        return [self.lead_unit]

    def viewer_units(self):
        """Confirmed partners and the units invited to be one see it unpublished (an
        invited unit reads the fiche it is asked to join); declined ones do not."""
        return [p.unit for p in self.partnerships.all()
                if p.state in (PartnerState.PENDING, PartnerState.CONFIRMED)]

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def years(self) -> list[int]:
        if self.start_date and self.end_date and self.start_date <= self.end_date:
            return list(range(self.start_date.year, self.end_date.year + 1))
        return []


class BudgetLine(models.Model):
    intention = models.ForeignKey(Intention, on_delete=models.CASCADE, related_name="budget")
    year = models.PositiveSmallIntegerField(_("year"))
    source = models.CharField(_("funding source"), max_length=12, choices=FundingSource.choices)
    amount = models.DecimalField(_("amount (CZK)"), **MONEY)

    class Meta:
        ordering = ["intention", "year", "source"]
        constraints = [models.UniqueConstraint(fields=["intention", "year", "source"],
                                               name="budget_line_unique")]
        indexes = [models.Index(fields=["source", "year"])]

    def __str__(self) -> str:
        return f"{self.year} {self.source}: {self.amount}"


class OutputIndicator(models.Model):
    intention = models.ForeignKey(Intention, on_delete=models.CASCADE, related_name="outputs")
    name = models.CharField(_("output or indicator"), max_length=300)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    baseline = models.DecimalField(_("baseline"), max_digits=20, decimal_places=4, null=True,
                                   blank=True)
    target = models.DecimalField(_("target"), max_digits=20, decimal_places=4, null=True,
                                 blank=True)
    target_year = models.PositiveSmallIntegerField(_("target year"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["intention", "position", "id"]

    def __str__(self) -> str:
        return self.name


class Partner(models.Model):
    intention = models.ForeignKey(Intention, on_delete=models.CASCADE, related_name="partners")
    name = models.CharField(_("partner"), max_length=200)
    sector = models.CharField(_("sector"), max_length=12, choices=Sector.choices)
    role = models.CharField(_("role in the project"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["intention", "position", "id"]

    def __str__(self) -> str:
        return self.name


class PartnerState(models.TextChoices):
    PENDING = "pending", _("invited, waiting for an answer")
    CONFIRMED = "confirmed", _("confirmed")
    DECLINED = "declined", _("declined")


class Partnership(models.Model):
    """A unit asked to share an intention as a partner municipality.

    The leading unit's editors invite; an editor of the invited unit (or its kraj
    coordinator) confirms or declines. Only a confirmed partnership makes the unit a
    partner: the services keep `Intention.partner_units` equal to the confirmed ones, so
    lists, filters, exports and search read partners from there."""

    intention = models.ForeignKey(Intention, on_delete=models.CASCADE,
                                  related_name="partnerships")
    unit = models.ForeignKey("territory.TerritorialUnit", on_delete=models.PROTECT,
                             related_name="partnerships", verbose_name=_("partner municipality"))
    state = models.CharField(_("state"), max_length=12, choices=PartnerState.choices,
                             default=PartnerState.PENDING, db_index=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    invited_at = models.DateTimeField(auto_now_add=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["intention", "invited_at", "id"]
        constraints = [models.UniqueConstraint(fields=["intention", "unit"],
                                               name="partnership_unique")]
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")

    def __str__(self) -> str:
        return f"{self.unit} – {self.intention}"

    # --- permission protocol (accounts.permissions): the invited unit answers ---
    is_public = False

    def permission_units(self):
        return [self.unit]


class Activity(models.Model):
    """A step of the project; the intention's progress is the mean of its activities'."""

    intention = models.ForeignKey(Intention, on_delete=models.CASCADE,
                                  related_name="activities")
    title = models.CharField(_("activity"), max_length=300)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["intention", "position", "id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.title
