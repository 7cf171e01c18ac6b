"""What mining stores: one extraction per distinct file (by SHA-256) and its passages.

The same bytes uploaded twice (to one strategy or to two) are processed once: document
versions find their extraction by hash.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import files

# Raise when a change to the pipeline or the model should reprocess stored documents
# (`manage.py reprocess --outdated`).
PIPELINE_VERSION = 1


class Extraction(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        PROCESSING = "processing", _("processing")
        DONE = "done", _("done")
        PARTIAL = "partial", _("done with warnings")
        FAILED = "failed", _("failed")

    sha256 = models.CharField(max_length=64, unique=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED,
                              db_index=True)
    stage = models.CharField(max_length=20, blank=True)
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    reason_code = models.CharField(max_length=30, blank=True)
    reason_cs = models.TextField(blank=True)
    reason_en = models.TextField(blank=True)
    kind = models.CharField(max_length=10, blank=True)
    language = models.CharField(max_length=5, blank=True)
    page_count = models.PositiveIntegerField(default=0)
    passage_count = models.PositiveIntegerField(default=0)
    warnings = models.JSONField(default=list, blank=True)
    profile = models.JSONField(default=dict, blank=True)
    facts = models.JSONField(default=dict, blank=True)
    proposed_tree = models.JSONField(default=list, blank=True)
    pipeline_version = models.PositiveIntegerField(default=0)
    model_version = models.CharField(max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # Runs cut short because the worker stopped (killed, out of memory, machine gone) since
    # the file was last queued; the document says it is being processed again.
    interruptions = models.PositiveSmallIntegerField(default=0)
    interrupted_at = models.DateTimeField(null=True, blank=True)
    queued_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("extraction")
        verbose_name_plural = _("extractions")

    def __str__(self) -> str:
        return f"{self.sha256[:12]} {self.status}"

    @property
    def retrying(self) -> bool:
        """Queued or processing again after a worker stopped half-way."""
        return self.interruptions > 0 and self.status in (self.Status.QUEUED,
                                                          self.Status.PROCESSING)

    @property
    def attempt(self) -> int:
        """Which run since the file was last queued this is (1 unless interrupted)."""
        return self.interruptions + 1

    @property
    def reason(self) -> str:
        return self.reason_en if (get_language() or "cs").startswith("en") else self.reason_cs

    def warning_texts(self) -> list[str]:
        english = (get_language() or "cs").startswith("en")
        return [w.get("message_en" if english else "message_cs", "") for w in self.warnings]

    # --- permission protocol (accounts.permissions, the rule in mining.rules) ---
    def permission_records(self) -> list:
        """The records holding this file (`mining.files`): they decide who may follow its
        processing and correct its passages."""
        return files.records(self.sha256)


class Passage(models.Model):
    extraction = models.ForeignKey(Extraction, on_delete=models.CASCADE,
                                   related_name="passages")
    index = models.PositiveIntegerField()
    page = models.PositiveIntegerField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()
    language = models.CharField(max_length=5)
    terms = models.TextField(help_text="index terms (lemma keys), space-separated")
    areas = models.JSONField(default=list)  # [{"code", "score", "terms"}], best first
    main_area = models.CharField(max_length=10, db_index=True)
    # An editor's correction: the areas this passage really belongs to. It overrides the
    # machine's classification and becomes training data for the next model.
    confirmed_areas = models.JSONField(null=True, blank=True)
    corrected_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    corrected_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["extraction", "index"]
        constraints = [models.UniqueConstraint(fields=["extraction", "index"],
                                               name="passage_index_unique")]
        verbose_name = _("passage")
        verbose_name_plural = _("passages")

    def __str__(self) -> str:
        return f"{self.extraction_id}/{self.index} (p. {self.page})"

    @property
    def effective_areas(self) -> list[str]:
        if self.confirmed_areas is not None:
            return list(self.confirmed_areas)
        return [a["code"] for a in self.areas if a["code"] != "NONE"][:2]
