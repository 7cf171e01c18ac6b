"""`{{ amount|czk }}` → "1 250 000 Kč" with non-breaking spaces."""

from __future__ import annotations

from django import template

from core.money import MoneyError, format_czk

register = template.Library()


@register.filter
def czk(value):
    try:
        return format_czk(value)
    except (MoneyError, TypeError, ValueError):
        return ""



@register.filter
def czk_abs(value):
    """The amount without its sign ("exceeds by 500 000 Kč")."""
    try:
        return format_czk(abs(value))
    except (MoneyError, TypeError, ValueError):
        return ""
