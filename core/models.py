"""Cross-cutting records: the change history of every domain record."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LiveManager(models.Manager):
    """Rows not soft-deleted (`deleted_at` empty); the default manager of records that an
    administrator can restore, so deleted ones are hidden everywhere by default."""

    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


class HistoryEntry(models.Model):
    """One write to a domain record: who, when, what, and the old → new values."""

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("updated")
        DELETE = "delete", _("deleted")
        RESTORE = "restore", _("restored")
        SUBMIT = "submit", _("submitted")
        PUBLISH = "publish", _("published")
        RETURN = "return", _("returned")
        WITHDRAW = "withdraw", _("withdrawn")
        GRANT = "grant", _("granted")
        REVOKE = "revoke", _("revoked")

    # The record is addressed by its model label and primary key rather than by a generic
    # foreign key, so history outlives the record (a hard delete keeps its trail).
    model_label = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=300)
    action = models.CharField(max_length=20, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    changes = models.JSONField(default=dict, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["model_label", "object_id", "-at"])]
        verbose_name = _("history entry")
        verbose_name_plural = _("history")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"


class TaskLease(models.Model):
    """A worker's claim on the background task it is running, renewed by its heartbeat.

    A task whose lease has run out belongs to a worker that died (killed, out of memory, its
    machine gone): any live worker puts it back in the queue (`core.leases`).
    """

    task = models.OneToOneField("django_tasks_database.DBTaskResult", on_delete=models.CASCADE,
                                primary_key=True, related_name="lease")
    worker_id = models.CharField(max_length=64)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("task lease")
        verbose_name_plural = _("task leases")

    def __str__(self) -> str:
        return f"{self.task_id} → {self.worker_id} until {self.expires_at:%H:%M:%S}"
