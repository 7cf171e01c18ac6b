"""Numbers for people, one way everywhere.

`{{ value|exact_number }}`: an exact decimal the way people write it – "22,5", not
"22,5000" – grouped by the active locale ("1 234,5"); empty for None.

`{{ value|amount_in:currency }}`: a sum of money found in a document – "85 000 000 Kč",
"1 200 000 EUR" – never the raw "85000000 CZK".

`floatformat:"-4"` pads a fraction to four places (22.5 → "22,5000") and turns a
placeholder such as "–" into an empty string, so indicator values use this instead.
"""

from __future__ import annotations

from django import template

from core.money import MoneyError, format_czk, format_number

register = template.Library()


@register.filter
def exact_number(value):
    return format_number(value)


@register.filter
def amount_in(value, currency: str = "CZK") -> str:
    if (currency or "CZK").upper() in ("CZK", "KČ", "KC"):
        try:
            return format_czk(value)
        except (MoneyError, TypeError, ValueError):
            return ""
    number = exact_number(value)
    return f"{number}\u00a0{currency}" if number else ""
