"""Exports stream: CSV in UTF-8 with BOM (semicolons and decimal commas on request), XLSX
with typed cells, written row by row."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from openpyxl import load_workbook

from core.exports import Column, Download, stream_export

COLUMNS = [Column("name", "název", lambda r: r["name"]),
           Column("amount", "částka", lambda r: r["amount"]),
           Column("count", "počet", lambda r: r["count"]),
           Column("day", "den", lambda r: r["day"]),
           Column("at", "čas", lambda r: r["at"]),
           Column("tags", "štítky", lambda r: r["tags"])]
ROWS = [{"name": "Písek", "amount": Decimal("1250000.50"), "count": 7,
         "day": dt.date(2026, 3, 1), "at": dt.datetime(2026, 3, 1, 8, 30),
         "tags": ["a", "b"]},
        {"name": "=HYPERLINK(\"x\")", "amount": None, "count": 0, "day": None, "at": None,
         "tags": []}]


def test_csv_has_bom_and_the_semicolon_option_writes_decimal_commas():
    comma = stream_export(iter(ROWS), COLUMNS, "csv", "data")
    assert isinstance(comma, Download) and comma.streaming
    body = comma.content
    assert body.startswith("\ufeff".encode())
    lines = body.decode("utf-8-sig").splitlines()
    assert lines[0] == "název,částka,počet,den,čas,štítky"
    assert lines[1] == "Písek,1250000.50,7,2026-03-01,2026-03-01 08:30:00,a; b"
    assert lines[2] == '"\'=HYPERLINK(""x"")",,0,,,'

    semicolon = stream_export(iter(ROWS), COLUMNS, "csv", "data", delimiter=";")
    lines = semicolon.content.decode("utf-8-sig").splitlines()
    assert lines[1] == 'Písek;1250000,50;7;2026-03-01;2026-03-01 08:30:00;"a; b"'


def test_xlsx_cells_are_typed():
    response = stream_export(iter(ROWS), COLUMNS, "xlsx", "data")
    assert response.streaming
    sheet = load_workbook(io.BytesIO(response.content)).active
    header, first, second = list(sheet.iter_rows(values_only=True))
    assert header == ("název", "částka", "počet", "den", "čas", "štítky")
    assert first[1] == 1250000.5 and isinstance(first[2], int) and first[2] == 7
    assert first[3] == dt.datetime(2026, 3, 1) and sheet["D2"].is_date
    assert first[4] == dt.datetime(2026, 3, 1, 8, 30) and sheet["E2"].is_date
    assert first[5] == "a; b"
    assert second[0].startswith("'=") and second[1] is None and second[2] == 0


def test_rows_are_read_as_the_stream_is_sent():
    read = []

    def rows():
        for number in range(2000):
            read.append(number)
            yield {"name": f"r{number}", "amount": number, "count": number,
                   "day": None, "at": None, "tags": []}

    for fmt in ("csv", "xlsx"):
        read.clear()
        chunks = iter(stream_export(rows(), COLUMNS, fmt, "data").streaming_content)
        next(chunks)
        assert len(read) < 1000, fmt  # the first bytes left before the rows were all read
        rest = b"".join(chunks)
        assert rest and len(read) == 2000
