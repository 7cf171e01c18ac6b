"""The API's own records: request counts per caller for the rate limits."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RateWindow(models.Model):
    """How many API requests one caller (a token, a signed-in user or a client address) has
    made in the current window; one row per caller, reset when a new window starts. Kept in
    the database so every web process and machine counts together (`api.ratelimit`)."""

    bucket = models.CharField(max_length=80, primary_key=True)
    period = models.BigIntegerField(help_text="number of the window since the epoch")
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("API request count")
        verbose_name_plural = _("API request counts")

    def __str__(self) -> str:
        return f"{self.bucket}: {self.hits} in window {self.period}"
