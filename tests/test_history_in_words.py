"""The change history reads like the rest of the UI, for every record type that shows one:
field labels instead of field names, choice labels instead of codes, names instead of unit
and area codes, Czech (or English) numbers, money and dates, lists as added and removed
items, and never True, None or a raw decimal – in both languages, through one formatter
(core.history.in_words) fed by each record type's declaration."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import formats, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from core.history import entries_for, in_words
from core.money import format_czk
from territory.models import Kind, TerritorialUnit

CB, PISEK = "544256", "549240"
# What the history showed before: field names, codes and Python values.
RAW = ["valid_from", "strategy_type", "budget_public", "lead_unit", "partner_units",
       "total_cost", "smart_city", "True", "False", "None", "14500000.00", "2026-03-01",
       "2 026", "2\u00a0026"]
# Codes that read as English words: raw on a Czech page.
RAW_ON_CZECH_PAGE = ["regional →", "draft →", "documentation →", " own"]


def history_section(page) -> str:
    html = page.content.decode()
    start = html.index('id="history-heading"')
    return html[start:html.index("</section>", start)]


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def editor(vocabularies, make_member):
    return make_member("editor", CB)


@pytest.mark.parametrize("language", ["cs", "en"])
def test_a_strategy_history_names_fields_choices_units_and_years(client, vocabularies,
                                                                 make_member, language):
    from strategies import services
    from strategies.tests.factories import make_strategy

    editor = make_member("coordinator", "CZ031")  # may own strategies of CB and Písek

    strategy = make_strategy(editor, valid_from=2026)
    data = services.StrategyData(
        title=strategy.title, level="regional", strategy_type="sump", owners=[
            TerritorialUnit.objects.get(code=CB), TerritorialUnit.objects.get(code=PISEK)],
        valid_from=2026, valid_to=2030, approved_on=dt.date(2026, 3, 1),
        summary="Udržitelná mobilita ve městě a v okolních obcích.")
    strategy = services.update_strategy(editor, strategy, data, strategy.version)
    node = services.add_node(editor, strategy, kind="goal", code="1.1", title="Doprava")
    indicator = services.add_indicator(editor, node, name="Délka cyklostezek",
                                       baseline_value=Decimal("8.5000"), baseline_year=2020)
    services.set_indicator_value(editor, indicator, 2025, Decimal("12.2500"))
    services.submit_strategy(editor, strategy)

    client.force_login(editor)
    with translation.override(language):
        url = strategy.get_absolute_url()
    history = history_section(client.get(url))
    words = text_of(history)
    with translation.override(language):
        expected = [capfirst(_("level")), _("municipal"), _("regional (kraj)"),
                    capfirst(_("type")), _("sustainable urban mobility plan (SUMP)"),
                    capfirst(_("valid to (year)")), "2030",
                    capfirst(_("owner units")), "Písek",
                    formats.date_format(dt.date(2026, 3, 1), "DATE_FORMAT"),
                    capfirst(_("workflow state")), _("submitted for review"),
                    _("Indicator “%(subject)s”: value in %(year)s")
                    % {"subject": "Délka cyklostezek", "year": 2025},
                    formats.number_format(Decimal("12.25"), use_l10n=True)]
    for text in expected:
        assert str(text) in words, text
    raw_codes = RAW + (RAW_ON_CZECH_PAGE + ["municipal"] if language == "cs" else [])
    for raw in raw_codes + [PISEK, "12.2500", "12,2500", "8,5000"]:
        assert raw not in words, (raw, words)


@pytest.mark.parametrize("language", ["cs", "en"])
def test_an_intention_history_reads_money_dates_lists_and_partners(client, editor, language):
    from intentions import services
    from intentions.tests.factories import make_intention

    intention = make_intention(editor)
    services.update_intention(editor, intention, {
        "total_cost": Decimal("14500000"), "budget_public": False,
        "start_date": dt.date(2026, 4, 1), "readiness": "permit",
        "budget": [(2026, "own", Decimal("4500000")), (2026, "eu", Decimal("5000000")),
                   (2027, "eu", Decimal("5000000"))],
        "partner_units": [TerritorialUnit.objects.get(code=PISEK)],
    }, expected_version=intention.version)

    client.force_login(editor)
    with translation.override(language):
        url = intention.get_absolute_url()
    history = history_section(client.get(url))
    words = text_of(history).replace("\u00a0", " ")
    with translation.override(language):
        expected = [capfirst(_("total cost (CZK)")), format_czk(Decimal("12500000")),
                    format_czk(Decimal("14500000")),
                    capfirst(_("budget is public")), _("yes"), _("no"),
                    capfirst(_("planned start")),
                    formats.date_format(dt.date(2026, 3, 1), "DATE_FORMAT"),
                    formats.date_format(dt.date(2026, 4, 1), "DATE_FORMAT"),
                    capfirst(_("readiness")), _("project documentation"), _("permit"),
                    capfirst(_("budget by year and source")),
                    _("%(year)s, %(source)s: %(amount)s") % {
                        "year": 2026, "source": _("own budget"),
                        "amount": format_czk(Decimal("4500000"))},
                    _("%(year)s, %(source)s: %(amount)s") % {
                        "year": 2026, "source": _("own budget"),
                        "amount": format_czk(Decimal("2500000"))},
                    capfirst(_("partner municipalities")), "Písek",
                    _("Partner municipality %(subject)s") % {"subject": "Písek"},
                    _("invited, waiting for an answer"),
                    capfirst(_("leading unit")), "České Budějovice"]
    for text in expected:
        assert str(text).replace("\u00a0", " ") in words, text
    assert words.count("Písek") >= 2
    raw_codes = RAW + (RAW_ON_CZECH_PAGE if language == "cs" else [])
    for raw in raw_codes + [PISEK, CB, "12500000"]:
        assert raw not in words, (raw, words)


def test_lists_read_as_added_and_removed_items(client, editor):
    from intentions import services
    from intentions.tests.factories import make_intention

    intention = make_intention(editor)
    services.update_intention(editor, intention, {
        "outputs": [{"name": "Vyměněná svítidla", "unit": "ks", "baseline": Decimal(0),
                     "target": Decimal(1500), "target_year": 2027}],
    }, expected_version=intention.version)
    with translation.override("cs"):
        change = next(c for e in in_words(entries_for(intention), editor)
                      for c in e.changes if c.label == capfirst(_("outputs and indicators"))
                      and c.removed)
        assert change.added == [f"Vyměněná svítidla ({_('unit')}: ks, {_('baseline')}: 0, "
                                f"{_('target')}: 1\u00a0500, {_('target year')}: 2027)"]
        assert change.removed == [f"Vyměněná svítidla ({_('unit')}: ks, {_('baseline')}: 0, "
                                  f"{_('target')}: 1\u00a0200, {_('target year')}: 2027)"]


def _readable(record, user, language: str) -> str:
    with translation.override(language):
        return " | ".join(f"{c.label}: {c.old} {c.new} {'; '.join(c.added)} "
                          f"{'; '.join(c.removed)}"
                          for e in in_words(entries_for(record), user) for c in e.changes)


@pytest.mark.parametrize("language", ["cs", "en"])
def test_calls_technologies_and_groups_read_in_words(vocabularies, make_member, language):
    from concept.models import Technology
    from concept.services import set_technology_active
    from funding import services
    from funding.tests.factories import make_call
    from territory.services import create_group

    moderator = make_member("moderator")
    call = make_call(moderator)
    data = services.CallData(
        programme=call.programme, identifier=call.identifier, title=call.title,
        opens_on=call.opens_on, closes_on=call.closes_on, applicant_types=["obec", "mas"],
        allocation=Decimal("650000000"), cofinancing_rate=Decimal("15"),
        territories=[TerritorialUnit.objects.get(code="CZ031")])
    services.update_call(moderator, call, data, call.version)
    lighting = Technology.objects.get(code="smart-lighting")
    set_technology_active(moderator, lighting, False)
    coordinator = make_member("coordinator", "CZ031")
    group = create_group(coordinator, kind=Kind.MAS, name="MAS Pomalší", members=[
        TerritorialUnit.objects.get(code=CB), TerritorialUnit.objects.get(code=PISEK)])

    calls = _readable(call, moderator, language)
    technology = _readable(lighting, moderator, language)
    groups = _readable(group, coordinator, language)
    with translation.override(language):
        for text in [capfirst(_("allocation (CZK)")), format_czk(Decimal("500000000")),
                     format_czk(Decimal("650000000")), capfirst(_("eligible applicant types")),
                     _("local action group (MAS)"), capfirst(_("eligible territory")),
                     "Jihočeský kraj"]:
            assert str(text) in calls, text
        assert f"{capfirst(_('offered for choosing'))}: {_('yes')} {_('no')}" in technology
        for text in [capfirst(_("kind of unit")), _("local action group (MAS)"),
                     capfirst(_("member municipalities")), "Písek"]:
            assert str(text) in groups, text
    for raw in ["allocation", "applicant_types", "is_active", "True", "False", "None",
                "650000000", "CZ031", "['", "kind:", "mas"]:
        assert raw not in calls + technology + groups, raw
