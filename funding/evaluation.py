"""How well matching puts the right calls first, measured on a judged set.

`data/judged_pairs.json` holds demo-like calls and intentions (no database ids) and human
judgements of intention–call pairs: fits or does not fit, with the reason. `create_records`
writes the calls and intentions through the services (dates relative to `today`);
`evaluate` ranks the calls for every intention with the matcher the pages use and reports
the precision of the top 3: of the calls shown in the first three places, the share judged
to fit. A pair nobody judged counts as not fitting (and is listed, so it can be judged).

Used by funding/tests/test_matching_judged.py and bench/matching.py.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from concept.models import KeyArea, Technology
from intentions import services as intention_services
from territory.models import TerritorialUnit

from . import services
from .models import Call, Programme

JUDGED_PAIRS = Path(__file__).resolve().parent / "data" / "judged_pairs.json"
TOP = 3


def load(path: Path = JUDGED_PAIRS) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def judgements(data: dict[str, Any]) -> dict[tuple[str, str], tuple[bool, str]]:
    """(intention key, call identifier) → (fits, reason)."""
    return {(key, call): (fits, reason) for key, call, fits, reason in data["judgements"]}


def _mil(value) -> Decimal:
    return (Decimal(str(value)) * 1_000_000).quantize(Decimal("1"))


def create_records(actor, data: dict[str, Any], today: dt.date) -> tuple[dict[str, Call],
                                                                          dict[str, Any]]:
    """The set's calls (by identifier) and intentions (by key), written through the
    services by `actor` (who may manage calls and prepare intentions anywhere)."""
    programmes = {}
    for code, name, provider_type, provider in data["programmes"]:
        programmes[code] = Programme.objects.filter(code=code).first() or \
            services.save_programme(actor, code=code, name=name, provider_type=provider_type,
                                    provider=provider)
    areas = {a.code: a for a in KeyArea.objects.all()}
    technologies = {t.code: t for t in Technology.objects.all()}
    calls = {}
    for row in data["calls"]:
        opens_on = today + dt.timedelta(days=row["opens_in_days"])
        low, high = row["support_mil"]
        calls[row["identifier"]] = services.create_call(actor, services.CallData(
            programme=programmes[row["programme"]], identifier=row["identifier"],
            title=row["title"], description=row["description"],
            applicant_types=row["applicant_types"], min_population=row["min_population"],
            max_population=row["max_population"],
            territories=list(TerritorialUnit.objects.filter(code__in=row["territory"])),
            areas=[areas[c] for c in row["areas"]], allocation=_mil(500),
            min_support=_mil(low), max_support=_mil(high),
            cofinancing_rate=Decimal(row["cofinancing_rate"]), opens_on=opens_on,
            closes_on=opens_on + dt.timedelta(days=row["open_for_days"])))
    intentions = {}
    for row in data["intentions"]:
        unit = TerritorialUnit.objects.get(code=row["lead_unit"])
        total = _mil(row["total_cost_mil"])
        start = dt.date(today.year + 1, 1, 1)
        intentions[row["key"]] = intention_services.create_intention(
            actor, title=row["title"], lead_unit=unit, problem=row["problem"],
            description=row["description"], main_area=areas[row["main_area"]],
            other_areas=[areas[c] for c in row["other_areas"]],
            technologies=[technologies[c] for c in row["technologies"]],
            readiness=row["readiness"], start_date=start,
            end_date=dt.date(start.year + 1, 12, 31), total_cost=total,
            budget=[(start.year, "own", total)])
    return calls, intentions


@dataclass
class Ranked:
    key: str
    shown: list[str]  # identifiers of the calls in the first places, best first
    hits: int
    unjudged: list[str] = field(default_factory=list)
    fitting: int = 0  # calls judged to fit this intention


@dataclass
class Report:
    rankings: list[Ranked]

    @property
    def shown(self) -> int:
        return sum(len(r.shown) for r in self.rankings)

    @property
    def hits(self) -> int:
        return sum(r.hits for r in self.rankings)

    @property
    def precision(self) -> float:
        """Of the calls shown in the first three places, the share judged to fit."""
        return self.hits / self.shown if self.shown else 0.0

    @property
    def found(self) -> float:
        """Of the places that could hold a fitting call (three, or fewer when fewer calls
        fit), the share that does."""
        possible = sum(min(TOP, r.fitting) for r in self.rankings)
        return self.hits / possible if possible else 0.0

    def lines(self) -> list[str]:
        out = []
        for r in self.rankings:
            marks = []
            for identifier in r.shown:
                mark = "?" if identifier in r.unjudged else ""
                marks.append(identifier + mark)
            out.append(f"{r.key:18} {r.hits}/{len(r.shown)}  {', '.join(marks) or '–'}")
        out.append(f"precision of the top {TOP}: {self.precision:.2f} ({self.hits} of "
                   f"{self.shown} shown calls fit); fitting calls found in the top {TOP}: "
                   f"{self.found:.2f}")
        return out


def evaluate(data: dict[str, Any], intentions: dict[str, Any],
             rank: Callable[[Any], list[tuple[Any, Any]]]) -> Report:
    """Rank the calls for every intention with `rank(intention)` → [(call, match)], best
    first, and compare the first three with the judgements."""
    judged = judgements(data)
    rankings = []
    for key, intention in intentions.items():
        shown = [call.identifier for call, _match in rank(intention)[:TOP]]
        hits = sum(1 for c in shown if judged.get((key, c), (False, ""))[0])
        unjudged = [c for c in shown if (key, c) not in judged]
        fitting = sum(1 for (k, _c), (fits, _r) in judged.items() if k == key and fits)
        rankings.append(Ranked(key, shown, hits, unjudged, fitting))
    return Report(rankings)
