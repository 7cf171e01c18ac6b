"""CSV / XLSX / JSON exports shared by every list API."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone

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
        data = io.BytesIO()
        workbook.save(data)
        response = HttpResponse(data.getvalue(), content_type=CONTENT_TYPES["xlsx"])
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


# --- streamed exports: every row written as it is read, never the whole list in memory ---

STREAM_BATCH = 500  # rows read from the database, and written, at a time


def _plain(value: Any, decimal_comma: bool) -> Any:
    """A CSV cell: lists joined, None empty, numbers with the decimal comma when asked (the
    semicolon-separated CSV is for a spreadsheet in Czech, which reads 8,5 as a number)."""
    value = _cell(value)
    if decimal_comma and isinstance(value, float | Decimal) and not isinstance(value, bool):
        return format(value, "f").replace(".", ",")
    return value


def _csv_chunks(rows: Iterable[Any], columns: Sequence[Column], delimiter: str) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    buffer.write("\ufeff")  # BOM: Excel then reads Czech characters correctly
    writer.writerow([sheet_cell(c.header) for c in columns])
    yield buffer.getvalue().encode("utf-8")  # the header leaves before any row is read
    buffer.seek(0)
    buffer.truncate()
    decimal_comma = delimiter == ";"
    for number, row in enumerate(rows, start=1):
        writer.writerow([sheet_cell(_plain(c.value(row), decimal_comma)) for c in columns])
        if number % STREAM_BATCH == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


class _Sink:
    """What a zip file being written hands over, taken out piece by piece as it grows."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def close(self) -> None:  # what zipfile may call on what it writes to
        pass

    def take(self) -> bytes:
        data, self.parts = b"".join(self.parts), []
        return data


_XLSX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        '</Types>'),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/styles" Target="styles.xml"/></Relationships>'),
    # Cell styles: 0 plain, 1 a date, 2 a date and time (the reader's own date formats).
    "xl/styles.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
        '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border>'
        '</borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        '</cellStyleXfs>'
        '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        '<xf numFmtId="22" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
        '</cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        '</styleSheet>'),
}
_EPOCH = dt.datetime(1899, 12, 30)  # day 0 of a spreadsheet's date serial numbers
MAX_CELL_TEXT = 32_767  # the most characters a spreadsheet cell holds


def _column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _xlsx_cell(ref: str, value: Any, style: int = 0) -> str:
    """One typed cell: numbers and booleans as such, dates and times as serial numbers with
    a date style, everything else as formula-safe text; empty values are left out."""
    value = _cell(value)
    if value == "" or value is None:
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float | Decimal):
        if (isinstance(value, float) and not math.isfinite(value)) \
                or (isinstance(value, Decimal) and not value.is_finite()):
            return ""  # (a float has no is_finite(): math.isfinite reads it)
        return f'<c r="{ref}"><v>{format(value, "f") if isinstance(value, Decimal) else value}</v></c>'
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.make_naive(value)
        serial = (value - _EPOCH) / dt.timedelta(days=1)
        return f'<c r="{ref}" s="2"><v>{serial:.8f}</v></c>'
    if isinstance(value, dt.date):
        return f'<c r="{ref}" s="1"><v>{(value - _EPOCH.date()).days}</v></c>'
    text = xml_escape(str(sheet_cell(str(value)))[:MAX_CELL_TEXT])
    style_attribute = f' s="{style}"' if style else ""
    return (f'<c r="{ref}"{style_attribute} t="inlineStr"><is><t xml:space="preserve">{text}'
            f'</t></is></c>')


def _xlsx_row(number: int, values: Sequence[Any], style: int = 0) -> str:
    cells = "".join(_xlsx_cell(f"{_column_letters(i)}{number}", value, style)
                    for i, value in enumerate(values))
    return f'<row r="{number}">{cells}</row>'


def _xlsx_chunks(rows: Iterable[Any], columns: Sequence[Column], title: str) -> Iterator[bytes]:
    """An XLSX workbook of one sheet, written as a zip stream: the first bytes leave before
    the first row is read, and memory holds a batch of rows at a time."""
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in _XLSX_PARTS.items():
            archive.writestr(name, text)
        archive.writestr("xl/workbook.xml", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f'<sheets><sheet name="{xml_escape(_sheet_title(title), {chr(34): "&quot;"})}" '
            'sheetId="1" r:id="rId1"/></sheets></workbook>'))
        yield sink.take()
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
                        b'2006/main"><sheetData>')
            sheet.write(_xlsx_row(1, [c.header for c in columns], style=3).encode())
            batch: list[str] = []
            for number, row in enumerate(rows, start=2):
                batch.append(_xlsx_row(number, [c.value(row) for c in columns]))
                if len(batch) == STREAM_BATCH:
                    sheet.write("".join(batch).encode())
                    batch = []
                    chunk = sink.take()
                    if chunk:
                        yield chunk
            sheet.write("".join(batch).encode())
            sheet.write(b"</sheetData></worksheet>")
    yield sink.take()


class Download(StreamingHttpResponse):
    """A streamed file to download. `content` reads the rest of the stream into one bytes
    value, for a caller that wants it whole (a test); a server sends it chunk by chunk."""

    @property
    def content(self) -> bytes:  # type: ignore[override]
        return b"".join(self.streaming_content)  # type: ignore[arg-type]

    @property
    def text(self) -> str:  # type: ignore[override]
        return self.content.decode(self.charset)


def stream_export(rows: Iterable[Any], columns: Sequence[Column], fmt: str, filename: str,
                  *, delimiter: str = ",") -> Download:
    """The rows as a CSV (UTF-8 with BOM; `delimiter` ";" also writes decimal commas) or
    XLSX (typed cells) download, streamed: rows are read and written in batches, so the
    first bytes leave at once and memory does not grow with the number of rows."""
    if fmt == "csv":
        chunks = _csv_chunks(rows, columns, delimiter)
    elif fmt == "xlsx":
        chunks = _xlsx_chunks(rows, columns, filename)
    else:
        raise ValueError(f"unknown export format {fmt}")
    response = Download(chunks, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
