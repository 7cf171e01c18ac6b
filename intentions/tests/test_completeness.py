"""The completeness check is a pure function: no database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from intentions.completeness import FicheData, NodeLink, OutputRow, check


def complete() -> FicheData:
    return FicheData(
        title="Chytré osvětlení", problem="p", goals="g", target_groups="t", description="d",
        main_area="B2", technologies=1, sdgs=1,
        nodes=[NodeLink("1.1.1 Úspory energie", "Strategie 2021–2030", 2021, 2030)],
        start_date=dt.date(2026, 1, 1), end_date=dt.date(2027, 12, 31),
        total_cost=Decimal("3000000"),
        budget=[(2026, "own", Decimal("1000000")), (2027, "eu", Decimal("2000000"))],
        outputs=[OutputRow("Svítidla", "ks", Decimal(0), Decimal(100), 2027)],
        partners=1, activities=1)


def test_complete_fiche_scores_100_and_can_be_submitted():
    report = check(complete())
    assert report.score == 100
    assert report.can_submit
    assert report.problems == []


def test_empty_fiche_lists_every_mandatory_part():
    report = check(FicheData(title="Jen název"))
    codes = {c.code for c in report.blocking}
    assert {"problem", "goals", "description", "main_area", "technologies", "dates",
            "budget", "total_cost", "outputs"} <= codes
    assert not report.can_submit
    assert 0 < report.score < 20


def test_budget_sum_mismatch_is_reported_with_czech_amounts():
    data = complete()
    data.total_cost = Decimal("3250000")
    report = check(data)
    [problem] = report.blocking
    assert problem.code == "budget_sum"
    assert "3\u00a0000\u00a0000\u00a0Kč" in problem.message
    assert "250\u00a0000\u00a0Kč" in problem.message


def test_end_before_start_and_budget_outside_the_years():
    data = complete()
    data.end_date = dt.date(2025, 6, 30)
    codes = {c.code for c in check(data).blocking}
    assert "date_order" in codes
    data = complete()
    data.budget.append((2029, "own", Decimal("1")))
    data.total_cost += 1
    problems = check(data).blocking
    assert [p.code for p in problems] == ["budget_years"]
    assert "2029" in problems[0].message


def test_measure_of_a_strategy_not_valid_in_those_years_is_a_warning():
    data = complete()
    data.nodes = [NodeLink("2.1 Cyklostezky", "Plán 2016–2026", 2016, 2026)]
    report = check(data)
    [problem] = report.problems
    assert problem.code.startswith("node_valid")
    assert not problem.mandatory
    assert report.can_submit and report.score < 100


def test_pending_invalid_input_blocks_submission():
    data = complete()
    data.pending = {"budget": {"total_cost": "12 mil"}}
    report = check(data)
    assert not report.can_submit
    assert "12 mil" in report.blocking[0].message
