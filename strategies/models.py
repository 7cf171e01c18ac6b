"""The strategy registry: strategies of every level, their structure tree, indicators and
documents with versions."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import LiveManager
from core.text import czech_sort_bytes, fold
from core.workflow import ReviewState


class Level(models.TextChoices):
    INTERNATIONAL = "international", _("international")
    NATIONAL = "national", _("national")
    REGIONAL = "regional", _("regional (kraj)")
    SUBREGIONAL = "subregional", _("ORP / MAS / microregion")
    MUNICIPAL = "municipal", _("municipal")


class StrategyType(models.TextChoices):
    STRATEGIC_PLAN = "strategic_plan", _("strategic plan")
    DEVELOPMENT_PROGRAMME = "development_programme", _("development programme")
    SMART_CITY = "smart_city", _("smart city strategy")
    ACTION_PLAN = "action_plan", _("action plan")
    SUMP = "sump", _("sustainable urban mobility plan (SUMP)")
    ENERGY_CONCEPT = "energy_concept", _("energy concept")
    DIGITALISATION = "digitalisation", _("digitalisation strategy")
    OTHER = "other", _("other")


class Status(models.TextChoices):
    PREPARATION = "preparation", _("in preparation")
    VALID = "valid", _("approved / valid")
    EXPIRED = "expired", _("expired")
    REPLACED = "replaced", _("replaced")


class Strategy(models.Model):
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    strategy_type = models.CharField(_("type"), max_length=30, choices=StrategyType.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.PREPARATION)
    valid_from = models.PositiveSmallIntegerField(_("valid from (year)"), null=True, blank=True)
    valid_to = models.PositiveSmallIntegerField(_("valid to (year)"), null=True, blank=True)
    approved_on = models.DateField(_("approval date"), null=True, blank=True)
    approved_by = models.CharField(_("approved by"), max_length=200, blank=True)
    web_url = models.URLField(_("web link"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    owners = models.ManyToManyField("territory.TerritorialUnit", related_name="strategies",
                                    verbose_name=_("owner units"))
    areas = models.ManyToManyField("concept.KeyArea", blank=True, related_name="strategies",
                                   verbose_name=_("concept key areas"))
    parents = models.ManyToManyField("self", symmetrical=False, blank=True,
                                     related_name="implemented_by",
                                     verbose_name=_("implements (parent strategies)"))
    # Where the record is in the review workflow (separate from the strategy's own status).
    state = models.CharField(_("workflow state"), max_length=20, choices=ReviewState.choices,
                             default=ReviewState.DRAFT, db_index=True)
    review_comment = models.TextField(_("reviewer's comment"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # Denormalised for fast facets and full text: folded title + summary, owners' kraje.
    search_text = models.TextField(editable=False, blank=True)
    sort_key = models.BinaryField(editable=False, db_index=True, default=b"")
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
            models.Index(fields=["state", "level"]),
            models.Index(fields=["state", "strategy_type"]),
            models.Index(fields=["valid_from", "valid_to"]),
        ]
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.title} {self.summary}")
        self.sort_key = czech_sort_bytes(self.title)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("strategies:detail", kwargs={"pk": self.pk})

    # --- permission protocol (accounts.permissions, the rule in strategies.rules) ---
    # The detail page shows the change log to those who may see the unpublished state.
    history_visible_to = "view_unpublished"

    @property
    def is_public(self) -> bool:
        return self.state == ReviewState.PUBLISHED and self.deleted_at is None

    def permission_units(self):
        return self.owners.all()


class NodeKind(models.TextChoices):
    VISION = "vision", _("vision")
    PRIORITY = "priority", _("priority")
    GOAL = "goal", _("goal")
    MEASURE = "measure", _("measure")
    ACTIVITY = "activity", _("activity")


NODE_DEPTH = {kind: depth for depth, kind in enumerate(NodeKind.values)}


class StructureNode(models.Model):
    """One element of a strategy's tree: vision → priority → goal → measure → activity."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="nodes")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="children")
    kind = models.CharField(_("kind"), max_length=12, choices=NodeKind.choices)
    code = models.CharField(_("code"), max_length=30, blank=True)
    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    responsible = models.CharField(_("responsible body"), max_length=200, blank=True)
    areas = models.ManyToManyField("concept.KeyArea", blank=True, related_name="nodes",
                                   verbose_name=_("concept key areas"))
    position = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["strategy", "position", "id"]
        indexes = [models.Index(fields=["strategy", "parent", "position"])]
        verbose_name = _("structure node")
        verbose_name_plural = _("structure nodes")

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()

    def get_absolute_url(self) -> str:
        return f"{self.strategy.get_absolute_url()}#node-{self.pk}"


class Indicator(models.Model):
    node = models.ForeignKey(StructureNode, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("name"), max_length=300)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    baseline_value = models.DecimalField(_("baseline value"), max_digits=20, decimal_places=4,
                                         null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    target_value = models.DecimalField(_("target value"), max_digits=20, decimal_places=4,
                                       null=True, blank=True)
    target_year = models.PositiveSmallIntegerField(_("target year"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["node", "id"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return self.node.get_absolute_url()


class IndicatorValue(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4)

    class Meta:
        ordering = ["indicator", "year"]
        constraints = [models.UniqueConstraint(fields=["indicator", "year"],
                                               name="indicator_value_year_unique")]

    def __str__(self) -> str:
        return f"{self.year}: {self.value}"


def progress(baseline: Decimal | None, target: Decimal | None,
             latest: Decimal | None) -> float | None:
    """Share of the way from baseline to target (0–1, clipped); None when unknown."""
    if baseline is None or target is None or latest is None or target == baseline:
        return None
    share = float((latest - baseline) / (target - baseline))
    return max(0.0, min(1.0, share))


class DocumentPart(models.TextChoices):
    ANALYTICAL = "analytical", _("analytical part")
    PROPOSAL = "proposal", _("proposal part")
    IMPLEMENTATION = "implementation", _("implementation part")
    ACTION_PLAN = "action_plan", _("action plan")
    ANNEX = "annex", _("annex")
    FULL = "full", _("full text")


class StrategyDocument(models.Model):
    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="documents")
    part = models.CharField(_("part"), max_length=20, choices=DocumentPart.choices)
    title = models.CharField(_("title"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["strategy", "part", "id"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("strategies:document", kwargs={"pk": self.pk})

    @property
    def current(self) -> DocumentVersion | None:
        versions = list(self.versions.all())
        return versions[0] if versions else None


def upload_path(instance: DocumentVersion, filename: str) -> str:
    # Addressed by content hash so the same bytes are stored once.
    return f"documents/{instance.sha256[:2]}/{instance.sha256}"


class DocumentVersion(models.Model):
    document = models.ForeignKey(StrategyDocument, on_delete=models.CASCADE,
                                 related_name="versions")
    number = models.PositiveIntegerField()
    file = models.FileField(upload_to=upload_path, max_length=200)
    original_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    file_type = models.CharField(max_length=10)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["document", "-number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"],
                                               name="document_version_unique")]

    def __str__(self) -> str:
        return f"{self.document.title} v{self.number}"


class StructureMerge(models.Model):
    """A proposed structure merged into a strategy's tree, kept so that it can be undone:
    the elements the merge added and, as plain data, those the editor chose to remove
    (with their sub-elements, indicators, measured values, areas and the records linking
    to them)."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="merges")
    extraction_id = models.PositiveIntegerField(null=True, blank=True)
    added = models.JSONField(default=list, blank=True)  # ids of the elements added
    removed = models.JSONField(default=list, blank=True)  # subtrees removed, as data
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.strategy_id}: +{len(self.added)} −{len(self.removed)}"


class LiveRevisions(models.Manager["Revision"]):
    def get_queryset(self) -> models.QuerySet[Revision]:
        return super().get_queryset().filter(strategy__deleted_at__isnull=True)


class Revision(models.Model):
    """Substantive changes of a published strategy (validity, owners, level, type, status,
    approval) waiting for review. The strategy itself keeps its published values until a
    reviewer publishes the revision, so public pages, the API and search show the
    published version."""

    class State(models.TextChoices):
        DRAFT = "draft", _("being prepared")  # only inside the save that submits it
        PENDING = "pending", _("waiting for review")
        PUBLISHED = "published", _("published")
        RETURNED = "returned", _("returned for changes")
        WITHDRAWN = "withdrawn", _("withdrawn")

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="revisions")
    state = models.CharField(_("state of the review"), max_length=12, choices=State.choices,
                             default=State.PENDING,
                             db_index=True)
    # {field: the value asked for}, as the strategy's history records values (owners as
    # unit codes, dates ISO); the strategy's own row keeps the published values.
    changes = models.JSONField(default=dict)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    # Revisions of deleted strategies wait for nobody (the work queue lists this manager).
    objects = LiveRevisions()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("change of a published strategy")
        verbose_name_plural = _("changes of published strategies")

    def __str__(self) -> str:
        from django.utils.translation import gettext

        return gettext("Changes to “%(title)s”") % {"title": self.strategy.title}

    def get_absolute_url(self) -> str:
        return self.strategy.get_absolute_url() + "#revision"

    # --- permission protocol: the units of its strategy (the rule is PartOf("strategy")) ---
    def permission_units(self):
        return self.strategy.owners.all()
