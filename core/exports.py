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


def _csv_safe(value: Any) -> Any:
    # A cell starting with = + - @ would run as a formula in a spreadsheet (CSV injection).
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def render_export(rows: Iterable[Any], columns: Sequence[Column], fmt: str,
                  filename: str) -> HttpResponse:
    table = [[column.value(row) for column in columns] for row in rows]
    if fmt == "json":
        body = json.dumps(
            [dict(zip([c.key for c in columns], values, strict=True)) for values in table],
            ensure_ascii=False, default=str, indent=1,
        )
        response = HttpResponse(body, content_type=CONTENT_TYPES["json"])
    elif fmt == "csv":
        buffer = io.StringIO()
        buffer.write("\ufeff")  # BOM: Excel then reads Czech characters correctly
        writer = csv.writer(buffer)
        writer.writerow([c.header for c in columns])
        for values in table:
            writer.writerow([_csv_safe(_cell(v)) for v in values])
        response = HttpResponse(buffer.getvalue(), content_type=CONTENT_TYPES["csv"])
    elif fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title=filename[:31])
        sheet.append([c.header for c in columns])
        for values in table:
            sheet.append([_csv_safe(_cell(v)) for v in values])
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=CONTENT_TYPES["xlsx"])
    else:
        raise ValueError(f"unknown export format {fmt}")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
