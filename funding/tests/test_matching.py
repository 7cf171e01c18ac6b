"""Scoring is pure: no database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from funding.matching import (
    CallProfile,
    Corpus,
    IntentionProfile,
    demand,
    score,
    technology_terms,
    text_profile,
)

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


# --- issue 12: honest matching ----------------------------------------------------------------

def test_a_call_closing_before_the_application_can_be_ready_is_too_late_not_a_match():
    soon = call(closes_on=dt.date(2026, 4, 15))  # six weeks; a study needs about 8 months
    late = score(intention(readiness="study"), soon, TODAY)
    assert late.eligible and late.too_late and not late.fits
    assert "8" in late.reasons[-1].message
    ready = score(intention(readiness="ready"), soon, TODAY)
    assert not ready.too_late and ready.fits
    closed = score(intention(), call(closes_on=dt.date(2026, 2, 1)), TODAY)
    assert not closed.eligible and not closed.too_late  # closed is ineligible, not "too late"


def test_an_area_most_calls_carry_weighs_less_than_a_rare_one():
    common = call(areas=frozenset({"B2"}))
    rare = call(areas=frozenset({"C3"}))
    others = [call(areas=frozenset({"B2", "C4"})) for _ in range(9)] + [call(areas=frozenset(
        {"A1"}))]
    corpus = Corpus.of([common, rare, *others])
    assert corpus.area_weight("C3") == 1.0 and corpus.area_weight("B2") < 0.6
    on_common = score(intention(main_area="B2"), common, TODAY, corpus).reasons[0]
    on_rare = score(intention(main_area="C3"), rare, TODAY, corpus).reasons[0]
    assert on_rare.points == 35 and on_common.points < 25
    assert "10" in on_common.message and "12" in on_common.message  # 10 of 12 calls
    # Without a corpus (nothing to compare with) the area weighs fully, as before.
    assert score(intention(), call(), TODAY).reasons[0].points == 35


def test_title_and_text_of_the_call_count():
    parking = intention(main_area="C4", other_areas=frozenset({"B4"}), text=text_profile(
        "Parkovací systém se senzory v centru města",
        "Senzory obsazenosti parkovacích míst a navádění řidičů na volná místa.",
        technologies=[("sensors-iot", "Senzory / internet věcí (IoT)")]))
    mobility = call(areas=frozenset({"C4"}), text=text_profile(
        "Udržitelná městská mobilita",
        "Parkoviště P+R včetně naváděcích a parkovacích systémů, cyklostezky."))
    wifi = call(areas=frozenset({"C4", "B4"}), text=text_profile(
        "Vysokorychlostní internet v obcích",
        "Optické sítě do místních částí a veřejná Wi-Fi."))
    corpus = Corpus.of([mobility, wifi])
    on_mobility = score(parking, mobility, TODAY, corpus)
    on_wifi = score(parking, wifi, TODAY, corpus)
    text = next(r for r in on_mobility.reasons if r.criterion == "text")
    assert text.max_points == 35 and "parkovací" in text.message
    assert on_mobility.score > on_wifi.score
    # "internet věcí" is not "internet": the Wi-Fi call does not name the technology.
    wifi_text = next(r for r in on_wifi.reasons if r.criterion == "text")
    assert wifi_text.points < text.points and "IoT" not in wifi_text.message
    # With the text criterion the score is the share of 135 attainable points.
    assert on_mobility.score == round(100 * sum(r.points for r in on_mobility.reasons) / 135)


def test_a_call_off_the_intentions_subject_is_not_offered():
    lighting = intention(text=text_profile("Chytré veřejné osvětlení",
                                           "Výměna svítidel za LED s dálkovým řízením."))
    schools = call(areas=frozenset({"A1", "B1"}), text=text_profile(
        "Infrastruktura základních škol", "Učebny a jejich vybavení."))
    match = score(lighting, schools, TODAY, Corpus.of([schools, call()]))
    assert match.eligible and not match.too_late
    assert not match.on_topic and not match.fits  # only the secondary area B1 is shared
    main = score(lighting, call(areas=frozenset({"B2"}), text=text_profile("Úspory")), TODAY)
    assert main.on_topic and main.fits  # the main area is supported


def test_a_technology_the_call_names_counts_and_a_rare_one_more():
    charging = intention(main_area="C4", text=text_profile(
        "Nabíjecí body u úřadu", technologies=[("e-mobility", "Elektromobilita a nabíjení"),
                                                ("mobile-app", "Mobilní aplikace")]))
    names = call(areas=frozenset({"C4"}), text=text_profile(
        "Výzva pro dopravu", "Podpora elektromobility ve městech."))
    silent = call(areas=frozenset({"C4"}), text=text_profile(
        "Výzva pro dopravu", "Podpora bezpečnosti ve městech."))
    corpus = Corpus.of([names, silent])
    with_name = next(r for r in score(charging, names, TODAY, corpus).reasons
                     if r.criterion == "text")
    without = next(r for r in score(charging, silent, TODAY, corpus).reasons
                   if r.criterion == "text")
    assert "Elektromobilita a nabíjení" in with_name.message
    assert with_name.points > without.points
    # Named by one call of two it tells more than a "technology" every call names.
    assert corpus.technology_weight("e-mobility", technology_terms(
        "Elektromobilita a nabíjení")) > corpus.technology_weight(
        "support", technology_terms("Podpora"))
