"""allauth adapter: a locked-out login says what happened and until when."""

from __future__ import annotations

import datetime as dt
import math
import time
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.core.cache import cache
from django.utils import formats, timezone
from django.utils.translation import ngettext

LOGIN_FAILED = "login_failed"
APP = "allauth.account"


def login_blocked_until(request, key: str) -> float | None:
    """When the failed-login rate limits (ACCOUNT_RATE_LIMITS["login_failed"], per IP
    address and per account) let this request try again, as a Unix time; None if they do
    not hold it back."""
    from allauth.core.internal.ratelimit import get_cache_key, get_rates

    now = time.time()
    until = None
    for rate in get_rates(app=APP, action=LOGIN_FAILED):
        if rate.per not in ("ip", "key"):
            continue
        cache_key = get_cache_key(request, app=APP, action=LOGIN_FAILED, rate=rate, key=key)
        recent = sorted((hit for hit in cache.get(cache_key, []) if hit > now - rate.duration),
                        reverse=True)
        if len(recent) >= rate.amount:
            # Free again when the oldest of the newest `amount` failures leaves the window.
            free_at = recent[rate.amount - 1] + rate.duration
            until = free_at if until is None else max(until, free_at)
    return until


def lockout_message(until: float) -> str:
    now = time.time()
    minutes = max(1, math.ceil((until - now) / 60))
    moment = timezone.localtime(dt.datetime.fromtimestamp(until, tz=dt.UTC))
    return ngettext(
        "Too many failed sign-in attempts for this account. To protect it, signing in is "
        "paused until %(time)s (in %(minutes)d minute): until then even the correct password "
        "is refused. Try again then, or reset your password with the link below.",
        "Too many failed sign-in attempts for this account. To protect it, signing in is "
        "paused until %(time)s (in %(minutes)d minutes): until then even the correct "
        "password is refused. Try again then, or reset your password with the link below.",
        minutes,
    ) % {"time": formats.time_format(moment, "TIME_FORMAT"), "minutes": minutes}


class AccountAdapter(DefaultAccountAdapter):
    def pre_authenticate(self, request, **credentials: Any) -> None:
        try:
            super().pre_authenticate(request, **credentials)
        except forms.ValidationError as refused:
            key = self._get_login_attempts_cache_key(request, **credentials)
            until = login_blocked_until(request, key)
            if until is None:
                raise
            raise forms.ValidationError(lockout_message(until),
                                        code="too_many_login_attempts") from refused
