"""Text input is normalised once (core.text.clean_text) and exports stay robust even for
text that was stored before (issue 10, items 11 and 13)."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from core.exports import csv_safe, render_sheets
from core.text import clean_text, text_field


@pytest.mark.parametrize("raw, single, multi", [
    ("Chytrá\x1b města\x0b\x00", "Chytrá města", "Chytrá města"),
    ("  řádek 1\r\nřádek 2\rřádek 3\n", "řádek 1 řádek 2 řádek 3",
     "řádek 1\nřádek 2\nřádek 3"),
    ("a\tb", "a b", "a\tb"),
    ("Cafe\u0301 \ud800x\x7f\x85\ufffe", "Café x", "Café x"),
    (None, "", ""),
    ("\x00\x01\x02", "", ""),
])
def test_clean_text(raw, single, multi):
    assert clean_text(raw) == single
    assert clean_text(raw, multiline=True) == multi


def test_text_field_reports_length_and_required():
    errors: dict[str, list[str]] = {}
    assert text_field(errors, "title", " x\x00 ", 300) == "x"
    assert not errors
    text_field(errors, "title", "\x1b", 300, required=True)
    text_field(errors, "summary", "a" * 20_001, 20_000, multiline=True)
    assert set(errors) == {"title", "summary"}
    assert "20000" in errors["summary"][0] and "20001" in errors["summary"][0]


@pytest.mark.parametrize("value", [
    "=1+1", "+1", "-1", "@SUM(A1)", " =1+1", "\n=HYPERLINK(\"x\")", "\t=1", "\r+1",
    "  \n -cmd", "\u3000=1", "＝1+1",
])
def test_csv_safe_guards_formulas_after_leading_whitespace(value):
    assert csv_safe(value).startswith("'")


@pytest.mark.parametrize("value", ["Praha", " Praha", "1 250 000", "e-mail", "", 5, None])
def test_csv_safe_leaves_plain_text(value):
    assert csv_safe(value) == value


def test_exports_strip_characters_a_spreadsheet_cannot_hold():
    rows = [["title", "note"], ["Chytrá\x1b města\x0b\x00", "řádek 1\nřádek 2\ttab"],
            [" =1+1", "\ud800ok"]]
    xlsx = render_sheets([("data", rows)], "xlsx", "x")
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[1] == ["Chytrá města", "řádek 1\nřádek 2\ttab"]
    assert values[2] == ["' =1+1", "ok"]
    text = render_sheets([("data", rows)], "csv", "x").content.decode("utf-8-sig")
    parsed = list(csv.reader(io.StringIO(text)))
    assert parsed[1] == ["Chytrá města", "řádek 1\nřádek 2\ttab"]
    assert parsed[2] == ["' =1+1", "ok"]
