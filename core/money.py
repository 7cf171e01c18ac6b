"""Money in CZK: exact Decimal amounts, Czech formatting ("1 250 000 Kč") and parsing, and
the bounds of every number the services store (amounts, indicator values, percentages,
population limits) with the validating parsers they use.

Amounts never pass through float. Formatting groups thousands with a non-breaking space and
keeps "Kč" on the same line, as Czech typography requires.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from typing import Any

from django.utils.translation import gettext as _

NBSP = "\u00a0"
CENT = Decimal("0.01")

# The bounds of every number a service stores, in one place. Services validate against them
# before anything is written, so nothing is saved that a page, export or API cannot render.
MAX_AMOUNT = Decimal("999999999999.99")  # CZK; fits DecimalField(max_digits=14, places=2)
MAX_QUANTITY = Decimal("9999999999999999.9999")  # indicator values: DecimalField(20, 4)
QUANTITY_PLACES = 4
MAX_PERCENT = Decimal(100)  # co-financing rate: DecimalField(5, 2)
MAX_POPULATION = 99_999_999  # population limits of calls (the Czech Republic has ~11 mil.)


class MoneyError(ValueError):
    """A number out of bounds or not a number; the message is shown to the user."""


def to_decimal(value) -> Decimal:
    """A Decimal from a Decimal, int or str, for display; floats are refused (they are not
    exact). Use `clean_amount` for anything that is going to be stored."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool | float):
        raise MoneyError("money must not be a float")
    if isinstance(value, int):
        return Decimal(value)
    return parse_czk(str(value))


def _number(value: Any) -> Decimal:
    """Decimal or int as a Decimal; anything else (floats included) is not a number here."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise MoneyError(_("Enter a number."))
    try:
        number = Decimal(value)
    except (InvalidOperation, ValueError):
        raise MoneyError(_("Enter a number.")) from None
    if not number.is_finite():
        raise MoneyError(_("Enter a number (not NaN or infinity)."))
    return number


def _fmt(number: Decimal) -> str:
    text = f"{number:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return group_thousands(text)


def clean_decimal(value: Any, *, minimum: Decimal | None, maximum: Decimal,
                  places: int) -> Decimal:
    """A Decimal (or int) within [minimum, maximum] with at most `places` decimals;
    MoneyError with a message naming the bound otherwise (also for NaN, infinity and
    floats)."""
    number = _number(value)
    if minimum is not None and number < minimum:
        if minimum == 0:
            raise MoneyError(_("Enter a number that is not negative."))
        raise MoneyError(_("Enter a number of at least %(min)s.")
                         % {"min": _fmt(minimum)})
    if number > maximum:
        raise MoneyError(_("Enter a number of at most %(max)s.")
                         % {"max": _fmt(maximum)})
    step = Decimal(1).scaleb(-places)
    if number != number.quantize(step):
        raise MoneyError(_("Enter at most %(places)s decimal places.") % {"places": places}
                         if places else _("Enter a whole number."))
    return number.quantize(step)


def clean_amount(value: Any, *, maximum: Decimal = MAX_AMOUNT) -> Decimal:
    """A CZK amount to be stored, from a Decimal, an int or text typed the Czech way:
    not negative, at most two decimal places, at most `maximum` (MAX_AMOUNT)."""
    if isinstance(value, str):
        return parse_czk(value, maximum=maximum)
    number = _number(value)
    if number < 0:
        raise MoneyError(_("Enter an amount that is not negative."))
    if number > maximum:
        raise MoneyError(_("Enter an amount of at most %(max)s.")
                         % {"max": format_czk(maximum)})
    if number != number.quantize(CENT):
        raise MoneyError(_("Enter at most two decimal places (hellers)."))
    return number.quantize(CENT)


def clean_quantity(value: Any) -> Decimal:
    """An indicator value (baseline, target, measured value): may be negative."""
    return clean_decimal(value, minimum=-MAX_QUANTITY, maximum=MAX_QUANTITY,
                         places=QUANTITY_PLACES)


def clean_percent(value: Any) -> Decimal:
    """A percentage from 0 to 100 with at most two decimal places."""
    return clean_decimal(value, minimum=Decimal(0), maximum=MAX_PERCENT, places=2)


def clean_whole_number(value: Any, *, minimum: int = 0, maximum: int) -> int:
    """An int within [minimum, maximum] (a Decimal without decimals is accepted)."""
    number = clean_decimal(value, minimum=Decimal(minimum), maximum=Decimal(maximum),
                           places=0)
    return int(number)


def parse_czk(text: str, *, maximum: Decimal = MAX_AMOUNT) -> Decimal:
    """Read an amount as people type it: "1 250 000", "1 250 000,50 Kč", "1250000.5".

    Spaces (also non-breaking) group thousands; a comma or a dot separates hellers. Raises
    MoneyError for anything else, for more than two decimals, for negative amounts and for
    amounts above `maximum`.
    """
    not_an_amount = MoneyError(_("Enter an amount in CZK, e.g. 1 250 000 or 1 250 000,50."))
    cleaned = (text or "").strip()
    for suffix in ("Kč", "kč", "CZK", "czk", ",-", ",–"):
        if cleaned.endswith(suffix):
            cleaned = cleaned[: -len(suffix)].strip()
    cleaned = cleaned.replace(NBSP, "").replace("\u202f", "").replace(" ", "")
    if not cleaned:
        raise not_an_amount
    if cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    elif "," in cleaned:
        raise not_an_amount
    if not all(ch.isdigit() or ch in ".-" for ch in cleaned):
        raise not_an_amount
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        raise not_an_amount from None
    if not amount.is_finite():
        raise not_an_amount
    return clean_amount(amount, maximum=maximum)


def group_thousands(number: str, separator: str = NBSP) -> str:
    head, _, tail = number.partition(".")
    sign = "-" if head.startswith("-") else ""
    head = head.lstrip("-")
    groups: list[str] = []
    while len(head) > 3:
        groups.insert(0, head[-3:])
        head = head[:-3]
    groups.insert(0, head)
    return sign + separator.join(groups) + (f",{tail}" if tail else "")


def format_number(value: Any) -> str:
    """An exact decimal the way people write it – "22,5", not "22,5000" – grouped by the
    active locale ("1 234,5"); "" for None or what is not a number. The `exact_number`
    template filter and the change history write numbers with it."""
    from django.utils.formats import number_format

    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        return ""
    if not number.is_finite():
        return ""
    number = number.normalize()
    exponent = number.as_tuple().exponent  # an int: the number is finite
    if isinstance(exponent, int) and exponent > 0:  # 1E+1 → 10
        number = number.quantize(Decimal(1))
    return number_format(number, use_l10n=True, force_grouping=True)


def format_czk(amount, *, currency: bool = True, separator: str = NBSP) -> str:
    """1250000 → "1 250 000 Kč" (non-breaking spaces); hellers only when there are any."""
    if amount is None or amount == "":
        return ""
    value = to_decimal(amount)
    if not value.is_finite():
        raise MoneyError("not a number")
    with localcontext() as context:  # a huge amount formats rather than raises
        context.prec = max(context.prec, len(value.as_tuple().digits) + 4)
        value = value.quantize(CENT, rounding=ROUND_HALF_UP)
    text = f"{value:f}"
    if text.endswith(".00"):
        text = text[:-3]
    result = group_thousands(text, separator)
    return f"{result}{separator}Kč" if currency else result
