"""Matching project intentions and funding calls: pure scoring functions with reasons,
testable without a database.

A score is the sum of points over criteria (area, applicant, size, territory, budget,
dates); each criterion says why it gave what it gave. Hard conditions (applicant type,
size, territory, a closed call) make the pair ineligible whatever the points.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from core.money import format_czk

# Months an applicant typically needs from each readiness stage to a complete application.
MONTHS_TO_APPLY = {"idea": 12, "study": 8, "documentation": 4, "permit": 2, "ready": 0}
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class IntentionProfile:
    main_area: str
    other_areas: frozenset[str]
    applicant_type: str
    population: int | None
    territory: frozenset[str]  # codes of the leading unit and every unit above it
    budget_total: Decimal
    readiness: str
    start_date: dt.date | None = None
    # The viewer may not see the budget: no amount, no budget reason, no budget points.
    budget_hidden: bool = False


@dataclass(frozen=True)
class CallProfile:
    areas: frozenset[str]
    applicant_types: frozenset[str]
    min_population: int | None
    max_population: int | None
    territory: frozenset[str]  # empty: the whole country
    min_support: Decimal | None
    max_support: Decimal | None
    cofinancing_rate: Decimal
    opens_on: dt.date
    closes_on: dt.date


@dataclass(frozen=True)
class Reason:
    criterion: str
    points: int
    max_points: int
    message: str
    hard_fail: bool = False


@dataclass
class Match:
    score: int
    eligible: bool
    reasons: list[Reason] = field(default_factory=list)
    requested_support: Decimal | None = Decimal(0)  # None: the budget is not public


WEIGHTS = {"area": 35, "applicant": 15, "size": 10, "territory": 10, "budget": 20,
           "dates": 10}


def requested_support(intention: IntentionProfile, call: CallProfile) -> Decimal:
    """What the intention would ask from the call: its cost less the co-financing, capped
    by the call's maximum."""
    share = (HUNDRED - call.cofinancing_rate) / HUNDRED
    support = (intention.budget_total * share).quantize(Decimal("0.01"))
    if call.max_support is not None and support > call.max_support:
        support = call.max_support
    return support


def score(intention: IntentionProfile, call: CallProfile, today: dt.date) -> Match:
    reasons: list[Reason] = []

    # Area of the Smart Cities Concept.
    if not call.areas:
        reasons.append(Reason("area", 20, WEIGHTS["area"],
                              _("The call is open to every key area.")))
    elif intention.main_area in call.areas:
        reasons.append(Reason("area", 35, WEIGHTS["area"],
                              _("The main key area %(area)s is supported by the call.")
                              % {"area": intention.main_area}))
    elif intention.other_areas & call.areas:
        shared = ", ".join(sorted(intention.other_areas & call.areas))
        reasons.append(Reason("area", 20, WEIGHTS["area"],
                              _("A secondary key area (%(areas)s) is supported by the call.")
                              % {"areas": shared}))
    else:
        reasons.append(Reason("area", 0, WEIGHTS["area"],
                              _("None of the intention's key areas is supported by the "
                                "call.")))

    # Applicant type.
    if not call.applicant_types or intention.applicant_type in call.applicant_types:
        reasons.append(Reason("applicant", 15, WEIGHTS["applicant"],
                              _("The leading unit is an eligible applicant.")))
    else:
        reasons.append(Reason("applicant", 0, WEIGHTS["applicant"],
                              _("The leading unit is not an eligible type of applicant."),
                              hard_fail=True))

    # Size of the municipality.
    population = intention.population
    too_small = call.min_population is not None and (population or 0) < call.min_population
    too_big = call.max_population is not None and population is not None \
        and population > call.max_population
    if too_small or too_big:
        reasons.append(Reason("size", 0, WEIGHTS["size"],
                              _("The population (%(population)s) is outside the call's limits "
                                "%(low)s–%(high)s.") % {
                                  "population": population if population is not None else "?",
                                  "low": call.min_population or 0,
                                  "high": call.max_population or "…"}, hard_fail=True))
    else:
        reasons.append(Reason("size", 10, WEIGHTS["size"],
                              _("The size of the municipality fits the call.")))

    # Territory.
    if not call.territory or intention.territory & call.territory:
        reasons.append(Reason("territory", 10, WEIGHTS["territory"],
                              _("The intention lies in the call's eligible territory.")))
    else:
        reasons.append(Reason("territory", 0, WEIGHTS["territory"],
                              _("The intention lies outside the call's eligible territory."),
                              hard_fail=True))

    # Budget within the limits of support (left out when the viewer may not see it).
    support: Decimal | None = None
    if not intention.budget_hidden:
        support = _budget_reason(intention, call, reasons)

    # Dates: can the applicant be ready before the call closes?
    _dates_reason(intention, call, today, reasons)

    total = sum(r.points for r in reasons)
    eligible = not any(r.hard_fail for r in reasons)
    return Match(total if eligible else 0, eligible, reasons, support)


def _budget_reason(intention: IntentionProfile, call: CallProfile,
                   reasons: list[Reason]) -> Decimal:
    support = requested_support(intention, call)
    uncapped = (intention.budget_total * (HUNDRED - call.cofinancing_rate) / HUNDRED
                ).quantize(Decimal("0.01"))
    if intention.budget_total <= 0:
        reasons.append(Reason("budget", 0, WEIGHTS["budget"],
                              _("The intention has no budget yet.")))
    elif call.min_support is not None and uncapped < call.min_support:
        reasons.append(Reason("budget", 0, WEIGHTS["budget"],
                              _("The support it would ask (%(support)s) is below the call's "
                                "minimum %(minimum)s.") % {
                                  "support": format_czk(uncapped),
                                  "minimum": format_czk(call.min_support)}))
    elif call.max_support is not None and uncapped > call.max_support:
        reasons.append(Reason("budget", 10, WEIGHTS["budget"],
                              _("The support would be capped at the call's maximum %(maximum)s "
                                "(the intention would need %(support)s).") % {
                                  "maximum": format_czk(call.max_support),
                                  "support": format_czk(uncapped)}))
    else:
        reasons.append(Reason("budget", 20, WEIGHTS["budget"],
                              _("The support it would ask (%(support)s at %(rate)s %% "
                                "co-financing) is within the call's limits.") % {
                                  "support": format_czk(support),
                                  "rate": f"{call.cofinancing_rate.normalize():f}"}))
    return support


def _dates_reason(intention: IntentionProfile, call: CallProfile, today: dt.date,
                  reasons: list[Reason]) -> None:
    if call.closes_on < today:
        reasons.append(Reason("dates", 0, WEIGHTS["dates"], _("The call is closed."),
                              hard_fail=True))
    else:
        months = MONTHS_TO_APPLY.get(intention.readiness, 12)
        ready_on = _add_months(today, months)
        if ready_on <= call.closes_on:
            reasons.append(Reason("dates", 10, WEIGHTS["dates"],
                                  _("At this readiness the application can be ready (about "
                                    "%(months)s months) before the call closes.")
                                  % {"months": months}))
        else:
            reasons.append(Reason("dates", 0, WEIGHTS["dates"],
                                  _("The call closes on %(date)s; at this readiness the "
                                    "application needs about %(months)s more months.") % {
                                      "date": f"{call.closes_on.day}. {call.closes_on.month}. "
                                              f"{call.closes_on.year}",
                                      "months": months}))


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return dt.date(year, month, min(day.day, 28))


def demand(matches: list[Match], allocation: Decimal | None) -> tuple[Decimal, Decimal | None]:
    """Total support the fitting intentions would ask, and its ratio to the allocation."""
    total = sum((m.requested_support for m in matches if m.requested_support is not None),
                Decimal(0))
    ratio = (total / allocation).quantize(Decimal("0.01")) if allocation else None
    return total, ratio
