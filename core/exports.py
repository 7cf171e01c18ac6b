"""CSV / XLSX / JSON exports shared by every list API."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse

FORMATS = ("csv", "xlsx", "json")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
EXPORT_ROW_LIMIT = 100_000


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    value: Callable[[Any], Any]


def _cell(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    if value is None:
        return ""
    return value


# What makes a spreadsheet read a text cell as a formula (CSV injection): = + - @, and a
# tab or carriage return in front of them.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: Any) -> Any:
    """A text cell that would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


Sheet = tuple[str, Sequence[Sequence[Any]]]  # (title, rows); the first row is the header


def render_sheets(sheets: Sequence[Sheet], fmt: str, filename: str) -> HttpResponse:
    """CSV (the sheets one after another, an empty row between) or XLSX (a worksheet
    each) of rows of plain cells, every text cell made formula-safe."""
    if fmt == "csv":
        buffer = io.StringIO()
        buffer.write("\ufeff")  # BOM: Excel then reads Czech characters correctly
        writer = csv.writer(buffer)
        for number, (_title, rows) in enumerate(sheets):
            if number:
                writer.writerow([])
            writer.writerows([csv_safe(value) for value in row] for row in rows)
        response = HttpResponse(buffer.getvalue(), content_type=CONTENT_TYPES["csv"])
    elif fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        for title, rows in sheets:
            sheet = workbook.create_sheet(title=title[:31])
            for row in rows:
                sheet.append([csv_safe(value) for value in row])
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=CONTENT_TYPES["xlsx"])
    else:
        raise ValueError(f"unknown export format {fmt}")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def render_export(rows: Iterable[Any], columns: Sequence[Column], fmt: str,
                  filename: str) -> HttpResponse:
    table = [[column.value(row) for column in columns] for row in rows]
    if fmt != "json":
        header = [c.header for c in columns]
        cells = [[_cell(value) for value in values] for values in table]
        return render_sheets([(filename, [header, *cells])], fmt, filename)
    body = json.dumps(
        [dict(zip([c.key for c in columns], values, strict=True)) for values in table],
        ensure_ascii=False, default=str, indent=1,
    )
    response = HttpResponse(body, content_type=CONTENT_TYPES["json"])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
