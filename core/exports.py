"""CSV / XLSX / JSON exports shared by every list API."""

from __future__ import annotations

import csv
import io
import json
import re
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


# What makes a spreadsheet read a text cell as a formula (CSV injection): = + - @ (also
# their full-width forms), at the start or after leading whitespace (spaces, newlines,
# tabs), and a tab or carriage return at the start.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FORMULA_CHARACTERS = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")

# Characters a spreadsheet cannot hold (XML 1.0 forbids them in XLSX, openpyxl refuses them)
# and that have no place in CSV either: C0 controls except tab and line ends, lone
# surrogates (not encodable as UTF-8) and the non-characters U+FFFE/U+FFFF. Text input is
# cleaned by the services (core.text.clean_text); this keeps exports working for anything
# stored before or by another way.
ILLEGAL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet could run this text cell as a formula."""
    return text.startswith(FORMULA_START) or text.lstrip().startswith(FORMULA_CHARACTERS)


def csv_safe(value: Any) -> Any:
    """A text cell that would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and looks_like_formula(value):
        return "'" + value
    return value


def sheet_cell(value: Any) -> Any:
    """A cell as written to CSV or XLSX: characters a spreadsheet cannot hold removed,
    formulas guarded."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS.sub("", value)
    return csv_safe(value)


Sheet = tuple[str, Sequence[Sequence[Any]]]  # (title, rows); the first row is the header


def _sheet_title(title: str) -> str:
    """A worksheet name Excel accepts: no []:*?/\\ or illegal characters, 1–31 long."""
    cleaned = re.sub(r"[\[\]:*?/\\]", " ", ILLEGAL_CHARACTERS.sub("", title)).strip("' ")
    return cleaned[:31] or "data"


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
            writer.writerows([sheet_cell(value) for value in row] for row in rows)
        response = HttpResponse(buffer.getvalue(), content_type=CONTENT_TYPES["csv"])
    elif fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        for title, rows in sheets:
            sheet = workbook.create_sheet(title=_sheet_title(title))
            for row in rows:
                sheet.append([sheet_cell(value) for value in row])
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
