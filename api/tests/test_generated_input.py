"""Generated values of every field type through each write service (issue 10).

For each service that creates or changes a record, hypothesis feeds values of the kinds
people and programs really send — any Unicode text (control characters, NUL, lone
surrogates, formula starts, very long strings), numbers far outside any sensible range,
NaN and Infinity, dates from year 1 to 9999, links of any scheme, ids that do not fit a
database integer — and asserts one of two outcomes:

- a ValidationError (the clear message a form or the API shows), and nothing was written;
- a saved record that every page, export and API endpoint showing it can render.

The examples are derandomised so a CI run is repeatable; the budget per service is small
(each example renders about ten pages), which is enough to reach every field type.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

# No shrinking: a failing example is printed as found, and CI time stays bounded.
EXAMPLES = settings(max_examples=25, deadline=None, derandomize=True, database=None,
                    phases=[Phase.explicit, Phase.generate],
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])

# --- values of each field type -------------------------------------------------------------

nasty_text = st.sampled_from([
    "", " ", "\x00", "a\x00b", "\x1b[31mred", "\x0bvertical", "\ud800", "=HYPERLINK(\"x\")",
    " =1+1", "\n@SUM(A1)", "<script>alert(1)</script>", "Ř" * 400, "x" * 100_000,
    "e\u0301", "\u202eevil", "Żluťoučký kůň 2030 – 1 500 000 Kč",
])
any_text = st.one_of(nasty_text, st.text(st.characters(codec=None), max_size=300))
title_text = st.one_of(st.just("Chytrá obec 2030"), any_text)
amount = st.one_of(
    st.none(),
    st.sampled_from(["1e20", "100000000000000000000", "-1", "NaN", "Infinity", "-Infinity",
                     "0.001", "1,5", "12 000 000", "", "abc"]),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**30), max_value=10**30),
)
whole = st.one_of(st.none(), st.integers(min_value=-(10**30), max_value=10**30),
                  st.sampled_from(["12", "x", ""]))
year = st.one_of(st.none(), st.integers(min_value=-5, max_value=10**6))
day = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))
link = st.one_of(st.sampled_from([
    "", "javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x", "ftp://x.cz/",
    "http://", "https://example.cz/" + "a" * 3000, "https://obec.example.cz/strategie",
    "mailto:a@b.cz", "//evil.example/x", "https://exa mple.cz",
]), any_text)
id_list = st.lists(st.integers(min_value=-(10**20), max_value=10**20), max_size=3)


def around(valid: dict, fields: dict):
    """Mostly a valid record with one field generated (so that many examples are saved and
    their pages rendered), sometimes every field generated at once."""
    one = st.sampled_from(sorted(fields)).flatmap(
        lambda name: fields[name].map(lambda value: {**valid, name: value}))
    return st.one_of(one, one, one, st.fixed_dictionaries(fields))


def outcome(saved: bool) -> None:
    from hypothesis import event

    event("saved and rendered" if saved else "refused with a message")


def _unicode_safe(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# --- the pages, exports and API answers each record appears in ------------------------------

def assert_renders(client, urls: list[str]) -> None:
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)


def _pages(*names: tuple) -> list[str]:
    """The pages in Czech and English, by route name (a renamed route fails loudly)."""
    from django.urls import reverse
    from django.utils import translation

    urls = []
    for language in ("cs", "en"):
        with translation.override(language):
            urls += [reverse(name, args=args) for name, *args in names]
    return urls


def strategy_urls(pk: int) -> list[str]:
    return _pages(("strategies:detail", pk), ("strategies:list",),
                  ("strategies:tree_export", pk, "csv"), ("strategies:tree_export", pk, "xlsx"),
                  ("portal:history", "strategies.strategy", pk)) + [
        f"/api/v1/strategies/{pk}", "/api/v1/strategies", "/api/v1/strategies?format=csv",
        "/api/v1/strategies?format=xlsx", "/api/v1/strategies?format=json"]


def intention_urls(pk: int, unit_code: str) -> list[str]:
    return _pages(("intentions:detail", pk), ("intentions:list",),
                  ("intentions:fiche", pk, "xlsx"), ("intentions:fiche", pk, "pdf"),
                  ("intentions:unit_fiches", unit_code, "csv"),
                  ("portal:history", "intentions.intention", pk)) + [
        f"/api/v1/intentions/{pk}", "/api/v1/intentions", "/api/v1/intentions?format=csv",
        "/api/v1/intentions?format=xlsx", "/api/v1/intentions?format=json",
        f"/api/v1/intentions/{pk}/fiche.pdf", f"/api/v1/intentions/{pk}/matching-calls"]


def call_urls(pk: int) -> list[str]:
    return _pages(("funding:call", pk), ("funding:list",), ("funding:calendar",),
                  ("funding:calendar_ics",), ("portal:history", "funding.call", pk)) + [
        f"/api/v1/funding/calls/{pk}", "/api/v1/funding/calls",
        "/api/v1/funding/calls?format=csv", "/api/v1/funding/calls?format=xlsx",
        f"/api/v1/funding/calls/{pk}/matching-intentions"]


@pytest.fixture
def people(reference_data, make_member, admin_user):
    from concept.services import load_vocabularies

    load_vocabularies()
    return {"editor": make_member("editor", "544256"), "moderator": make_member("moderator"),
            "admin": admin_user}


# --- strategies -----------------------------------------------------------------------------

STRATEGY = {"title": "Chytrá obec 2030", "summary": "Doprava a energie.", "valid_from": 2024,
            "valid_to": 2030, "web_url": "https://obec.example.cz/strategie",
            "contact_email": "starosta@obec.cz", "approved_on": dt.date(2024, 3, 1),
            "approved_by": "Zastupitelstvo", "parents": []}


@EXAMPLES
@given(values=around(STRATEGY, {
    "title": title_text, "summary": any_text, "valid_from": year, "valid_to": year,
    "web_url": link, "contact_email": any_text, "approved_on": st.one_of(st.none(), day),
    "approved_by": any_text, "parents": id_list}))
def test_strategy_service_refuses_or_saves_what_renders(client, people, values):
    from strategies import services
    from strategies.models import Strategy
    from territory.models import TerritorialUnit

    before = Strategy.objects.count()
    data = services.StrategyData(level="municipal", strategy_type="smart_city",
                                 owners=[TerritorialUnit.objects.get(code="544256")], **values)
    try:
        strategy = services.create_strategy(people["editor"], data)
    except ValidationError:
        assert Strategy.objects.count() == before
        outcome(False)
        return
    assert _unicode_safe(strategy.title) and "\x00" not in strategy.title
    client.force_login(people["admin"])
    assert_renders(client, strategy_urls(strategy.pk))
    outcome(True)


NODE = {"title": "Čistá doprava", "code": "1.1", "description": "", "name": "Délka cyklostezek",
        "unit": "km", "baseline": Decimal("12.5"), "target": Decimal(40), "baseline_year": 2020,
        "target_year": 2030, "value_year": 2023, "value": Decimal(18)}


@EXAMPLES
@given(values=around(NODE, {
    "title": title_text, "code": any_text, "description": any_text, "name": any_text,
    "unit": any_text, "baseline": amount, "target": amount, "baseline_year": year,
    "target_year": year, "value_year": year, "value": amount}))
def test_structure_and_indicator_services_refuse_or_save_what_renders(client, people, values):
    from strategies import services
    from strategies.models import Indicator, StructureNode
    from strategies.tests.factories import make_strategy

    if "strategy" not in people:
        people["strategy"] = make_strategy(people["editor"])
    strategy, editor = people["strategy"], people["editor"]
    nodes, indicators = StructureNode.objects.count(), Indicator.objects.count()
    saved = False
    try:
        node = services.add_node(editor, strategy, kind="goal", title=values["title"],
                                 code=values["code"], description=values["description"])
    except ValidationError:
        assert StructureNode.objects.count() == nodes
    else:
        try:
            indicator = services.add_indicator(
                editor, node, name=values["name"], unit=values["unit"],
                baseline=values["baseline"], target=values["target"],
                baseline_year=values["baseline_year"], target_year=values["target_year"])
        except ValidationError:
            assert Indicator.objects.count() == indicators
        else:
            try:
                services.set_indicator_value(editor, indicator, values["value_year"],
                                             values["value"])
                saved = True
            except ValidationError:
                assert not indicator.values.exists()
    client.force_login(people["admin"])
    assert_renders(client, strategy_urls(strategy.pk))
    outcome(saved)


# --- intentions -----------------------------------------------------------------------------

INTENTION = {"title": "Chytré veřejné osvětlení", "problem": "Staré lampy svítí draze.",
             "goals": "Úspora 60 %.", "total_cost": "2500000", "start_date": dt.date(2026, 3, 1),
             "end_date": dt.date(2027, 6, 30),
             "budget": [(2026, "own", "1000000"), (2027, "eu", "1500000")],
             "outputs": [{"name": "Svítidla", "unit": "ks", "baseline": 0, "target": 800,
                          "target_year": 2027}],
             "partners": [{"name": "VŠTE", "sector": "academia", "role": "měření"}],
             "activities": [{"title": "Výměna", "progress": 0, "start_date": None,
                             "end_date": None}]}


@EXAMPLES
@given(values=around(INTENTION, {
    "title": title_text, "problem": any_text, "goals": any_text, "total_cost": amount,
    "start_date": st.one_of(st.none(), day), "end_date": st.one_of(st.none(), day),
    "budget": st.lists(st.tuples(year, st.sampled_from(
        ["own", "eu", "state", "kraj", "private", "other", "nonsense"]), amount), max_size=3),
    "outputs": st.lists(st.fixed_dictionaries({
        "name": any_text, "unit": any_text, "baseline": amount, "target": amount,
        "target_year": year}), max_size=2),
    "partners": st.lists(st.fixed_dictionaries({
        "name": any_text, "role": any_text,
        "sector": st.sampled_from(["public", "academia", "business", "civil", "x"])}),
        max_size=2),
    "activities": st.lists(st.fixed_dictionaries({
        "title": any_text, "progress": whole, "start_date": st.one_of(st.none(), day),
        "end_date": st.one_of(st.none(), day)}), max_size=2)}))
def test_intention_services_refuse_or_save_what_renders(client, people, values):
    from intentions import services
    from intentions.models import Intention
    from territory.models import TerritorialUnit

    lead = TerritorialUnit.objects.get(code="544256")
    values = dict(values)
    before = Intention.objects.count()
    try:
        intention = services.create_intention(people["editor"], title=values.pop("title"),
                                              lead_unit=lead)
    except ValidationError:
        assert Intention.objects.count() == before
        outcome(False)
        return
    snapshot = services.values_of(intention)
    saved = True
    try:
        services.update_intention(people["editor"], intention, values,
                                  expected_version=intention.version)
    except ValidationError:
        intention.refresh_from_db()
        assert services.values_of(intention) == snapshot, "a refused change wrote something"
        saved = False
    client.force_login(people["admin"])
    assert_renders(client, intention_urls(intention.pk, lead.code))
    outcome(saved)


# --- funding calls --------------------------------------------------------------------------

CALL = {"identifier": "IROP-99-SMART", "title": "Chytrá města", "description": "Výzva.",
        "opens_on": dt.date(2026, 1, 15), "closes_on": dt.date(2026, 9, 30),
        "allocation": "500000000", "min_support": "1000000", "max_support": "50000000",
        "cofinancing_rate": Decimal(15), "min_population": None, "max_population": 50_000,
        "web_url": "https://irop.mmr.cz/vyzva-99", "documents": [
            ("Text výzvy", "https://irop.mmr.cz/vyzva-99.pdf")]}


@EXAMPLES
@given(values=around(CALL, {
    "identifier": title_text, "title": title_text, "description": any_text, "opens_on": day,
    "closes_on": day, "allocation": amount, "min_support": amount, "max_support": amount,
    "cofinancing_rate": amount, "min_population": whole, "max_population": whole,
    "web_url": link, "documents": st.lists(st.tuples(any_text, link), max_size=2)}))
def test_call_service_refuses_or_saves_what_renders(client, people, values):
    from funding import services
    from funding.models import Call
    from funding.tests.factories import programme

    values = dict(values)
    if values["cofinancing_rate"] is None:
        values["cofinancing_rate"] = Decimal(0)
    # Identifiers are unique: a valid one is made unique per example.
    if values["identifier"] == CALL["identifier"]:
        values["identifier"] = f"IROP-{Call.objects.count() + 100}-SMART"
    before = Call.objects.count()
    data = services.CallData(programme=programme(people["moderator"]),
                             applicant_types=["obec"], **values)
    try:
        call = services.create_call(people["moderator"], data)
    except ValidationError:
        assert Call.objects.count() == before
        outcome(False)
        return
    client.force_login(people["admin"])
    assert_renders(client, call_urls(call.pk))
    outcome(True)
