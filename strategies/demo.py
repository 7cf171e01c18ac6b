"""Demo strategies for `seed_demo`: the national concept, regional strategies and a few
dozen municipal ones of different sizes, with structure trees and indicators.

Generated deterministically through the services, so every record has its history; running
it again adds nothing (strategies are recognised by title and owner).
"""

from __future__ import annotations

import random
from decimal import Decimal

from accounts.models import Role, User
from concept.models import KeyArea
from core.workflow import ReviewState
from territory.models import Kind, TerritorialUnit

from . import services
from .models import Level, Status, Strategy, StrategyType

PRIORITIES = [
    ("Chytrá a udržitelná doprava", ["C4"], [
        ("Bezpečná a plynulá doprava ve městě", [
            "Rozšíření sítě cyklostezek a cyklopruhů",
            "Inteligentní řízení světelné signalizace"]),
        ("Dostupná veřejná doprava", [
            "Zavedení jednotného odbavení a mobilní jízdenky",
            "Informační tabule v reálném čase na zastávkách"]),
    ], ("Délka cyklostezek", "km", Decimal("12.5"), Decimal("30"))),
    ("Energie a klima", ["B2", "C3"], [
        ("Úspory energie ve veřejných budovách", [
            "Energetický management budov v majetku obce",
            "Fotovoltaické elektrárny na střechách škol"]),
        ("Adaptace na změnu klimatu a sucho", [
            "Zadržování dešťové vody v zástavbě",
            "Výsadba stromů a obnova veřejné zeleně"]),
    ], ("Instalovaný výkon fotovoltaiky", "kWp", Decimal("0"), Decimal("450"))),
    ("Digitální úřad a otevřená data", ["ZPO1", "B4"], [
        ("Služby úřadu online", [
            "Portál občana s elektronickými formuláři",
            "Digitalizace spisové služby"]),
        ("Data pro rozhodování", [
            "Katalog otevřených dat obce (LKOD)",
            "Senzorická síť pro měření kvality ovzduší"]),
    ], ("Podání vyřízená elektronicky", "%", Decimal("18"), Decimal("60"))),
    ("Kvalitní život a soudržná komunita", ["A1", "A2", "ZPO2"], [
        ("Vzdělávání pro budoucnost", [
            "Modernizace vybavení základních škol",
            "Kurzy digitálních dovedností pro seniory"]),
        ("Zapojení veřejnosti", [
            "Participativní rozpočet",
            "Mobilní aplikace pro hlášení závad"]),
    ], ("Počet projektů participativního rozpočtu", "počet", Decimal("0"), Decimal("12"))),
]

NATIONAL = [
    ("Koncepce Smart Cities – odolnost prostřednictvím SMART řešení pro obce, města a regiony",
     StrategyType.SMART_CITY, 2021, 2030,
     "Koncepce MMR schválená vládou 10. 5. 2021; čtyři pilíře a šestnáct klíčových oblastí "
     "SMART řešení pro obce, města a regiony."),
    ("Strategie regionálního rozvoje ČR 2021+", StrategyType.STRATEGIC_PLAN, 2021, 2027,
     "Základní koncepční dokument regionální politiky České republiky."),
]

REGIONS = ["CZ031", "CZ063", "CZ064", "CZ080", "CZ052", "CZ010"]


def _areas(codes) -> list[KeyArea]:
    return list(KeyArea.objects.filter(code__in=codes))


def _exists(title: str, owner: TerritorialUnit) -> bool:
    return Strategy.all_objects.filter(title=title, owners=owner).exists()


def _tree(admin, strategy: Strategy, rng: random.Random, depth_limit: int) -> None:
    vision = services.add_node(admin, strategy, kind="vision", code="V",
                               title=f"{strategy.owners.first().name} – moderní a odolné místo "
                                     "pro život", areas=[])
    for p_index, (title, codes, goals, indicator) in enumerate(
            rng.sample(PRIORITIES, k=rng.randint(2, 4)), start=1):
        priority = services.add_node(admin, strategy, kind="priority", code=str(p_index),
                                     title=title, parent=vision, areas=_areas(codes))
        for g_index, (goal_title, measures) in enumerate(goals[:depth_limit], start=1):
            goal = services.add_node(admin, strategy, kind="goal",
                                     code=f"{p_index}.{g_index}", title=goal_title,
                                     parent=priority, areas=_areas(codes[:1]))
            for m_index, measure_title in enumerate(measures, start=1):
                measure = services.add_node(
                    admin, strategy, kind="measure", code=f"{p_index}.{g_index}.{m_index}",
                    title=measure_title, parent=goal, areas=_areas(codes),
                    responsible=rng.choice(["odbor rozvoje", "odbor dopravy",
                                            "odbor informatiky", "odbor životního prostředí"]))
                if m_index == 1 and g_index == 1:
                    name, unit, baseline, target = indicator
                    ind = services.add_indicator(
                        admin, measure, name=name, unit=unit, baseline_value=baseline,
                        baseline_year=strategy.valid_from or 2021, target_value=target,
                        target_year=strategy.valid_to or 2027)
                    for year in range((strategy.valid_from or 2021) + 1, 2026):
                        share = Decimal(rng.randint(10, 30)) / 100 * (year - 2021)
                        services.set_indicator_value(
                            admin, ind, year, (baseline + (target - baseline) * share)
                            .quantize(Decimal("0.1")))


def _create(admin, title, owners, level, strategy_type, valid, summary, areas, state, rng,
            depth_limit=2, parents=()):
    if _exists(title, owners[0]):
        return None
    valid_from, valid_to = valid
    status = Status.VALID if valid_to >= 2026 else Status.EXPIRED
    if valid_from > 2026:
        status = Status.PREPARATION
    strategy = services.create_strategy(admin, services.StrategyData(
        title=title, owners=owners, level=level, strategy_type=strategy_type, status=status,
        valid_from=valid_from, valid_to=valid_to, summary=summary, areas=_areas(areas),
        parents=list(parents), approved_by="zastupitelstvo" if level != Level.NATIONAL
        else "vláda ČR", contact_name="odbor strategického rozvoje"))
    _tree(admin, strategy, rng, depth_limit)
    if state in (ReviewState.SUBMITTED, ReviewState.PUBLISHED):
        services.submit_strategy(admin, strategy)
    if state == ReviewState.PUBLISHED:
        services.publish_strategy(reviewer_for(admin), strategy)
    return strategy


def reviewer_for(admin):
    """Who publishes the demo's submissions: a moderator, as the administrator submitted
    them (four eyes); the administrator only where nobody else could."""
    return (User.objects.filter(memberships__role=Role.MODERATOR, is_active=True)
            .exclude(pk=admin.pk).order_by("pk").first() or admin)


def seed(admin, stdout) -> None:
    rng = random.Random(2026)
    state_unit = TerritorialUnit.objects.get(code="CZ")
    created = 0
    national = []
    for title, strategy_type, start, end, summary in NATIONAL:
        strategy = _create(admin, title, [state_unit], Level.NATIONAL, strategy_type,
                           (start, end), summary, [a.code for a in KeyArea.objects.all()],
                           ReviewState.PUBLISHED, rng, depth_limit=1)
        created += strategy is not None
    national = list(Strategy.objects.filter(level=Level.NATIONAL))
    for code in REGIONS:
        rng = random.Random(code)
        kraj = TerritorialUnit.objects.get(code=code)
        regional = _create(admin, f"Strategie rozvoje – {kraj.name} 2021–2027", [kraj],
                           Level.REGIONAL, StrategyType.DEVELOPMENT_PROGRAMME, (2021, 2027),
                           f"Program rozvoje území kraje ({kraj.name}) na programové období "
                           "2021–2027.", ["ZPO1", "C4", "B2", "A1"], ReviewState.PUBLISHED, rng,
                           parents=national)
        created += regional is not None
        regional = Strategy.objects.filter(owners=kraj, level=Level.REGIONAL).first()
        towns = list(TerritorialUnit.objects.filter(kind=Kind.OBEC, kraj=kraj)
                     .order_by("-population")[:4])
        small = list(TerritorialUnit.objects.filter(kind=Kind.OBEC, kraj=kraj,
                                                    population__lt=3000)
                     .order_by("code")[:3])
        for index, town in enumerate(towns + small):
            # Each town draws from its own seeded generator, so what one town gets never
            # depends on whether others were created before (a second run adds nothing).
            rng = random.Random(f"{town.code}-2026")
            big = town.population and town.population > 20000
            strategy_type = (StrategyType.SMART_CITY if big and index % 2 == 0
                             else StrategyType.STRATEGIC_PLAN if index % 3 else
                             StrategyType.DEVELOPMENT_PROGRAMME)
            start = rng.choice([2016, 2019, 2021, 2022, 2023])
            state = ReviewState.PUBLISHED if index % 5 else (
                ReviewState.DRAFT if index % 2 else ReviewState.SUBMITTED)
            label = {StrategyType.SMART_CITY: "Smart City strategie",
                     StrategyType.STRATEGIC_PLAN: "Strategický plán rozvoje",
                     StrategyType.DEVELOPMENT_PROGRAMME: "Program rozvoje obce"}[strategy_type]
            strategy = _create(
                admin, f"{label} {town.name} {start}–{start + 8}", [town],
                Level.MUNICIPAL, strategy_type, (start, start + 8),
                f"Dokument {town.name} pro období {start}–{start + 8}: doprava, energetika, "
                "digitalizace úřadu a kvalita života.",
                rng.sample(["ZPO1", "ZPO2", "A1", "A2", "B1", "B2", "B4", "C1", "C4"], 4),
                state, rng, depth_limit=2 if big else 1,
                parents=[regional] if regional else [])
            created += strategy is not None
    stdout.write(f"strategies: {created} created")
