"""Checks every app applies to what users type or send: record ids, links, where to go
back to after a form. One rule each, used by services, forms, API and templates alike."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

# Record ids are 64-bit (BigAutoField); anything larger cannot name a record, and SQLite
# refuses to even compare with it.
MAX_ID = 2**63 - 1

# Links are stored in URLFields of 200 characters.
LINK_MAX_LENGTH = 200

_HTTP = re.compile(r"https?://", re.IGNORECASE)
_url_syntax = URLValidator(schemes=["http", "https"])


def parse_id(value: Any) -> int | None:
    """A record id from a query or form parameter, or None when it cannot be one.

    Only plain ASCII digits count ("²" and "١" are digits to Python, not ids here), and
    only numbers a record can have."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 19:
        number = int(value)
    else:
        return None
    return number if 1 <= number <= MAX_ID else None


def is_safe_link(value: Any) -> bool:
    """Whether a stored link may become a clickable `href`: it starts with http:// or
    https://, with nothing a browser would skip in front of it. Used on output too, so a
    bad link stored before this check never becomes a link."""
    return isinstance(value, str) and bool(_HTTP.match(value))


def validate_link(value: Any, *, max_length: int = LINK_MAX_LENGTH) -> str:
    """The link stripped of surrounding spaces ("" stays ""), or a ValidationError: only
    http(s) links are stored, never javascript:, data: or anything else a browser would
    run or open."""
    text = value.strip() if isinstance(value, str) else "" if value is None else None
    if text == "":
        return ""
    if text is not None and len(text) > max_length:
        raise ValidationError(_("The link is longer than %(limit)s characters.")
                              % {"limit": max_length}, code="invalid_link")
    try:
        if text is None or not _HTTP.match(text):
            raise ValidationError("scheme")
        _url_syntax(text)
    except ValidationError:
        raise ValidationError(_("Enter a link starting with https:// or http://."),
                              code="invalid_link") from None
    return text


def safe_next(request, value: Any, default: str = "/") -> str:
    """Where to go back to after a form: `value` when it stays on this site, else
    `default`. Every `next` parameter goes through here (no open redirects)."""
    if isinstance(value, str) and value and url_has_allowed_host_and_scheme(
            value, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return value
    return default
