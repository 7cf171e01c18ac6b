"""One way to write numbers and money for people: exact decimals without padding
("8,5", not "8,5000"), grouped thousands, and found sums of money as "85 000 000 Kč"."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

NBSP = "\u00a0"


def render(source: str, language: str, **context) -> str:
    with translation.override(language):
        return Template("{% load numbers %}" + source).render(Context(context))


@pytest.mark.parametrize(("value", "czech", "english"), [
    (Decimal("8.5000"), "8,5", "8.5"),
    (Decimal("1234.50"), f"1{NBSP}234,5", "1,234.5"),
    (Decimal("1E+1"), "10", "10"),
    (None, "", ""),
])
def test_exact_numbers(value, czech, english):
    assert render("{{ v|exact_number }}", "cs", v=value).replace(" ", NBSP) == czech
    assert render("{{ v|exact_number }}", "en", v=value) == english


def test_sums_found_in_documents_read_as_money():
    assert render("{{ v|amount_in:'CZK' }}", "cs", v=85000000) == f"85{NBSP}000{NBSP}000{NBSP}Kč"
    assert render("{{ v|amount_in:'EUR' }}", "cs", v=Decimal("1200000")).replace(" ", NBSP) \
        == f"1{NBSP}200{NBSP}000{NBSP}EUR"
    assert render("{{ v|amount_in:'CZK' }}", "cs", v="not a number") == ""
