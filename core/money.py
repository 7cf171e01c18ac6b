"""Money in CZK: exact Decimal amounts, Czech formatting ("1 250 000 Kč") and parsing.

Amounts never pass through float. Formatting groups thousands with a non-breaking space and
keeps "Kč" on the same line, as Czech typography requires.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

NBSP = "\u00a0"
CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("999999999999.99")  # fits DecimalField(max_digits=14, decimal_places=2)


class MoneyError(ValueError):
    pass


def to_decimal(value) -> Decimal:
    """A Decimal from a Decimal, int or str; floats are refused (they are not exact)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool | float):
        raise MoneyError("money must not be a float")
    if isinstance(value, int):
        return Decimal(value)
    return parse_czk(str(value))


def parse_czk(text: str) -> Decimal:
    """Read an amount as people type it: "1 250 000", "1 250 000,50 Kč", "1250000.5".

    Spaces (also non-breaking) group thousands; a comma or a dot separates hellers. Raises
    MoneyError for anything else, for more than two decimals and for negative amounts.
    """
    cleaned = (text or "").strip()
    for suffix in ("Kč", "kč", "CZK", "czk", ",-", ",–"):
        if cleaned.endswith(suffix):
            cleaned = cleaned[: -len(suffix)].strip()
    cleaned = cleaned.replace(NBSP, "").replace("\u202f", "").replace(" ", "")
    if not cleaned:
        raise MoneyError("empty amount")
    if cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    elif "," in cleaned:
        raise MoneyError("use spaces to group thousands and a comma for hellers")
    if not all(ch.isdigit() or ch in ".-" for ch in cleaned):
        raise MoneyError("not a number")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        raise MoneyError("not a number") from None
    if not amount.is_finite():
        raise MoneyError("not a number")
    if amount < 0:
        raise MoneyError("negative amount")
    if amount != amount.quantize(CENT):
        raise MoneyError("more than two decimal places")
    if amount > MAX_AMOUNT:
        raise MoneyError("amount too large")
    return amount.quantize(CENT)


def group_thousands(number: str, separator: str = NBSP) -> str:
    head, _, tail = number.partition(".")
    sign = "-" if head.startswith("-") else ""
    head = head.lstrip("-")
    groups = []
    while len(head) > 3:
        groups.insert(0, head[-3:])
        head = head[:-3]
    groups.insert(0, head)
    return sign + separator.join(groups) + (f",{tail}" if tail else "")


def format_czk(amount, *, currency: bool = True, separator: str = NBSP) -> str:
    """1250000 → "1 250 000 Kč" (non-breaking spaces); hellers only when there are any."""
    if amount is None or amount == "":
        return ""
    value = to_decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)
    text = f"{value:f}"
    if text.endswith(".00"):
        text = text[:-3]
    result = group_thousands(text, separator)
    return f"{result}{separator}Kč" if currency else result
