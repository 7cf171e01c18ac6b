"""Exports of intentions: the list (CSV/XLSX/JSON, one row per intention with the budget by
source and, in the spreadsheets, by year and the names beside the codes) and one fiche
(every part, the budget by year and source)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse

from core.exports import CONTENT_TYPES, Column, Sheet, render_export, render_sheets

from .models import BudgetLine, FundingSource, Intention, Readiness, Status
from .queries import budget_table, can_see_budget, shown_strategy_nodes


def _money(value) -> str | None:
    return None if value is None else f"{value:.2f}"


def _hidden_budget(user):
    cache: dict[int, bool] = {}

    def visible(intention: Intention) -> bool:
        if intention.pk not in cache:
            cache[intention.pk] = can_see_budget(user, intention)
        return cache[intention.pk]

    return visible


def _label(choices, value: str) -> str:
    """The choice's label in the active language (the code when it is not a choice)."""
    return str(dict(choices).get(value, value)) if value else ""


def budget_years(intentions) -> list[int]:
    """The years the intentions' budget lines fall in (one query), for the columns of the
    budget by year."""
    return sorted(BudgetLine.objects.filter(intention__in=intentions.order_by().values("pk"))
                  .order_by().values_list("year", flat=True).distinct())


def name_columns() -> dict[str, Column]:
    """The names beside the codes (by the key of the code's column), for people reading a
    spreadsheet; the API's JSON keeps the codes alone."""
    return {
        "status": Column("status_name", "status_name",
                         lambda i: _label(Status.choices, i.status)),
        "readiness": Column("readiness_name", "readiness_name",
                            lambda i: _label(Readiness.choices, i.readiness)),
        "kraj": Column("kraj_name", "kraj_name", lambda i: i.lead_unit.kraj.name
                       if i.lead_unit.kraj_id else i.lead_unit.name),
        "orp": Column("orp_name", "orp_name",
                      lambda i: i.lead_unit.orp.name if i.lead_unit.orp_id else ""),
        "partner_units": Column("partner_unit_names", "partner_unit_names",
                                lambda i: [u.name for u in i.partner_units.all()]),
        "main_area": Column("main_area_name", "main_area_name",
                            lambda i: i.main_area.name if i.main_area_id else ""),
        "other_areas": Column("other_area_names", "other_area_names",
                              lambda i: [a.name for a in i.other_areas.all()]),
        "technologies": Column("technology_names", "technology_names",
                               lambda i: [t.name for t in i.technologies.all()]),
    }


def list_columns(user, *, years: list[int] | None = None,
                 names: bool = False) -> list[Column]:
    """The list's columns; with `names` the names beside the codes, with `years` the budget
    of each of those years (both for the spreadsheets)."""
    visible = _hidden_budget(user)

    def by_source(code: str):
        def value(i: Intention):
            if not visible(i):
                return None
            return _money(sum((b.amount for b in i.budget.all() if b.source == code), 0))
        return value

    columns = [
        Column("id", "id", lambda i: i.pk),
        Column("title", "title", lambda i: i.title),
        Column("status", "status", lambda i: i.status),
        Column("readiness", "readiness", lambda i: i.readiness),
        Column("lead_unit", "lead_unit", lambda i: i.lead_unit.code),
        Column("lead_unit_name", "lead_unit_name", lambda i: i.lead_unit.name),
        Column("kraj", "kraj", lambda i: i.lead_unit.kraj.code if i.lead_unit.kraj_id
               else i.lead_unit.code),
        Column("orp", "orp", lambda i: i.lead_unit.orp.code if i.lead_unit.orp_id else ""),
        Column("size_class", "size_class", lambda i: i.lead_unit.size_class),
        Column("partner_units", "partner_units", lambda i: [u.code for u in
                                                            i.partner_units.all()]),
        Column("main_area", "main_area", lambda i: i.main_area.code if i.main_area_id else ""),
        Column("other_areas", "other_areas", lambda i: [a.code for a in i.other_areas.all()]),
        Column("technologies", "technologies", lambda i: [t.code for t in
                                                          i.technologies.all()]),
        Column("start_date", "start_date", lambda i: i.start_date.isoformat()
               if i.start_date else ""),
        Column("end_date", "end_date", lambda i: i.end_date.isoformat() if i.end_date else ""),
        Column("total_cost_czk", "total_cost_czk",
               lambda i: _money(i.total_cost) if visible(i) else None),
        Column("budget_czk", "budget_czk",
               lambda i: _money(i.budget_total) if visible(i) else None),
    ]
    columns += [Column(f"budget_{code}_czk", f"budget_{code}_czk", by_source(code))
                for code in FundingSource.values]

    def by_year(year: int):
        def value(i: Intention):
            if not visible(i):
                return None
            return _money(sum((b.amount for b in i.budget.all() if b.year == year), 0))
        return value

    columns += [Column(f"budget_{year}_czk", f"budget_{year}_czk", by_year(year))
                for year in years or []]
    columns += [
        Column("progress", "progress", lambda i: i.progress),
        Column("completeness", "completeness", lambda i: i.completeness),
        Column("url", "url", lambda i: i.get_absolute_url()),
    ]
    if not names:
        return columns
    beside = name_columns()
    return [shown for column in columns
            for shown in ([column, beside[column.key]] if column.key in beside else [column])]


def list_export(intentions, fmt: str, filename: str, user) -> HttpResponse:
    sheets = fmt != "json"
    years = sorted({b.year for i in intentions for b in i.budget.all()}) if sheets else None
    return render_export(intentions, list_columns(user, years=years, names=sheets), fmt,
                         filename)


def fiche_dict(intention: Intention, show_budget: bool, viewer: Any = None) -> dict[str, Any]:
    """The fiche as data; strategy elements as far as the viewer may see them (without a
    viewer, the public rule)."""
    table = budget_table(intention)
    viewer = viewer if viewer is not None else AnonymousUser()
    data = {
        "id": intention.pk, "title": intention.title, "status": intention.status,
        "readiness": intention.readiness, "lead_unit": intention.lead_unit.code,
        "lead_unit_name": intention.lead_unit.name,
        "partner_units": [u.code for u in intention.partner_units.all()],
        "problem": intention.problem, "goals": intention.goals,
        "target_groups": intention.target_groups, "description": intention.description,
        "main_area": intention.main_area.code if intention.main_area_id else None,
        "other_areas": [a.code for a in intention.other_areas.all()],
        "technologies": [t.code for t in intention.technologies.all()],
        "sdgs": [s.code for s in intention.sdgs.all()],
        "strategy_nodes": [{"id": n.pk, "code": n.code, "title": n.title,
                            "strategy": n.strategy.title}
                           for n in shown_strategy_nodes(viewer, intention)],
        "start_date": intention.start_date.isoformat() if intention.start_date else None,
        "end_date": intention.end_date.isoformat() if intention.end_date else None,
        "progress": intention.progress,
        "outputs": [{"name": o.name, "unit": o.unit,
                     "baseline": str(o.baseline) if o.baseline is not None else None,
                     "target": str(o.target) if o.target is not None else None,
                     "target_year": o.target_year} for o in intention.outputs.all()],
        "partners": [{"name": p.name, "sector": p.sector, "role": p.role}
                     for p in intention.partners.all()],
        "activities": [{"title": a.title, "progress": a.progress,
                        "start_date": a.start_date.isoformat() if a.start_date else None,
                        "end_date": a.end_date.isoformat() if a.end_date else None}
                       for a in intention.activities.all()],
        "budget_public": intention.budget_public,
    }
    if show_budget:
        data["total_cost"] = _money(intention.total_cost)
        data["budget_total"] = _money(table.total)
        data["budget"] = [{"year": y, "source": s, "amount": _money(a)}
                          for (y, s), a in sorted(table.cells.items())]
    return data


def fiche_export(intention: Intention, fmt: str, show_budget: bool,
                 viewer: Any = None) -> HttpResponse:
    data = fiche_dict(intention, show_budget, viewer)
    name = f"fiche-{intention.pk}"
    if fmt == "json":
        response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=1),
                                content_type=CONTENT_TYPES["json"])
        response["Content-Disposition"] = f'attachment; filename="{name}.json"'
        return response
    rows: list[list[Any]] = [["field", "value"]]
    beside = _fiche_names(intention)
    for key, value in data.items():
        if key == "budget":
            continue
        if isinstance(value, list):
            value = "; ".join(json.dumps(v, ensure_ascii=False) if isinstance(v, dict)
                              else str(v) for v in value)
        rows.append([key, "" if value is None else value])
        if key in beside:  # for people: the name beside the code
            rows.append(list(beside[key]))
    sheets: list[Sheet] = [("fiche", rows)]
    if show_budget:
        years: dict[int, Any] = {}
        for line in data["budget"]:
            years[line["year"]] = years.get(line["year"], 0) + Decimal(line["amount"])
        # The budget of each year beside the total, as the list's columns name it.
        rows += [[f"budget_{year}_czk", _money(amount)] for year, amount in sorted(years.items())]
        sources = dict(FundingSource.choices)
        sheets.append(("budget", [["year", "source", "amount_czk", "source_name"]] + [
            [b["year"], b["source"], b["amount"], str(sources.get(b["source"], b["source"]))]
            for b in data["budget"]]))
    return render_sheets(sheets, fmt, name)


def _fiche_names(intention: Intention) -> dict[str, tuple[str, str]]:
    """The rows naming what the fiche's codes mean, by the key of the code's row."""
    return {
        "status": ("status_name", _label(Status.choices, intention.status)),
        "readiness": ("readiness_name", _label(Readiness.choices, intention.readiness)),
        "partner_units": ("partner_unit_names",
                          "; ".join(u.name for u in intention.partner_units.all())),
        "main_area": ("main_area_name",
                      intention.main_area.name if intention.main_area_id else ""),
        "other_areas": ("other_area_names",
                        "; ".join(a.name for a in intention.other_areas.all())),
        "technologies": ("technology_names",
                         "; ".join(t.name for t in intention.technologies.all())),
        "sdgs": ("sdg_names", "; ".join(str(s) for s in intention.sdgs.all())),
    }
