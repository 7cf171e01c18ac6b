"""Import and export of a strategy's structure tree (vision → priority → goal → measure →
activity) with its indicators, as CSV, XLSX or JSON. Export → import → export loses nothing.

Pure functions: nothing here writes to the database. `parse_tree` validates a file and returns
rows for `strategies.services.replace_tree`; `export_tree` reads a strategy's tree (four
queries whatever its size) into the same rows; `render_tree` writes rows as a file.

Flat table (CSV and XLSX)
-------------------------
One row per element (``record`` = ``node``) or indicator (``record`` = ``indicator``); the
first row is the header. Columns (see also ``strategies/TREE_FORMAT.md``)::

    record          node | indicator (also uzel/prvek, indikátor/ukazatel); empty = node
                    when kind or title is filled, otherwise indicator
    key             id of the node within the file, unique (export: the node's code when
                    it is unique and non-empty, else N<n>); may be empty for a leaf
    parent_key      key of the parent node; empty for a top-level node
    kind            vision | priority | goal | measure | activity, or Czech vize | priorita |
                    cíl | opatření | aktivita (case and diacritics do not matter); a child
                    must be deeper than its parent (levels may be skipped)
    code            the element's own code as shown to people ("1.2.3"), ≤ 30 characters
    title           title, required, ≤ 500 characters
    description     description, may span lines
    responsible     responsible body, ≤ 200 characters
    areas           concept key-area codes separated by commas/semicolons/spaces ("C4, B2")
    node_key        (indicator) key of its node; empty = the nearest node row above
    name            (indicator) name, required, ≤ 300 characters
    unit            (indicator) unit, ≤ 50 characters
    baseline_value  (indicator) decimal number, decimal comma or point
    baseline_year   (indicator) year 1990–2100
    target_value    (indicator) decimal number
    target_year     (indicator) year 1990–2100, not before baseline_year
    values          (indicator) measured values "2021=10,5; 2022=12" (pairs separated by
                    ";"; decimal comma or point)

Numbers are `Decimal` (never float), at most 16 digits before and 4 after the decimal point.
Nodes may come in any order (they are sorted so that parents precede children, siblings
keep the file's order). Rows that are entirely empty are skipped; unknown columns are ignored;
Czech header names (klíč, typ, kód, název, …) are accepted. At most 5,000 data rows.

CSV input may be UTF-8 (with or without BOM), UTF-16 with BOM or Windows-1250, separated by
``;``, ``,`` or tab. CSV output is UTF-8 with BOM, ``;``-separated, decimal comma (what Czech
Excel expects); text cells starting with ``= + - @`` get a leading apostrophe against formula
injection, which import removes again. XLSX reads the first sheet; numbers are real numeric
cells when a float holds them exactly, text otherwise.

JSON
----
``{"format": "smart-strategy-tree", "version": 1, "nodes": [{"key", "parent_key", "kind",
"code", "title", "description", "responsible", "areas": [..], "indicators": [{"name", "unit",
"baseline_value": "10.5", "baseline_year": 2020, "target_value", "target_year",
"values": {"2021": "10.5"}}]}]}`` — numbers as strings (plain JSON numbers are accepted too).

Errors
------
Every problem raises `TreeImportError` whose `errors` list names the place: "Row 5: …"
(the spreadsheet row number, header = row 1) or "nodes[3]: …" / "nodes[3].indicators[0]: …"
(0-based JSON indexes). All problems found are reported at once (up to 100).
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from core import imports
from core.exports import looks_like_formula
from core.text import TEXT_MAX_LENGTH, clean_text, fold

from .models import NODE_DEPTH, Indicator, IndicatorValue, NodeKind, StructureNode

FORMAT_NAME = "smart-strategy-tree"
FORMAT_VERSION = 1
FORMATS = ("csv", "xlsx", "json")
MAX_ROWS = 5000
MAX_XLSX_UNPACKED = 200 * 1024 * 1024
MAX_ERRORS = 100
MIN_YEAR, MAX_YEAR = 1990, 2100
MAX_INTEGER_DIGITS, MAX_DECIMAL_PLACES = 16, 4  # Indicator: DecimalField(20, 4)

NODE_COLUMNS = ["key", "parent_key", "kind", "code", "title", "description", "responsible",
                "areas"]
INDICATOR_COLUMNS = ["node_key", "name", "unit", "baseline_value", "baseline_year",
                     "target_value", "target_year", "values"]
COLUMNS = ["record", *NODE_COLUMNS, *INDICATOR_COLUMNS]
TEXT_COLUMNS = {"key", "parent_key", "code", "title", "description", "responsible", "node_key",
                "name", "unit"}
MAX_LENGTHS = {"code": 30, "title": 500, "responsible": 200, "name": 300, "unit": 50,
               "description": TEXT_MAX_LENGTH}

# (column, Czech meaning, English meaning): the XLSX export's second sheet and the docs.
COLUMN_HELP = [
    ("record", "typ záznamu: node = prvek struktury, indicator = indikátor",
     "record type: node = structure element, indicator = indicator"),
    ("key", "identifikátor prvku v souboru (jedinečný)", "id of the element within the file (unique)"),
    ("parent_key", "klíč nadřazeného prvku; prázdné = nejvyšší úroveň",
     "key of the parent element; empty = top level"),
    ("kind", "úroveň: vize, priorita, cíl, opatření, aktivita",
     "level: vision, priority, goal, measure, activity"),
    ("code", "kód prvku (např. 1.2.3)", "the element's code (e.g. 1.2.3)"),
    ("title", "název prvku (povinný)", "title of the element (required)"),
    ("description", "popis", "description"),
    ("responsible", "odpovědný subjekt", "responsible body"),
    ("areas", "klíčové oblasti konceptu, např. „C4, B2“", "concept key areas, e.g. \"C4, B2\""),
    ("node_key", "klíč prvku, ke kterému indikátor patří", "key of the indicator's element"),
    ("name", "název indikátoru (povinný)", "name of the indicator (required)"),
    ("unit", "měrná jednotka", "unit"),
    ("baseline_value", "výchozí hodnota", "baseline value"),
    ("baseline_year", "rok výchozí hodnoty", "baseline year"),
    ("target_value", "cílová hodnota", "target value"),
    ("target_year", "rok cílové hodnoty", "target year"),
    ("values", "naměřené hodnoty, např. „2021=10,5; 2022=12“",
     "measured values, e.g. \"2021=10.5; 2022=12\""),
]

KIND_ALIASES = {
    "vision": "vision", "vize": "vision",
    "priority": "priority", "priorita": "priority",
    "goal": "goal", "cil": "goal",
    "measure": "measure", "opatreni": "measure",
    "activity": "activity", "aktivita": "activity",
}
NODE_RECORDS = {"node", "uzel", "prvek"}
INDICATOR_RECORDS = {"indicator", "indikator", "ukazatel"}
HEADER_ALIASES = {
    "zaznam": "record", "typ_zaznamu": "record",
    "klic": "key", "id": "key",
    "nadrazeny_klic": "parent_key", "klic_nadrazeneho": "parent_key", "parent": "parent_key",
    "typ": "kind", "druh": "kind", "uroven": "kind",
    "kod": "code",
    "nazev": "title",
    "popis": "description",
    "odpovedny_subjekt": "responsible", "odpovednost": "responsible", "gestor": "responsible",
    "oblasti": "areas", "klicove_oblasti": "areas",
    "klic_prvku": "node_key",
    "nazev_indikatoru": "name", "indikator": "name",
    "jednotka": "unit",
    "vychozi_hodnota": "baseline_value",
    "rok_vychozi_hodnoty": "baseline_year", "vychozi_rok": "baseline_year",
    "cilova_hodnota": "target_value",
    "rok_cilove_hodnoty": "target_year", "cilovy_rok": "target_year",
    "hodnoty": "values", "namerene_hodnoty": "values",
}

_NUMBER_RE = re.compile(r"-?\d+(?:\.\d+)?")
_YEAR_RE = re.compile(r"\d{4}")
_VALUE_SPLIT_RE = re.compile(r"[;\n]|,\s+(?=\d{4}\s*[=:])")
_AREA_SPLIT_RE = re.compile(r"[,;\s]+")


class TreeImportError(ValidationError):
    """The file cannot be imported; `errors` lists every problem with its row/node."""

    def __init__(self, errors: list[str]):
        self.errors = list(errors)
        super().__init__(self.errors)

    def __str__(self) -> str:
        return "\n".join(self.errors)


class _Errors:
    def __init__(self) -> None:
        self.messages: list[str] = []
        self.dropped = 0

    def add(self, where: str, message: str) -> None:
        if len(self.messages) < MAX_ERRORS:
            self.messages.append(f"{where}: {message}" if where else message)
        else:
            self.dropped += 1

    def raise_if_any(self) -> None:
        if self.messages:
            messages = list(self.messages)
            if self.dropped:
                messages.append(_("… and %(count)d more problems.") % {"count": self.dropped})
            raise TreeImportError(messages)


def _fail(message: str) -> TreeImportError:
    return TreeImportError([message])


# --- values -----------------------------------------------------------------------------------

def _plain(value: Decimal) -> str:
    """A Decimal without exponent or trailing zeros: Decimal("10.5000") → "10.5"."""
    value = value.normalize()
    if value.as_tuple().exponent > 0:  # type: ignore[operator]
        value = value.quantize(Decimal(1))
    return format(value, "f")


def _clean_decimal(value: Decimal | None) -> Decimal | None:
    return None if value is None else Decimal(_plain(value))


def _parse_decimal(text: str, where: str, label: str, errors: _Errors) -> Decimal | None:
    text = text.strip()
    if not text:
        return None
    compact = re.sub(r"[\s\u00a0\u202f]", "", text)
    if "," in compact and "." not in compact:
        compact = compact.replace(",", ".")
    if not _NUMBER_RE.fullmatch(compact):
        errors.add(where, _("%(field)s “%(value)s” is not a number (use e.g. 10,5 or 10.5).")
                   % {"field": label, "value": text})
        return None
    value = Decimal(compact)
    integer, _dot, fraction = compact.lstrip("-").partition(".")
    if len(integer.lstrip("0")) > MAX_INTEGER_DIGITS or len(fraction.rstrip("0")) > \
            MAX_DECIMAL_PLACES:
        errors.add(where, _("%(field)s “%(value)s” is out of range (at most %(int)d digits "
                            "before and %(dec)d after the decimal point).")
                   % {"field": label, "value": text, "int": MAX_INTEGER_DIGITS,
                      "dec": MAX_DECIMAL_PLACES})
        return None
    return Decimal(_plain(value))


def _parse_year(text: str, where: str, label: str, errors: _Errors) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not _YEAR_RE.fullmatch(text) or not MIN_YEAR <= int(text) <= MAX_YEAR:
        errors.add(where, _("%(field)s “%(value)s” is not a year between %(min)d and %(max)d.")
                   % {"field": label, "value": text, "min": MIN_YEAR, "max": MAX_YEAR})
        return None
    return int(text)


def _parse_values_text(text: str, where: str, errors: _Errors) -> dict[int, Decimal]:
    values: dict[int, Decimal] = {}
    for part in _VALUE_SPLIT_RE.split(text):
        part = part.strip()
        if not part:
            continue
        year_text, sep, number = part.replace(":", "=", 1).partition("=")
        if not sep:
            errors.add(where, _("values: “%(part)s” is not “year=value” (e.g. "
                                "“2021=10,5; 2022=12”).") % {"part": part})
            continue
        _add_value(values, year_text, number, where, errors)
    return values


def _add_value(values: dict[int, Decimal], year_text: str, number: str, where: str,
               errors: _Errors) -> None:
    year = _parse_year(year_text, where, _("values: year"), errors)
    value = _parse_decimal(number, where, _("values: value for %(year)s")
                           % {"year": year_text.strip()}, errors)
    if year is None or value is None:
        if year is not None and not number.strip():
            errors.add(where, _("values: the value for %(year)d is missing.") % {"year": year})
        return
    if year in values:
        errors.add(where, _("values: the year %(year)d is given twice.") % {"year": year})
        return
    values[year] = value


def _parse_kind(text: str, where: str, errors: _Errors) -> str:
    kind = KIND_ALIASES.get(fold(text))
    if not text.strip():
        errors.add(where, _("the kind is missing (vision, priority, goal, measure or "
                            "activity)."))
    elif kind is None:
        errors.add(where, _("unknown kind “%(value)s” (use vision, priority, goal, measure or "
                            "activity / vize, priorita, cíl, opatření, aktivita).")
                   % {"value": text.strip()})
    return kind or ""


def _parse_areas(items: list[str], where: str, lookup: dict[str, str] | None,
                 errors: _Errors) -> list[str]:
    areas: list[str] = []
    for item in items:
        code = item.strip().upper()
        if not code:
            continue
        if lookup is not None:
            if code not in lookup:
                errors.add(where, _("unknown concept area “%(code)s” (valid: %(valid)s).")
                           % {"code": item.strip(), "valid": ", ".join(sorted(lookup.values()))})
                continue
            code = lookup[code]
        if code not in areas:
            areas.append(code)
    return areas


def _check_length(value: str, column: str, where: str, errors: _Errors) -> None:
    limit = MAX_LENGTHS.get(column)
    if limit and len(value) > limit:
        errors.add(where, _("%(field)s is longer than %(limit)d characters.")
                   % {"field": column, "limit": limit})


# --- the format-independent part -------------------------------------------------------------

@dataclass
class _Node:
    where: str
    key: str
    parent_key: str
    kind: str
    code: str
    title: str
    description: str
    responsible: str
    areas: list[str]
    indicators: list[dict[str, Any]] = field(default_factory=list)

    def row(self) -> dict[str, Any]:
        return {"key": self.key, "parent_key": self.parent_key, "kind": self.kind,
                "code": self.code, "title": self.title, "description": self.description,
                "responsible": self.responsible, "areas": self.areas,
                "indicators": self.indicators}


def _node(where: str, fields: dict[str, str], areas: list[str], lookup, errors) -> _Node:
    kind = _parse_kind(fields.get("kind", ""), where, errors)
    # Text is normalised as every service does (core.text.clean_text): no control
    # characters, NFC; the description keeps its lines.
    title = clean_text(fields.get("title"))
    if not title:
        errors.add(where, _("the title is missing."))
    node = _Node(where, clean_text(fields.get("key")), clean_text(fields.get("parent_key")),
                 kind, clean_text(fields.get("code")), title,
                 clean_text(fields.get("description"), multiline=True),
                 clean_text(fields.get("responsible")),
                 _parse_areas(areas, where, lookup, errors))
    for column in ("code", "title", "responsible", "description"):
        _check_length(getattr(node, column), column, where, errors)
    return node


def _indicator(where: str, fields: dict[str, str], errors: _Errors,
               values: dict[int, Decimal]) -> dict[str, Any]:
    name = clean_text(fields.get("name"))
    if not name:
        errors.add(where, _("the indicator's name is missing."))
    spec: dict[str, Any] = {
        "name": name,
        "unit": clean_text(fields.get("unit")),
        "baseline_value": _parse_decimal(fields.get("baseline_value", ""), where,
                                         "baseline_value", errors),
        "baseline_year": _parse_year(fields.get("baseline_year", ""), where, "baseline_year",
                                     errors),
        "target_value": _parse_decimal(fields.get("target_value", ""), where, "target_value",
                                       errors),
        "target_year": _parse_year(fields.get("target_year", ""), where, "target_year", errors),
        "values": values,
    }
    for column in ("name", "unit"):
        _check_length(spec[column], column, where, errors)
    if (spec["baseline_year"] and spec["target_year"]
            and spec["target_year"] < spec["baseline_year"]):
        errors.add(where, _("the target year %(target)d is before the baseline year "
                            "%(baseline)d.") % {"target": spec["target_year"],
                                                "baseline": spec["baseline_year"]})
    return spec


def _assemble(nodes: list[_Node], indicators: list[tuple[str, str, dict[str, Any]]],
              errors: _Errors) -> list[dict[str, Any]]:
    """Check keys, parents and levels; attach indicators; order parents before children."""
    by_key: dict[str, _Node] = {}
    for node in nodes:
        if not node.key:
            continue
        if node.key in by_key:
            errors.add(node.where, _("duplicate key “%(key)s” (already used at %(first)s).")
                       % {"key": node.key, "first": by_key[node.key].where})
        else:
            by_key[node.key] = node
    children: dict[str, list[_Node]] = defaultdict(list)
    roots: list[_Node] = []
    for node in nodes:
        if not node.parent_key:
            roots.append(node)
            continue
        parent = by_key.get(node.parent_key)
        if parent is None:
            errors.add(node.where, _("unknown parent_key “%(key)s” (no node has this key).")
                       % {"key": node.parent_key})
            continue
        if parent is node:
            errors.add(node.where, _("the node is its own parent."))
            continue
        if (node.kind and parent.kind
                and NODE_DEPTH[node.kind] <= NODE_DEPTH[parent.kind]):
            errors.add(node.where, _("a %(kind)s cannot be placed under a %(parent)s "
                                     "(%(parent_where)s); a child must be at a deeper level.")
                       % {"kind": NodeKind(node.kind).label,
                          "parent": NodeKind(parent.kind).label,
                          "parent_where": parent.where})
            continue
        children[node.parent_key].append(node)
    for where, node_key, spec in indicators:
        node = by_key.get(node_key)
        if node is None:
            errors.add(where, _("unknown node_key “%(key)s” (no node has this key).")
                       % {"key": node_key})
        else:
            node.indicators.append(spec)
    errors.raise_if_any()
    ordered: list[dict[str, Any]] = []
    stack = list(reversed(roots))
    while stack:
        node = stack.pop()
        ordered.append(node.row())
        if node.key:
            stack.extend(reversed(children.get(node.key, [])))
    return ordered


def _area_lookup(area_codes) -> dict[str, str] | None:
    if area_codes is None:
        return None
    return {str(code).upper(): str(code) for code in area_codes}


# --- flat table (CSV, XLSX) ------------------------------------------------------------------

def _header(cells: list[str], errors: _Errors) -> dict[int, str]:
    columns: dict[int, str] = {}
    seen: set[str] = set()
    for index, cell in enumerate(cells):
        name = re.sub(r"[\s\-]+", "_", fold(cell or "").strip())
        name = HEADER_ALIASES.get(name, name)
        if name not in COLUMNS:
            continue  # notes and other extra columns are ignored
        if name in seen:
            errors.add(_("Row %(row)d") % {"row": 1},
                       _("the column “%(name)s” appears twice.") % {"name": name})
        seen.add(name)
        columns[index] = name
    missing = [name for name in ("kind", "title") if name not in seen]
    if missing:
        errors.add(_("Row %(row)d") % {"row": 1},
                   _("the header lacks the column(s) %(names)s (expected: %(all)s).")
                   % {"names": ", ".join(missing), "all": ", ".join(COLUMNS)})
    errors.raise_if_any()
    return columns


def _guarded(value: str) -> bool:
    """`value` came out of `_escape` with an apostrophe put in front."""
    rest = value[1:]
    return value.startswith("'") and bool(rest) and (looks_like_formula(rest)
                                                      or rest.startswith("'"))


def _unescape(value: str) -> str:
    return value[1:] if _guarded(value) else value


def _parse_table(table, area_codes, *, escaped: bool) -> list[dict[str, Any]]:
    """`table` yields (row number, list of cell strings); the first one is the header."""
    errors = _Errors()
    lookup = _area_lookup(area_codes)
    iterator = iter(table)
    first = next(iterator, None)
    if first is None:
        raise _fail(_("The file is empty."))
    columns = _header(first[1], errors)
    nodes: list[_Node] = []
    indicators: list[tuple[str, str, dict[str, Any]]] = []
    count = 0
    for number, cells in iterator:
        fields = {name: (cells[index] if index < len(cells) else "") or ""
                  for index, name in columns.items()}
        if not any(value.strip() for value in fields.values()):
            continue
        count += 1
        if count > MAX_ROWS:
            raise _fail(_("The file has more than %(limit)d rows; split it or contact the "
                          "administrator.") % {"limit": MAX_ROWS})
        if escaped:
            fields = {name: _unescape(value) if name in TEXT_COLUMNS else value
                      for name, value in fields.items()}
        where = _("Row %(row)d") % {"row": number}
        record = fold(fields.get("record", ""))
        if not record:
            is_node = bool(fields.get("kind", "").strip() or fields.get("title", "").strip()
                           or not (fields.get("name", "").strip()
                                   or fields.get("node_key", "").strip()))
            record = "node" if is_node else "indicator"
        if record in NODE_RECORDS:
            nodes.append(_node(where, fields, _AREA_SPLIT_RE.split(fields.get("areas", "")),
                               lookup, errors))
        elif record in INDICATOR_RECORDS:
            node_key = fields.get("node_key", "").strip()
            if not node_key:
                if not nodes or not nodes[-1].key:
                    errors.add(where, _("the indicator has no node_key and no node with a key "
                                        "precedes it."))
                    continue
                node_key = nodes[-1].key
            values = _parse_values_text(fields.get("values", ""), where, errors)
            indicators.append((where, node_key, _indicator(where, fields, errors, values)))
        else:
            errors.add(where, _("unknown record type “%(value)s” (use node or indicator).")
                       % {"value": fields.get("record", "").strip()})
    return _assemble(nodes, indicators, errors)


def _decode_csv(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        encodings = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ["utf-16"]
    else:
        encodings = ["utf-8", "cp1250"]
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as error:
            failure = error
            continue
        if "\x00" in text:
            raise _fail(_("The file is not a CSV text file (it contains binary data); "
                          "choose the right format."))
        return text
    line = data.count(b"\n", 0, failure.start) + 1
    raise _fail(_("Line %(line)d: the byte 0x%(byte)02X is valid neither in UTF-8 nor in "
                  "Windows-1250; save the file as “CSV UTF-8”.")
                % {"line": line, "byte": data[failure.start]})


def _sniff_delimiter(text: str) -> str:
    header = text.split("\n", 1)[0]
    counts = {delimiter: header.count(delimiter) for delimiter in (";", ",", "\t")}
    best = max(counts, key=lambda d: (counts[d], d == ";"))
    return best if counts[best] else ","


def _csv_table(text: str):
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text))
    number = 0
    try:
        for cells in reader:
            number += 1
            yield number, cells
    except csv.Error as error:
        raise _fail(_("Row %(row)d: the CSV is malformed (%(error)s).")
                    % {"row": number + 1, "error": error}) from None


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return format(Decimal(repr(value)), "f")
    if isinstance(value, Decimal):
        return format(value, "f")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _xlsx_table(data: bytes):
    from openpyxl import load_workbook

    malformed = _("The file is not a readable XLSX workbook (save it from Excel or "
                  "LibreOffice as .xlsx).")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_XLSX_UNPACKED:
                raise _fail(_("The workbook is too large when unpacked."))
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except TreeImportError:
        raise
    except Exception:  # zipfile, XML and openpyxl errors all mean the same to the user
        raise _fail(malformed) from None
    try:
        if not workbook.worksheets:
            raise _fail(malformed)
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(min_row=1, max_col=len(COLUMNS) * 3, values_only=True)
        data_rows = 0
        try:
            for number, row in enumerate(rows, start=1):
                cells = [_cell_text(value) for value in row]
                yield number, cells
                if any(cell.strip() for cell in cells):
                    data_rows += 1
                    if data_rows > MAX_ROWS + 1:  # header + one too many: reported already
                        return
        except TreeImportError:
            raise
        except Exception:
            raise _fail(malformed) from None
    finally:
        workbook.close()


def _parse_json(data: bytes, area_codes) -> list[dict[str, Any]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _fail(_("The JSON file is not in UTF-8 (byte %(pos)d).")
                    % {"pos": error.start}) from None
    try:
        document = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as error:
        raise _fail(_("Malformed JSON at line %(line)d, column %(column)d: %(error)s.")
                    % {"line": error.lineno, "column": error.colno, "error": error.msg}) from None
    except RecursionError:
        raise _fail(_("Malformed JSON: nested too deeply.")) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise _fail(_("This JSON is not a strategy tree (expected \"format\": \"%(name)s\").")
                    % {"name": FORMAT_NAME})
    if document.get("version") != FORMAT_VERSION:
        raise _fail(_("Unsupported version %(version)s of the tree format (expected %(expected)d).")
                    % {"version": document.get("version"), "expected": FORMAT_VERSION})
    raw_nodes = document.get("nodes")
    if not isinstance(raw_nodes, list):
        raise _fail(_("The JSON has no \"nodes\" list."))
    size = len(raw_nodes) + sum(len(n.get("indicators") or []) for n in raw_nodes
                                if isinstance(n, dict) and isinstance(n.get("indicators"), list))
    if size > MAX_ROWS:
        raise _fail(_("The file has more than %(limit)d rows; split it or contact the "
                      "administrator.") % {"limit": MAX_ROWS})
    errors = _Errors()
    lookup = _area_lookup(area_codes)
    nodes: list[_Node] = []
    indicators: list[tuple[str, str, dict[str, Any]]] = []
    for index, raw in enumerate(raw_nodes):
        where = f"nodes[{index}]"
        if not isinstance(raw, dict):
            errors.add(where, _("a node must be an object."))
            continue
        fields = {name: _json_text(raw.get(name), name, where, errors)
                  for name in ("key", "parent_key", "kind", "code", "title", "description",
                               "responsible")}
        raw_areas = raw.get("areas") or []
        if isinstance(raw_areas, str):
            raw_areas = _AREA_SPLIT_RE.split(raw_areas)
        if not isinstance(raw_areas, list) or not all(isinstance(a, str) for a in raw_areas):
            errors.add(where, _("areas must be a list of area codes."))
            raw_areas = []
        node = _node(where, fields, raw_areas, lookup, errors)
        nodes.append(node)
        raw_indicators = raw.get("indicators") or []
        if not isinstance(raw_indicators, list):
            errors.add(where, _("indicators must be a list."))
            continue
        for number, spec in enumerate(raw_indicators):
            spec_where = f"{where}.indicators[{number}]"
            if not isinstance(spec, dict):
                errors.add(spec_where, _("an indicator must be an object."))
                continue
            ind_fields = {name: _json_text(spec.get(name), name, spec_where, errors,
                                           numbers=name not in ("name", "unit"))
                          for name in ("name", "unit", "baseline_value", "baseline_year",
                                       "target_value", "target_year")}
            values: dict[int, Decimal] = {}
            raw_values = spec.get("values") or {}
            if isinstance(raw_values, dict):
                for year, value in raw_values.items():
                    _add_value(values, str(year),
                               _json_text(value, "values", spec_where, errors, numbers=True),
                               spec_where, errors)
            elif isinstance(raw_values, str):
                values = _parse_values_text(raw_values, spec_where, errors)
            else:
                errors.add(spec_where, _("values must be an object {\"year\": \"value\"}."))
            indicators.append((spec_where, node.key or f"\x00{index}",
                               _indicator(spec_where, ind_fields, errors, values)))
            if not node.key:
                node.key = f"\x00{index}"  # an indicator's node needs no key in JSON
    result = _assemble(nodes, indicators, errors)
    for row in result:
        if row["key"].startswith("\x00"):
            row["key"] = ""
    return result


def _json_text(value: Any, name: str, where: str, errors: _Errors, *,
               numbers: bool = False) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        errors.add(where, _("%(field)s must be text, not true/false.") % {"field": name})
        return ""
    if isinstance(value, int | Decimal) and (numbers or name in ("key", "parent_key", "code")):
        return format(value, "f") if isinstance(value, Decimal) else str(value)
    errors.add(where, _("%(field)s must be text.") % {"field": name})
    return ""


def parse_tree(data: bytes, fmt: str, *, area_codes=None) -> list[dict[str, Any]]:
    """Validate a tree file and return rows for `services.replace_tree`.

    `fmt` is "csv", "xlsx" or "json"; `area_codes` is the set of valid concept key-area codes
    (None: not checked). Each row: `key`, `parent_key` (the file's ids, used only to link),
    `kind`, `code`, `title`, `description`, `responsible`, `areas` (list of codes) and
    `indicators` (dicts with `name`, `unit`, `baseline_value`/`target_value` (Decimal or
    None), `baseline_year`/`target_year` (int or None), `values` ({year: Decimal})). Parents
    come before their children. Raises `TreeImportError` listing every problem.
    """
    fmt = (fmt or "").lower().lstrip(".")
    if fmt not in FORMATS:
        raise _fail(_("Unknown file format “%(fmt)s” (use CSV, XLSX or JSON).") % {"fmt": fmt})
    if not data:
        raise _fail(_("The file is empty."))
    problem = imports.too_large(len(data))
    if problem:
        raise _fail(problem)
    if fmt == "json":
        return _parse_json(data, area_codes)
    if fmt == "xlsx":
        return _parse_table(_xlsx_table(data), area_codes, escaped=False)
    return _parse_table(_csv_table(_decode_csv(data)), area_codes, escaped=True)


# --- export -----------------------------------------------------------------------------------

def export_tree(strategy) -> list[dict[str, Any]]:
    """The strategy's tree as rows (the shape `parse_tree` returns), parents first.

    Four queries whatever the size: nodes, their areas, indicators, indicator values.
    """
    nodes = list(
        StructureNode.objects.filter(strategy=strategy).order_by("position", "id")
        .prefetch_related(
            "areas",
            Prefetch("indicators", queryset=Indicator.objects.order_by("id").prefetch_related(
                Prefetch("values", queryset=IndicatorValue.objects.order_by("year"))))))
    children: dict[int | None, list] = defaultdict(list)
    for node in nodes:
        children[node.parent_id].append(node)
    ordered = []
    stack = list(reversed(children[None]))
    while stack:
        node = stack.pop()
        ordered.append(node)
        stack.extend(reversed(children.get(node.pk, [])))
    code_counts: dict[str, int] = defaultdict(int)
    for node in ordered:
        code_counts[node.code] += 1
    taken = {code for code, count in code_counts.items() if code and count == 1}
    keys: dict[int, str] = {}
    for number, node in enumerate(ordered, start=1):
        if node.code and code_counts[node.code] == 1:
            keys[node.pk] = node.code
            continue
        key, suffix = f"N{number}", 1
        while key in taken:
            suffix += 1
            key = f"N{number}-{suffix}"
        taken.add(key)
        keys[node.pk] = key
    rows = []
    for node in ordered:
        rows.append({
            "key": keys[node.pk],
            "parent_key": keys[node.parent_id] if node.parent_id else "",
            "kind": node.kind, "code": node.code, "title": node.title,
            "description": node.description, "responsible": node.responsible,
            "areas": [area.code for area in node.areas.all()],
            "indicators": [{
                "name": indicator.name, "unit": indicator.unit,
                "baseline_value": _clean_decimal(indicator.baseline_value),
                "baseline_year": indicator.baseline_year,
                "target_value": _clean_decimal(indicator.target_value),
                "target_year": indicator.target_year,
                "values": {value.year: _clean_decimal(value.value)
                           for value in indicator.values.all()},
            } for indicator in node.indicators.all()],
        })
    return rows


def _number_text(value: Decimal | None, comma: bool) -> str:
    if value is None:
        return ""
    text = _plain(value)
    return text.replace(".", ",") if comma else text


def _values_text(values: dict[int, Decimal], comma: bool) -> str:
    return "; ".join(f"{year}={_number_text(Decimal(str(value)), comma)}"
                     for year, value in sorted(values.items(), key=lambda item: int(item[0])))


def _flat_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One dict per table row (node, then its indicators), with raw values."""
    table = []
    for row in rows:
        table.append({"record": "node", **{name: row.get(name) or "" for name in NODE_COLUMNS
                                          if name != "areas"},
                      "areas": ", ".join(row.get("areas") or [])})
        for spec in row.get("indicators") or []:
            table.append({"record": "indicator", "node_key": row.get("key") or "",
                          "name": spec.get("name") or "", "unit": spec.get("unit") or "",
                          "baseline_value": spec.get("baseline_value"),
                          "baseline_year": spec.get("baseline_year"),
                          "target_value": spec.get("target_value"),
                          "target_year": spec.get("target_year"),
                          "values": spec.get("values") or {}})
    return table


def _escape(value: str) -> str:
    if looks_like_formula(value) or _guarded(value):
        return "'" + value
    return value


def _render_csv(rows: list[dict[str, Any]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for line in _flat_rows(rows):
        cells = []
        for name in COLUMNS:
            value = line.get(name)
            if name == "values":
                cells.append(_values_text(value, comma=True) if value else "")
            elif name in ("baseline_value", "target_value"):
                cells.append(_number_text(value, comma=True))
            elif value is None:
                cells.append("")
            elif name in TEXT_COLUMNS:
                cells.append(_escape(str(value)))
            else:
                cells.append(str(value))
        writer.writerow(cells)
    return buffer.getvalue().encode("utf-8-sig")


def _render_xlsx(rows: list[dict[str, Any]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    def put(sheet, row: int, column: int, value: Any) -> None:
        cell = sheet.cell(row=row, column=column)
        if isinstance(value, str):
            cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
            cell.data_type = "s"  # never a formula, even when it starts with "="
        else:
            cell.value = value

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "tree"
    bold = Font(bold=True)
    for column, name in enumerate(COLUMNS, start=1):
        put(sheet, 1, column, name)
        sheet.cell(row=1, column=column).font = bold
    for number, line in enumerate(_flat_rows(rows), start=2):
        for column, name in enumerate(COLUMNS, start=1):
            value = line.get(name)
            if name == "values":
                value = _values_text(value, comma=True) if value else None
            elif name in ("baseline_value", "target_value") and value is not None:
                value = Decimal(str(value))
                # A numeric cell only when a float holds the value exactly.
                value = (float(value) if len(value.normalize().as_tuple().digits) <= 15
                         else _plain(value))
            elif value == "":
                value = None
            if value is not None:
                put(sheet, number, column, value)
    sheet.freeze_panes = "A2"
    for letter, width in zip("ABCDEFGHIJKLMNOPQ", (10, 12, 12, 10, 10, 50, 50, 25, 12, 12, 40,
                                                  12, 14, 13, 14, 13, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    help_sheet = workbook.create_sheet("sloupce-columns")
    for column, name in enumerate(("column", "význam", "meaning"), start=1):
        put(help_sheet, 1, column, name)
        help_sheet.cell(row=1, column=column).font = bold
    for number, entry in enumerate(COLUMN_HELP, start=2):
        for column, text in enumerate(entry, start=1):
            put(help_sheet, number, column, text)
    for letter, width in zip("ABC", (16, 60, 60), strict=True):
        help_sheet.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _json_number(value: Decimal | None) -> str | None:
    return None if value is None else _plain(Decimal(str(value)))


def _render_json(rows: list[dict[str, Any]]) -> bytes:
    document = {"format": FORMAT_NAME, "version": FORMAT_VERSION, "nodes": [{
        "key": row.get("key") or "",
        "parent_key": row.get("parent_key") or None,
        "kind": row["kind"], "code": row.get("code") or "", "title": row["title"],
        "description": row.get("description") or "",
        "responsible": row.get("responsible") or "",
        "areas": list(row.get("areas") or []),
        "indicators": [{
            "name": spec.get("name") or "", "unit": spec.get("unit") or "",
            "baseline_value": _json_number(spec.get("baseline_value")),
            "baseline_year": spec.get("baseline_year"),
            "target_value": _json_number(spec.get("target_value")),
            "target_year": spec.get("target_year"),
            "values": {str(year): _json_number(value) for year, value in
                       sorted((spec.get("values") or {}).items(), key=lambda i: int(i[0]))},
        } for spec in row.get("indicators") or []],
    } for row in rows]}
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def render_tree(rows: list[dict[str, Any]], fmt: str) -> bytes:
    """Write rows (from `export_tree` or `parse_tree`) as a CSV, XLSX or JSON file."""
    fmt = (fmt or "").lower().lstrip(".")
    if fmt == "csv":
        return _render_csv(rows)
    if fmt == "xlsx":
        return _render_xlsx(rows)
    if fmt == "json":
        return _render_json(rows)
    raise ValueError(f"unknown format {fmt!r}")
