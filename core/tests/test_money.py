from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template

from core.money import MoneyError, format_czk, parse_czk


def test_format_czk_groups_with_non_breaking_spaces():
    assert format_czk(Decimal("1250000")) == "1\u00a0250\u00a0000\u00a0Kč"
    assert format_czk(Decimal("1250000.50")) == "1\u00a0250\u00a0000,50\u00a0Kč"
    assert format_czk(Decimal("999")) == "999\u00a0Kč"
    assert format_czk(0) == "0\u00a0Kč"
    assert format_czk(None) == ""


def test_format_refuses_floats():
    with pytest.raises(MoneyError):
        format_czk(0.1)


@pytest.mark.parametrize("text, expected", [
    ("1 250 000", "1250000.00"), ("1\u00a0250\u00a0000 Kč", "1250000.00"),
    ("1250000,5", "1250000.50"), ("1250000.25", "1250000.25"), ("12 500,- ", "12500.00"),
])
def test_parse_czk(text, expected):
    assert parse_czk(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["", "abc", "-5", "1,234,567", "1.005", "12 mil", "1e9"])
def test_parse_czk_refuses_bad_input(text):
    with pytest.raises(MoneyError):
        parse_czk(text)


def test_czk_template_filter():
    html = Template("{% load money %}{{ amount|czk }}").render(
        Context({"amount": Decimal("1250000")}))
    assert html == "1\u00a0250\u00a0000\u00a0Kč"
