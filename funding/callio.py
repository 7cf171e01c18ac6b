"""Import and export of calls as CSV / XLSX: the columns, and reading rows into CallData
with every problem listed by row (nothing is written while any row is wrong)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from concept.models import KeyArea
from core.exports import Column
from core.money import MoneyError, parse_czk
from territory.models import TerritorialUnit

from .models import Call, Programme
from .services import CallData


def _money(value) -> str:
    return "" if value is None else f"{value:.2f}"


COLUMNS = [
    Column("identifier", "identifier", lambda c: c.identifier),
    Column("title", "title", lambda c: c.title),
    Column("programme", "programme", lambda c: c.programme.code),
    Column("provider", "provider", lambda c: c.provider),
    Column("provider_type", "provider_type", lambda c: c.programme.provider_type),
    Column("applicant_types", "applicant_types", lambda c: list(c.applicant_types)),
    Column("min_population", "min_population", lambda c: c.min_population),
    Column("max_population", "max_population", lambda c: c.max_population),
    Column("territories", "territories", lambda c: [u.code for u in c.territories.all()]),
    Column("areas", "areas", lambda c: [a.code for a in c.areas.all()]),
    Column("allocation_czk", "allocation_czk", lambda c: _money(c.allocation)),
    Column("min_support_czk", "min_support_czk", lambda c: _money(c.min_support)),
    Column("max_support_czk", "max_support_czk", lambda c: _money(c.max_support)),
    Column("cofinancing_rate", "cofinancing_rate", lambda c: f"{c.cofinancing_rate:.2f}"),
    Column("opens_on", "opens_on", lambda c: c.opens_on.isoformat()),
    Column("closes_on", "closes_on", lambda c: c.closes_on.isoformat()),
    Column("state", "state", lambda c: c.state),
    Column("web_url", "web_url", lambda c: c.web_url),
    Column("description", "description", lambda c: c.description),
    Column("documents", "documents", lambda c: [f"{d.title}|{d.url}" for d in
                                                c.documents.all()]),
]
REQUIRED = ("identifier", "title", "programme", "opens_on", "closes_on")
FORMATS = ("csv", "xlsx")  # of an import file; one of another name is read as CSV


class CallImportError(ValueError):
    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


def read_rows(data: bytes, fmt: str) -> list[dict[str, str]]:
    if fmt == "xlsx":
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as error:  # noqa: BLE001 - any unreadable workbook
            raise CallImportError([_("The file is not a readable XLSX workbook.")]) from error
        rows = list(workbook.active.iter_rows(values_only=True))
        if not rows:
            return []
        header = [str(h or "").strip() for h in rows[0]]
        return [{header[i]: "" if v is None else (v.isoformat()[:10] if isinstance(
                    v, dt.date | dt.datetime) else str(v)) for i, v in enumerate(row)
                 if i < len(header)} for row in rows[1:] if any(v not in (None, "") for v in row)]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CallImportError([_("The CSV file is not in UTF-8.")]) from None
    return [row for row in csv.DictReader(io.StringIO(text)) if any((v or "").strip()
                                                                    for v in row.values())]


def _list(value: str) -> list[str]:
    return [part.strip() for part in (value or "").replace(",", ";").split(";")
            if part.strip()]


def parse_calls(data: bytes, fmt: str) -> list[CallData]:
    rows = read_rows(data, fmt)
    if not rows:
        raise CallImportError([_("The file has no rows.")])
    missing = [c for c in REQUIRED if c not in rows[0]]
    if missing:
        raise CallImportError([_("Missing columns: %(columns)s") % {
            "columns": ", ".join(missing)}])
    programmes = {p.code: p for p in Programme.objects.all()}
    areas = {a.code: a for a in KeyArea.objects.all()}
    errors: list[str] = []
    result = []
    for number, row in enumerate(rows, start=2):
        problems: list[str] = []

        def get(name: str, row=row) -> str:
            return (row.get(name) or "").strip()

        def money(name: str, problems=problems) -> Decimal | None:
            if not get(name):
                return None
            try:
                return parse_czk(get(name))
            except MoneyError:
                problems.append(_("%(column)s is not an amount") % {"column": name})
                return None

        def date(name: str, problems=problems) -> dt.date | None:
            try:
                return dt.date.fromisoformat(get(name)[:10])
            except ValueError:
                problems.append(_("%(column)s is not a date (YYYY-MM-DD)") % {"column": name})
                return None

        def integer(name: str, problems=problems) -> int | None:
            if not get(name):
                return None
            try:
                return int(Decimal(get(name)))
            except (InvalidOperation, ValueError, OverflowError):
                problems.append(_("%(column)s is not a whole number") % {"column": name})
                return None

        for name in REQUIRED:
            if not get(name):
                problems.append(_("%(column)s is empty") % {"column": name})
        programme = programmes.get(get("programme"))
        if get("programme") and programme is None:
            problems.append(_("unknown programme %(code)s") % {"code": get("programme")})
        area_codes = _list(get("areas"))
        unknown_areas = [c for c in area_codes if c not in areas]
        if unknown_areas:
            problems.append(_("unknown key areas %(codes)s") % {"codes": ", ".join(
                unknown_areas)})
        territory_codes = _list(get("territories"))
        territories = list(TerritorialUnit.objects.filter(code__in=territory_codes))
        unknown_units = sorted(set(territory_codes) - {u.code for u in territories})
        if unknown_units:
            problems.append(_("unknown territorial units %(codes)s") % {
                "codes": ", ".join(unknown_units)})
        try:
            rate = Decimal(get("cofinancing_rate").replace(",", ".") or "0")
            if not rate.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            problems.append(_("cofinancing_rate is not a number"))
            rate = Decimal(0)
        documents = []
        for item in _list(get("documents")):
            title, _sep, url = item.partition("|")
            documents.append((title.strip() or url.strip(), (url or title).strip()))
        values: dict[str, Any] = {
            "opens_on": date("opens_on") if get("opens_on") else None,
            "closes_on": date("closes_on") if get("closes_on") else None,
            "allocation": money("allocation_czk"), "min_support": money("min_support_czk"),
            "max_support": money("max_support_czk"),
            "min_population": integer("min_population"),
            "max_population": integer("max_population"),
        }
        if problems:
            errors.append(_("Row %(row)s: %(problems)s") % {"row": number,
                                                           "problems": "; ".join(problems)})
            continue
        result.append(CallData(
            programme=programme, identifier=get("identifier"), title=get("title"),
            provider=get("provider"), description=get("description"),
            applicant_types=_list(get("applicant_types")), territories=territories,
            areas=[areas[c] for c in area_codes], cofinancing_rate=rate,
            web_url=get("web_url"), documents=documents, **values))
    if errors:
        raise CallImportError(errors)
    return result


def call_data_from(call: Call) -> CallData:
    return CallData(
        programme=call.programme, identifier=call.identifier, title=call.title,
        provider=call.provider, description=call.description,
        applicant_types=list(call.applicant_types), min_population=call.min_population,
        max_population=call.max_population, territories=list(call.territories.all()),
        areas=list(call.areas.all()), allocation=call.allocation,
        min_support=call.min_support, max_support=call.max_support,
        cofinancing_rate=call.cofinancing_rate, opens_on=call.opens_on,
        closes_on=call.closes_on, web_url=call.web_url,
        documents=[(d.title, d.url) for d in call.documents.all()])
