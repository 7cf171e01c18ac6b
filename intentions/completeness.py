"""The completeness check of a fiche against the methodology: a pure function over a plain
snapshot, testable without a database.

Every check says which wizard step fixes it. Mandatory checks must all pass before the
intention can be submitted; recommended ones only raise the score (`core.completeness`,
the shape strategies' check shares).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from core.completeness import Check, Report
from core.money import format_czk


@dataclass(frozen=True)
class NodeLink:
    label: str  # "1.2.3 Measure title"
    strategy: str
    valid_from: int | None
    valid_to: int | None


@dataclass(frozen=True)
class OutputRow:
    name: str
    unit: str
    baseline: Decimal | None
    target: Decimal | None
    target_year: int | None


@dataclass
class FicheData:
    title: str = ""
    problem: str = ""
    goals: str = ""
    target_groups: str = ""
    description: str = ""
    main_area: str = ""
    technologies: int = 0
    sdgs: int = 0
    nodes: list[NodeLink] = field(default_factory=list)
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    total_cost: Decimal | None = None
    budget: list[tuple[int, str, Decimal]] = field(default_factory=list)
    outputs: list[OutputRow] = field(default_factory=list)
    partners: int = 0
    activities: int = 0
    # invalid input not yet stored: {step: {field label: raw value}}
    pending: dict[str, dict[str, str]] = field(default_factory=dict)


def _text(value: str) -> bool:
    return bool((value or "").strip())


def check(data: FicheData) -> Report:
    checks: list[Check] = []

    def add(code, step, ok, mandatory, message, weight=1):
        checks.append(Check(code, bool(ok), mandatory, message, weight, step=step))

    add("title", "basics", _text(data.title), True, _("Enter the title."))
    add("problem", "basics", _text(data.problem), True,
        _("Describe the problem the project solves."), 2)
    add("goals", "basics", _text(data.goals), True, _("State the project's goals."), 2)
    add("target_groups", "basics", _text(data.target_groups), True,
        _("Name the target groups."))
    add("description", "basics", _text(data.description), True,
        _("Describe the project."), 2)
    add("main_area", "classification", data.main_area, True,
        _("Choose the main key area of the Smart Cities Concept."), 2)
    add("technologies", "classification", data.technologies > 0, True,
        _("Choose at least one technology used."))
    add("strategy", "classification", data.nodes, False,
        _("Link the measures or activities of strategies that the project implements."), 2)
    add("sdgs", "classification", data.sdgs > 0, False,
        _("Choose the UN Sustainable Development Goals the project contributes to."))

    dates = data.start_date is not None and data.end_date is not None
    add("dates", "budget", dates, True, _("Enter the planned start and end."), 2)
    order_ok = not dates or data.end_date >= data.start_date
    add("date_order", "budget", order_ok, True,
        _("The planned end (%(end)s) is before the start (%(start)s).") % {
            "end": _date(data.end_date), "start": _date(data.start_date)})

    lines_total = sum((amount for _y, _s, amount in data.budget), Decimal(0))
    add("budget", "budget", lines_total > 0, True,
        _("Enter the budget by year and funding source."), 2)
    if data.total_cost is None:
        add("total_cost", "budget", False, True, _("Enter the total cost of the project."))
    else:
        add("budget_sum", "budget", data.total_cost == lines_total, True,
            _("The budget by year and source adds up to %(lines)s, but the total cost is "
              "%(total)s (difference %(diff)s).") % {
                "lines": format_czk(lines_total), "total": format_czk(data.total_cost),
                "diff": format_czk(abs(data.total_cost - lines_total))}, 2)
    if dates and order_ok:
        outside = sorted({y for y, _s, amount in data.budget
                          if amount and not data.start_date.year <= y <= data.end_date.year})
        add("budget_years", "budget", not outside, True,
            _("The budget has amounts in %(years)s, outside the project's years "
              "%(start)s–%(end)s.") % {"years": ", ".join(map(str, outside)),
                                        "start": data.start_date.year,
                                        "end": data.end_date.year})
        years = set(range(data.start_date.year, data.end_date.year + 1))
        for node in data.nodes:
            valid = {y for y in years if (node.valid_from or 0) <= y <= (node.valid_to or 9999)}
            if valid != years:
                add(f"node_valid:{node.label}", "classification", False, False,
                    _("%(node)s belongs to the strategy “%(strategy)s”, valid %(from)s–%(to)s, "
                      "not in all the project's years %(start)s–%(end)s.") % {
                        "node": node.label, "strategy": node.strategy,
                        "from": node.valid_from or "…", "to": node.valid_to or "…",
                        "start": data.start_date.year, "end": data.end_date.year})

    complete_outputs = [o for o in data.outputs if _text(o.name) and o.target is not None]
    add("outputs", "outputs", complete_outputs, True,
        _("Enter at least one output or indicator with its target value."), 2)
    for output in data.outputs:
        if _text(output.name) and not _text(output.unit):
            add(f"output_unit:{output.name}", "outputs", False, False,
                _("Give the unit of “%(name)s”.") % {"name": output.name})
        if (output.baseline is not None and output.target is not None
                and output.baseline == output.target):
            add(f"output_change:{output.name}", "outputs", False, False,
                _("The target of “%(name)s” equals its baseline.") % {"name": output.name})
        if output.target_year and dates and order_ok and not (
                data.start_date.year <= output.target_year <= data.end_date.year + 5):
            add(f"output_year:{output.name}", "outputs", False, False,
                _("The target year of “%(name)s” is far from the project's period.")
                % {"name": output.name})
    add("partners", "partners", data.partners > 0, False,
        _("Name the partners (public administration, academia, business, civil society)."))
    add("activities", "partners", data.activities > 0, False,
        _("Break the project down into activities; its progress rolls up from them."))
    for step, values in sorted(data.pending.items()):
        for name, raw in sorted(values.items()):
            add(f"pending:{step}:{name}", step, False, True,
                _("The value entered for “%(field)s” is not valid yet: %(value)s") % {
                    "field": name, "value": raw})
    return Report(checks)


def _date(value: dt.date | None) -> str:
    return f"{value.day}. {value.month}. {value.year}" if value else "–"
