"""The completeness check of a strategy before it goes to review: a pure function over a
plain snapshot (core.completeness), shown on the strategy's page and enforced by the
submit transition."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from core.completeness import Check, Report


@dataclass
class StrategyFacts:
    title: str = ""
    summary: str = ""
    level: str = ""
    strategy_type: str = ""
    owners: int = 0
    valid_from: int | None = None
    valid_to: int | None = None
    nodes: int = 0
    documents: int = 0
    areas: int = 0
    web_url: str = ""
    contact: bool = False


def facts_of(strategy) -> StrategyFacts:
    return StrategyFacts(
        title=strategy.title, summary=strategy.summary, level=strategy.level,
        strategy_type=strategy.strategy_type, owners=strategy.owners.count(),
        valid_from=strategy.valid_from, valid_to=strategy.valid_to,
        nodes=strategy.nodes.count(), documents=strategy.documents.count(),
        areas=strategy.areas.count(), web_url=strategy.web_url,
        contact=bool(strategy.contact_name or strategy.contact_email))


def check(facts: StrategyFacts) -> Report:
    checks: list[Check] = []

    def add(code: str, ok: object, mandatory: bool, message: str, weight: int = 1) -> None:
        checks.append(Check(code, bool(ok), mandatory, message, weight))

    add("title", facts.title.strip(), True, _("Enter the title."))
    add("summary", facts.summary.strip(), False, _("Write a summary of the strategy."), 2)
    add("level", facts.level, True, _("Choose the level of the strategy."))
    add("type", facts.strategy_type, True, _("Choose the type of the strategy."))
    add("owners", facts.owners, True, _("Choose at least one owner unit."))
    add("validity", facts.valid_from and facts.valid_to, True,
        _("Enter the validity period (the first and the last year)."), 2)
    add("content", facts.nodes or facts.documents, True,
        _("Enter the structure (goals, measures) or upload the strategy's document."), 3)
    add("areas", facts.areas, False,
        _("Choose the key areas of the Smart Cities Concept the strategy covers."))
    add("web_url", facts.web_url, False, _("Add a link to the strategy's web page."))
    add("contact", facts.contact, False, _("Name a contact person."))
    return Report(checks)
