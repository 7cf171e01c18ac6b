from decimal import Decimal

import pytest

from mining.extract import Page
from mining.facts import (
    find_amounts,
    find_facts,
    find_periods,
    find_years,
    match_heading,
    propose_tree,
)


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("celkem 1,5 mil. Kč z rozpočtu", Decimal("1500000"), "CZK"),
        ("příspěvek 250 tis. Kč ročně", Decimal("250000"), "CZK"),
        ("investice 3 mld. Kč", Decimal("3000000000"), "CZK"),
        ("náklady 12 500 000 Kč", Decimal("12500000"), "CZK"),
        ("náklady 12\u00a0500\u00a0000 Kč", Decimal("12500000"), "CZK"),
        ("náklady 12\u202f500 Kč", Decimal("12500"), "CZK"),
        ("dotace 2,3 mil. EUR", Decimal("2300000"), "EUR"),
        ("za 1.500.000 Kč", Decimal("1500000"), "CZK"),
        ("poplatek 650 Kč za osobu", Decimal("650"), "CZK"),
        ("až 1,25 milionu korun", Decimal("1250000"), "CZK"),
        ("částka 0,75 mil. Kč", Decimal("750000"), "CZK"),
        ("grant EUR 5 mil. from", Decimal("5000000"), "EUR"),
        ("cena 99,90 Kč", Decimal("99.9"), "CZK"),
    ],
)
def test_money_amounts_are_exact_decimals(text, amount, currency):
    found = find_amounts(text)
    assert len(found) == 1
    assert found[0].amount == amount
    assert isinstance(found[0].amount, Decimal)
    assert found[0].currency == currency
    assert found[0].text in text


def test_amount_text_and_offset_point_into_the_source():
    text = "V roce 2024 město vydá 12 500 000 Kč a v roce 2025 dalších 2 mil. Kč."
    amounts = find_amounts(text)
    assert [a.amount for a in amounts] == [Decimal("12500000"), Decimal("2000000")]
    for amount in amounts:
        assert text[amount.offset : amount.offset + len(amount.text)] == amount.text


def test_numbers_without_currency_are_not_money():
    assert find_amounts("V obci žije 1 500 obyvatel a má 12 % nezaměstnaných.") == []


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("programové období 2021–2027", 2021, 2027),
        ("strategie 2021-2027", 2021, 2027),
        ("v letech 2022 až 2025 proběhne", 2022, 2025),
        ("od roku 2024 do roku 2030", 2024, 2030),
        ("akční plán 2023–25", 2023, 2025),
        ("from 2021 to 2030", 2021, 2030),
    ],
)
def test_periods(text, start, end):
    periods = find_periods(text)
    assert [(p.start, p.end) for p in periods] == [(start, end)]


def test_amount_is_not_a_period_and_thousands_are_not_years():
    assert find_periods("rozpočet 2 025 000 Kč") == []
    assert [y.year for y in find_years("rozpočet 2 025 000 Kč a rok 2030")] == [2030]


def test_find_facts_records_pages():
    facts = find_facts([Page(1, "Období 2021–2027."), Page(2, "Náklady 1,5 mil. Kč v roce 2026.")])
    assert facts.periods[0].page == 1
    assert facts.amounts[0].page == 2 and facts.amounts[0].amount == Decimal("1500000")
    assert {(y.year, y.page) for y in facts.years} >= {(2021, 1), (2026, 2)}


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Prioritní oblast 2: Životní prostředí", ("priority", "2", "Životní prostředí")),
        ("Priorita A – Lidé", ("priority", "A", "Lidé")),
        ("Strategický cíl 2.1 Čisté ovzduší", ("strategic_goal", "2.1", "Čisté ovzduší")),
        ("Specifický cíl 2.1.3: Méně hluku", ("specific_goal", "2.1.3", "Méně hluku")),
        ("Opatření 2.1.3 Protihlukové stěny", ("measure", "2.1.3", "Protihlukové stěny")),
        ("Opatření A.1: Komunitní centrum", ("measure", "A.1", "Komunitní centrum")),
        ("Aktivita 2.1.3.1 Stěna u dálnice", ("activity", "2.1.3.1", "Stěna u dálnice")),
        ("Vize", ("vision", "", "")),
    ],
)
def test_heading_lines(line, expected):
    assert match_heading(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "Opatření 2.1 Doprava ............ 14",  # table of contents
        "opatření 2.1 je popsáno výše a bude financováno",  # a sentence, not a heading
        "Vize je dlouhodobý obraz města",
        "Cyklostezka povede podél řeky.",
    ],
)
def test_non_heading_lines(line):
    assert match_heading(line) is None


def test_proposed_tree_nests_by_level_and_skips_the_table_of_contents():
    page1 = Page(
        1,
        "Obsah\nPriorita 1 Doprava ........ 2\nVize\nKolín je v roce 2030 město krátkých vzdáleností.",
    )
    page2 = Page(
        2,
        "Priorita 1 Doprava\nStrategický cíl 1.1 Bezpečné ulice\nOpatření 1.1.1 Přechody\n"
        "text\nOpatření 1.1.2 Cyklostezky\nAktivita 1.1.2.1 Stezka podél Labe\n"
        "Priorita 2 Zeleň\nOpatření 2.1 Stromy",
    )
    tree = propose_tree([page1, page2])
    assert len(tree) == 1
    vision = tree[0]
    assert (vision.level, vision.title, vision.page) == (
        "vision",
        "Kolín je v roce 2030 město krátkých vzdáleností.",
        1,
    )
    priorities = vision.children
    assert [(p.code, p.title, p.page) for p in priorities] == [
        ("1", "Doprava", 2),
        ("2", "Zeleň", 2),
    ]
    goal = priorities[0].children[0]
    assert [m.code for m in goal.children] == ["1.1.1", "1.1.2"]
    assert goal.children[1].children[0].title == "Stezka podél Labe"
    assert priorities[1].children[0].level == "measure"


# The scanning patterns are written to start with a digit or a letter so the regex engine
# can skip ahead; these cases pin the lookbehinds and word boundaries they replaced.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("x.2021–2025–2030", [(2025, 2030)]),  # no match right after "." or a digit
        ("12021–2025 a 2021-2023", [(2021, 2023)]),
        ("V LETECH 2022 AŽ 2025 se", [(2022, 2025)]),
        ("Ve letech 2022 až 2025", []),  # "Ve letech" is not "v letech"
        ("Od roku 2020 do roku 2024", [(2020, 2024)]),
        ("dod roku 2020 do roku 2024", []),
        ("v období 2021 až 2027", [(2021, 2027)]),
        ("from 2020 to 2025", [(2020, 2025)]),
        ("2021–2027 na začátku", [(2021, 2027)]),
        # Like a scan, a period is not looked for inside the previous one of its form.
        ("2021–2025 – 2030", [(2021, 2025)]),
        ("v letech\n2022 až 2025", [(2022, 2025)]),
    ],
)
def test_period_boundaries(text, expected):
    assert [(period.start, period.end) for period in find_periods(text)] == expected


@pytest.mark.parametrize(
    ("text", "amounts"),
    [
        ("a5 Kč", []),  # preceded by a letter
        (",5 Kč a .5 Kč", []),
        ("5 €6 €", [Decimal(5), Decimal(6)]),  # "€" is not a word character
        ("rok 2024: 1 500 000 Kč", [Decimal(1500000)]),
    ],
)
def test_money_lookbehind(text, amounts):
    assert [amount.amount for amount in find_amounts(text)] == amounts


def test_years_lookbehind():
    assert [year.year for year in find_years("1/2024, 12024, 2024.5, (2024) a 2025")] == [
        2024,
        2025,
    ]
