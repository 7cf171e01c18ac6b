"""`{{ value|link_href }}`: the stored link when it may be an `href` (http or https),
else "" so the template shows it as text. Links stored before the check existed never
become clickable `javascript:`."""

from __future__ import annotations

from django import template

from core.validators import is_safe_link

register = template.Library()


@register.filter
def link_href(value) -> str:
    return value if is_safe_link(value) else ""
