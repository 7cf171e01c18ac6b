"""`{{ value|exact_number }}`: an exact decimal the way people write it – "22,5", not
"22,5000" – grouped by the active locale ("1 234,5"); empty for None.

`floatformat:"-4"` pads a fraction to four places (22.5 → "22,5000") and turns a
placeholder such as "–" into an empty string, so indicator values use this instead.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def exact_number(value):
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        return ""
    if not number.is_finite():
        return ""
    number = number.normalize()
    if number.as_tuple().exponent > 0:  # 1E+1 → 10
        number = number.quantize(Decimal(1))
    return number_format(number, use_l10n=True, force_grouping=True)
