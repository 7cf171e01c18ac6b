"""Scoring is pure: no database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from funding.matching import CallProfile, IntentionProfile, demand, score

TODAY = dt.date(2026, 3, 1)


def intention(**changes) -> IntentionProfile:
    values = {"main_area": "B2", "other_areas": frozenset({"B1"}), "applicant_type": "obec",
              "population": 30000, "territory": frozenset({"549240", "400", "CZ031", "CZ"}),
              "budget_total": Decimal("10000000"), "readiness": "documentation"}
    values.update(changes)
    return IntentionProfile(**values)


def call(**changes) -> CallProfile:
    values = {"areas": frozenset({"B2", "C1"}), "applicant_types": frozenset({"obec"}),
              "min_population": None, "max_population": None, "territory": frozenset(),
              "min_support": Decimal("1000000"), "max_support": Decimal("20000000"),
              "cofinancing_rate": Decimal("15"), "opens_on": dt.date(2026, 2, 1),
              "closes_on": dt.date(2026, 12, 31)}
    values.update(changes)
    return CallProfile(**values)


def test_perfect_fit_scores_100_with_a_reason_per_criterion():
    match = score(intention(), call(), TODAY)
    assert match.eligible and match.score == 100
    assert [r.criterion for r in match.reasons] == ["area", "applicant", "size", "territory",
                                                    "budget", "dates"]
    assert match.requested_support == Decimal("8500000.00")
    assert "8\u00a0500\u00a0000\u00a0Kč" in match.reasons[4].message


def test_secondary_area_scores_less_than_main():
    assert score(intention(main_area="A1"), call(areas=frozenset({"B1"})), TODAY).score == 85
    assert score(intention(main_area="A1", other_areas=frozenset()), call(),
                 TODAY).score == 65


def test_hard_conditions_make_it_ineligible():
    for changed in (call(applicant_types=frozenset({"kraj"})), call(max_population=10000),
                    call(territory=frozenset({"CZ063"})), call(closes_on=dt.date(2026, 1, 1))):
        match = score(intention(), changed, TODAY)
        assert not match.eligible and match.score == 0
        assert any(r.hard_fail for r in match.reasons)
    assert score(intention(), call(territory=frozenset({"CZ031"})), TODAY).eligible


def test_budget_limits():
    below = score(intention(budget_total=Decimal("500000")), call(), TODAY)
    assert below.eligible and below.reasons[4].points == 0
    assert "minimum" in below.reasons[4].message
    above = score(intention(budget_total=Decimal("50000000")), call(), TODAY)
    assert above.reasons[4].points == 10
    assert above.requested_support == Decimal("20000000")


def test_dates_reachable_given_readiness():
    soon = call(closes_on=dt.date(2026, 6, 30))
    assert score(intention(readiness="ready"), soon, TODAY).reasons[5].points == 10
    idea = score(intention(readiness="idea"), soon, TODAY)
    assert idea.reasons[5].points == 0 and "12" in idea.reasons[5].message


def test_demand_against_allocation():
    matches = [score(intention(), call(), TODAY), score(intention(), call(), TODAY)]
    total, ratio = demand(matches, Decimal("8500000"))
    assert total == Decimal("17000000.00") and ratio == Decimal("2.00")
