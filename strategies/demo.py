"""Demo strategies for `seed_demo`: the national concept, regional development programmes
and municipal strategies of towns and villages of different sizes, with structure trees and
indicators that fit their level.

National strategies hold national measures (methodology, funding, standards), regional ones
what a kraj does (integrated transport, a regional data platform, its schools and
hospitals), municipal ones what a town or village does. Municipal measures are drawn from
pools of variants per topic, each time the variant used least so far, so no measure is
copied into more than a few strategies. Every measure has a topic (`MEASURE_TOPIC`), which
the demo intentions use to implement only measures on their own subject. Indicator values
move from the baseline toward the target, never below zero, up to the last full year.
States follow the dates: a strategy valid in the past is expired, one starting later is in
preparation.

Generated deterministically through the services, so every record has its history; running
it again adds nothing (strategies are recognised by title and owner).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from decimal import Decimal
from typing import Any

from accounts.models import Role, User
from concept.models import KeyArea
from core.workflow import ReviewState
from territory.models import Kind, TerritorialUnit

from . import services
from .models import Level, Status, Strategy, StrategyType

# The kraje with demo content; their names in the genitive ("… Jihočeského kraje").
REGIONS = ["CZ031", "CZ063", "CZ064", "CZ080", "CZ052", "CZ010"]
KRAJ_GENITIVE = {
    "CZ010": "hlavního města Prahy", "CZ020": "Středočeského kraje",
    "CZ031": "Jihočeského kraje", "CZ032": "Plzeňského kraje", "CZ041": "Karlovarského kraje",
    "CZ042": "Ústeckého kraje", "CZ051": "Libereckého kraje", "CZ052": "Královéhradeckého kraje",
    "CZ053": "Pardubického kraje", "CZ063": "Kraje Vysočina", "CZ064": "Jihomoravského kraje",
    "CZ071": "Olomouckého kraje", "CZ072": "Zlínského kraje",
    "CZ080": "Moravskoslezského kraje"}

# (topic, areas, measure title variants); the topic names what an intention implements.
Measure = tuple[str, list[str], list[str]]

# --- national -----------------------------------------------------------------------------

NATIONAL = [
    ("Koncepce Smart Cities – odolnost prostřednictvím SMART řešení pro obce, města a regiony",
     StrategyType.SMART_CITY, 2021, 2030,
     "Koncepce MMR schválená vládou 10. 5. 2021; čtyři pilíře a šestnáct klíčových oblastí "
     "SMART řešení pro obce, města a regiony.",
     [("Znalosti a metodická podpora samospráv", ["ZPO4", "ZPO1"], [
         ("Sdílení SMART řešení mezi obcemi", [
             ("national-support", ["ZPO4"], [
                 "Platforma SMART pro sdílení strategií, záměrů a dobré praxe"]),
             ("national-support", ["ZPO4"], [
                 "Síť krajských koordinátorů SMART řešení"])])],
       ("Obce se schválenou strategií SMART", "počet", 30, 300)),
      ("Financování SMART řešení", ["ZPO1", "ZPO3"], [
          ("Zacílení národních a evropských programů", [
              ("national-funding", ["ZPO1"], [
                  "Kritéria SMART ve výzvách IROP a národních dotačních programů"]),
              ("national-funding", ["ZPO3"], [
                  "Pilotní výzvy pro menší obce a svazky obcí"])])],
       ("SMART projekty podpořené z národních programů", "počet", 0, 400)),
      ("Data a digitální infrastruktura veřejné správy", ["B4", "ZPO1"], [
          ("Standardy a infrastruktura", [
              ("national-data", ["ZPO1"], [
                  "Národní standard otevřených dat samospráv (LKOD, DCAT-AP-CZ)"]),
              ("broadband", ["B4"], [
                  "Národní plán pokrytí bílých míst vysokorychlostním internetem"])])],
       ("Domácnosti s vysokorychlostním připojením", "%", 72, 95)),
      ("Odolnost území a klima", ["A4", "B2", "C3"], [
          ("Odolné obce a regiony", [
              ("national-resilience", ["A4"], [
                  "Metodika krizové připravenosti obcí a varování obyvatel"]),
              ("national-resilience", ["C3"], [
                  "Národní akční plán adaptace na změnu klimatu pro města"])])],
       None)]),
    ("Strategie regionálního rozvoje ČR 2021+", StrategyType.STRATEGIC_PLAN, 2021, 2027,
     "Základní koncepční dokument regionální politiky České republiky: snižování "
     "regionálních rozdílů, dostupnost služeb a rozvoj venkova.",
     [("Snižování regionálních rozdílů", ["ZPO3", "B1"], [
         ("Rozvoj hospodářsky a sociálně ohrožených území", [
             ("national-regional", ["ZPO3"], [
                 "Podpora hospodářsky a sociálně ohrožených území"]),
             ("national-regional", ["B1"], [
                 "Integrované teritoriální investice v metropolitních oblastech"])])],
       ("Obce v hospodářsky a sociálně ohrožených územích se zpracovanou strategií", "%",
        20, 60)),
      ("Dostupnost služeb v území", ["A2", "C4"], [
          ("Služby a doprava dostupné i na venkově", [
              ("national-regional", ["C4"], [
                  "Dopravní obslužnost venkovského prostoru"]),
              ("national-regional", ["A2"], [
                  "Dostupnost zdravotních a sociálních služeb v malých obcích"])])],
       None)]),
]

# --- regional -----------------------------------------------------------------------------

# (priority title, areas, [(goal title, [measures])], indicator or None); "{kraj}" is the
# kraj in the genitive.
REGIONAL: list[tuple[str, list[str], list[tuple[str, list[Measure]]], Any]] = [
    ("Dopravní obslužnost a bezpečné silnice", ["C4"], [
        ("Integrovaná doprava v kraji", [
            ("stops", ["C4"], ["Integrovaný dopravní systém {kraj} a jednotné odbavení"]),
            ("regional-roads", ["C4"], ["Modernizace silnic II. a III. třídy {kraj}"]),
            ("cycling", ["C4"], ["Páteřní cyklotrasy {kraj} mezi obcemi"])])],
     ("Obce zapojené do integrovaného dopravního systému", "%", 55, 100)),
    ("Energetika a klima v kraji", ["B2", "C3"], [
        ("Úspory energie a voda v krajině", [
            ("buildings", ["B2"], ["Energetické úspory v budovách {kraj}"]),
            ("regional-energy", ["B2"], ["Energetické centrum {kraj} pro obce"]),
            ("water", ["C3", "C2"], ["Zadržování vody v krajině {kraj}"])])],
     ("Spotřeba energie v budovách kraje", "MWh", 42000, 33000)),
    ("Digitální kraj", ["ZPO1", "B4"], [
        ("Data a služby kraje", [
            ("data", ["ZPO1", "B4"], ["Krajská datová platforma a otevřená data {kraj}"]),
            ("regional-egov", ["ZPO1"], ["Podpora obcí {kraj} při elektronizaci agend"]),
            ("broadband", ["B4"], ["Pokrytí bílých míst {kraj} vysokorychlostním internetem"])])],
     ("Obce napojené na krajskou datovou platformu", "počet", 0, 120)),
    ("Zdravotní a sociální služby", ["A2", "A3"], [
        ("Péče blízko domova", [
            ("telecare", ["A2"], ["Telemedicína v nemocnicích a terénních službách {kraj}"]),
            ("regional-social", ["A2", "A3"], ["Síť sociálních služeb {kraj} 2021–2027"])])],
     None),
    ("Vzdělávání a trh práce", ["A1"], [
        ("Moderní střední školy", [
            ("regional-schools", ["A1"], ["Modernizace středních škol {kraj}"]),
            ("regional-schools", ["A1", "B1"], ["Spolupráce středních škol s firmami {kraj}"])])],
     ("Odborné učebny středních škol s moderním vybavením", "počet", 40, 140)),
]

# --- municipal ----------------------------------------------------------------------------

# Priorities of a town or city: (title variants, areas, goals: (title variants,
# [measures]), indicator (name, unit, baseline per 1,000 inhabitants or absolute, target,
# whether the figures scale with the population)).
TOWN_PRIORITIES: list[tuple[list[str], list[str], list[tuple[list[str], list[Measure]]],
                            Any]] = [
    (["Udržitelná doprava a mobilita", "Bezpečná a dostupná doprava",
      "Doprava šetrná k lidem i prostředí"], ["C4"], [
        (["Bezpečné ulice pro chodce a cyklisty", "Chůze a jízda na kole jako první volba"], [
            ("cycling", ["C4"], [
                "Doplnění cyklopruhů na hlavních ulicích", "Cyklostezka podél řeky do centra",
                "Cyklistické propojení místních částí", "Bezpečné cesty do škol",
                "Osvětlené a bezbariérové přechody pro chodce",
                "Zklidnění dopravy v obytných zónách", "Cyklostezka do průmyslové zóny",
                "Stojany a kryté parkování kol u nádraží a škol",
                "Cyklostezka k nádraží a na sídliště"]),
            ("bikesharing", ["C4", "ZPO2"], [
                "Sdílená kola a elektrokola", "Systém sdílených kol s dokovacími stanicemi",
                "Sdílená mobilita pro krátké cesty po městě"])]),
        (["Plynulá doprava a moderní veřejná doprava", "Veřejná doprava jako páteř města"], [
            ("traffic", ["C4", "B4"], [
                "Inteligentní řízení světelných křižovatek", "Preference autobusů na křižovatkách",
                "Dopravní model města a průběžné sčítání dopravy"]),
            ("parking", ["C4", "B4"], [
                "Parkovací systém s naváděním na volná místa",
                "Regulace parkování v centru a placení v aplikaci",
                "Parkoviště P+R u nádraží s informací o obsazenosti"]),
            ("stops", ["C4"], [
                "Informační tabule v reálném čase na zastávkách", "Modernizace zastávek MHD",
                "Jízdenka v mobilu a jednotné odbavení"]),
            ("charging", ["C4", "B2"], [
                "Veřejné nabíjecí stanice pro elektromobily",
                "Nabíjení elektromobilů u úřadů a parkovišť",
                "Elektromobily ve vozovém parku města"])])],
     ("Délka cyklostezek a cyklopruhů", "km", Decimal("0.25"), Decimal("0.6"), True)),
    (["Energie a klima", "Úspory energie a obnovitelné zdroje",
      "Město připravené na změnu klimatu"], ["B2", "C3"], [
        (["Úspory energie ve veřejných budovách", "Levnější energie pro město"], [
            ("buildings", ["B2", "B4"], [
                "Energetický management budov města", "Dálkové odečty energií ve školách",
                "Zateplení a řízené větrání mateřských škol",
                "Energetický manažer pro budovy města"]),
            ("lighting", ["B2", "C1"], [
                "Modernizace veřejného osvětlení na LED s regulací",
                "Chytré veřejné osvětlení na sídlištích",
                "Výměna veřejného osvětlení v místních částech"]),
            ("pv", ["B2"], [
                "Fotovoltaika na střechách škol a úřadu",
                "Fotovoltaika na budovách města s bateriovým úložištěm",
                "Solární elektrárna na střeše sportovní haly"]),
            ("community-energy", ["B2", "ZPO2"], [
                "Komunitní energetika s obyvateli a spolky",
                "Sdílení elektřiny mezi budovami města"])]),
        (["Adaptace na změnu klimatu", "Voda a zeleň ve městě"], [
            ("water", ["C3", "C2"], [
                "Zadržování dešťové vody v zástavbě",
                "Retenční nádrže a vsakovací pásy na sídlištích",
                "Využití dešťové vody pro zálivku zeleně", "Propustné povrchy parkovišť"]),
            ("greenery", ["C3", "C1"], [
                "Výsadba stromořadí a obnova parků", "Zelené střechy a fasády veřejných budov",
                "Stínění dětských hřišť a náměstí", "Plán péče o městskou zeleň"])])],
     ("Instalovaný výkon fotovoltaiky na budovách města", "kWp", Decimal("0.5"),
      Decimal("12"), True)),
    (["Digitální úřad a data", "Úřad otevřený online", "Chytrá správa města"],
     ["ZPO1", "B4"], [
        (["Služby úřadu online", "Vyřízeno bez cesty na úřad"], [
            ("portal", ["ZPO1"], [
                "Portál občana s elektronickými formuláři", "Online platby místních poplatků",
                "Elektronická podání a objednávání na úřad",
                "Digitalizace spisové služby a archivu"]),
            ("reporting", ["ZPO1", "ZPO2"], [
                "Aplikace pro hlášení závad ve městě",
                "Mobilní aplikace města s hlášením závad",
                "Hlášení závad a podnětů z mapy na webu města",
                "Sledování vyřízení podnětů občanů online"]),
            ("warning", ["A4", "ZPO1"], [
                "Varovný a informační systém obyvatel", "Informování občanů SMS a e-mailem",
                "Varování při povodních a bouřkách", "Krizové informace v mobilní aplikaci"])]),
        (["Data pro rozhodování", "Rozhodování podle dat"], [
            ("data", ["ZPO1", "B4"], [
                "Městská datová platforma a dashboardy", "Katalog otevřených dat města (LKOD)",
                "Digitální technická mapa a GIS města", "3D model města pro územní plánování"]),
            ("air", ["C1", "B4"], [
                "Senzorická síť pro měření kvality ovzduší",
                "Měření prachu a hluku v ulicích", "Čidla ovzduší u škol a hlavních silnic",
                "Varování obyvatel při smogu"]),
            ("broadband", ["B4", "ZPO3"], [
                "Optická síť do místních částí", "Veřejná Wi-Fi v centru a v knihovně",
                "Metropolitní optická síť pro úřad a školy",
                "Připojení průmyslové zóny k optické síti"])])],
     ("Podání vyřízená elektronicky", "%", Decimal("12"), Decimal("60"), False)),
    (["Kvalitní život a soudržná komunita", "Město pro všechny generace",
      "Vzdělání, péče a zapojení obyvatel"], ["A1", "A2", "ZPO2"], [
        (["Vzdělávání pro budoucnost", "Školy připravené na digitální dobu"], [
            ("schools", ["A1", "B4"], [
                "Digitální vybavení učeben základních škol",
                "Odborné učebny přírodních věd a informatiky",
                "Konektivita a Wi-Fi ve školách"]),
            ("digital-skills", ["A1", "A3"], [
                "Kurzy digitálních dovedností pro seniory",
                "Digitální gramotnost pro dospělé v knihovně"])]),
        (["Péče a zdraví", "Podpora seniorů doma"], [
            ("telecare", ["A2", "A3"], [
                "Tísňová péče a telemedicína pro seniory",
                "Terénní pečovatelská služba s tablety",
                "Asistenční služby pro seniory žijící doma",
                "Sdílení informací mezi pečovatelkami a lékaři"])]),
        (["Zapojení obyvatel", "Město, které naslouchá"], [
            ("participation", ["ZPO2", "ZPO1"], [
                "Participativní rozpočet", "Online platforma pro náměty občanů",
                "Veřejná projednání s online hlasováním"])])],
     ("Projekty participativního rozpočtu", "počet", Decimal("0"), Decimal("10"), False)),
    (["Odpady a oběhové hospodářství", "Méně odpadu, více recyklace"], ["B3"], [
        (["Předcházení vzniku odpadu", "Chytré nakládání s odpady"], [
            ("waste", ["B3", "B4"], [
                "Chytrý svoz odpadu se senzory naplněnosti",
                "Evidence odpadu podle domácností", "Re-use centrum u sběrného dvora",
                "Svoz bioodpadu a komunitní kompostárny"])])],
     ("Podíl vytříděného komunálního odpadu", "%", Decimal("38"), Decimal("65"), False)),
]

# Priorities of a village (below 3,000 inhabitants).
VILLAGE_PRIORITIES: list[tuple[list[str], list[str], list[tuple[list[str], list[Measure]]],
                               Any]] = [
    (["Bezpečná doprava v obci", "Dostupnost a bezpečí na silnicích"], ["C4"], [
        (["Bezpečné chodníky a přechody", "Doprava pro všechny věkové skupiny"], [
            ("cycling", ["C4"], [
                "Chodník podél silnice do sousední obce",
                "Bezpečný přechod u školy a autobusové zastávky",
                "Cyklostezka do sousední obce", "Zpomalovací prvky na průtahu obcí",
                "Osvětlení přechodu na návsi"]),
            ("stops", ["C4"], ["Přístřešky a jízdní řády na autobusových zastávkách",
                               "Autobusová zastávka s informací o spojích",
                               "Bezbariérová autobusová zastávka na návsi"]),
            ("charging", ["C4", "B2"], ["Nabíjecí stanice u obecního úřadu",
                                        "Nabíjení elektrokol a elektromobilů na návsi",
                                        "Obecní elektromobil a jeho nabíjení"])])],
     ("Délka bezpečných chodníků", "km", Decimal("0.8"), Decimal("2.5"), False)),
    (["Energie a voda", "Úspory a obnovitelné zdroje v obci"], ["B2", "C3"], [
        (["Úspory energie v obecních budovách", "Levnější energie pro obec"], [
            ("lighting", ["B2", "C1"], [
                "Rekonstrukce veřejného osvětlení na LED", "Úsporné osvětlení místních částí",
                "Veřejné osvětlení s nočním útlumem"]),
            ("pv", ["B2"], ["Fotovoltaika na obecním úřadu a škole",
                            "Fotovoltaika na budově hasičské zbrojnice"]),
            ("community-energy", ["B2", "ZPO2"], ["Energetické společenství obce a občanů",
                                                  "Sdílená elektřina pro obecní budovy"]),
            ("buildings", ["B2"], ["Zateplení obecního úřadu a kulturního domu",
                                   "Tepelné čerpadlo pro mateřskou školu"])]),
        (["Voda v krajině", "Obec připravená na sucho"], [
            ("water", ["C3", "C2"], [
                "Obnova rybníka a mokřadu", "Zadržování vody v polních cestách a remízcích",
                "Dešťová voda pro zálivku obecní zeleně", "Revitalizace potoka v intravilánu"]),
            ("greenery", ["C3", "C1"], ["Výsadba alejí podél polních cest",
                                        "Obnova návsi a obecní zeleně"])])],
     None),
    (["Moderní obecní úřad", "Obec komunikující s občany"], ["ZPO1", "ZPO3"], [
        (["Informace a služby pro občany", "Úřad blíž lidem"], [
            ("warning", ["A4", "ZPO1"], [
                "Mobilní rozhlas a varování obyvatel", "Bezdrátový obecní rozhlas",
                "Informování občanů SMS zprávami", "Povodňový plán a hlásiče hladiny"]),
            ("portal", ["ZPO1"], ["Nové obecní webové stránky s elektronickou úřední deskou",
                                  "Elektronické platby poplatků za odpad a psy"]),
            ("shared-services", ["ZPO3", "ZPO1"], ["Sdílený IT správce a pověřenec svazku obcí",
                                                   "Společné služby obcí mikroregionu"]),
            ("broadband", ["B4", "ZPO3"], ["Optické připojení obce a místních částí",
                                           "Veřejná Wi-Fi na návsi a v knihovně"])])],
     None),
    (["Život v obci", "Spolkový život a služby"], ["ZPO2", "A2"], [
        (["Služby pro seniory a rodiny", "Soudržná komunita"], [
            ("telecare", ["A2", "A3"], ["Tísňová péče pro osamělé seniory",
                                        "Dovážka obědů a pečovatelská služba v obci",
                                        "Sousedská výpomoc a tísňové tlačítko pro seniory"]),
            ("participation", ["ZPO2"], ["Společné plánování obnovy návsi s občany",
                                         "Podpora spolků a komunitních akcí",
                                         "Veřejná setkání o rozvoji obce"]),
            ("waste", ["B3"], ["Sběrné místo a kompostéry pro domácnosti",
                               "Svoz odpadu podle skutečně vyprodukovaného množství",
                               "Obecní kompostárna a štěpkovač"])])],
     None),
]

# Every measure title (variants, national and regional ones with "{kraj}" as written) and
# its topic.
MEASURE_TOPIC: dict[str, str] = {}


def _register_topics() -> None:
    for _t, _s, _f, _to, _su, priorities in NATIONAL:
        for _p, _a, goals, _i in priorities:
            for _g, measures in goals:
                for topic, _areas, variants in measures:
                    MEASURE_TOPIC.update(dict.fromkeys(variants, topic))
    for priorities in (REGIONAL, TOWN_PRIORITIES, VILLAGE_PRIORITIES):
        for _p, _a, goals, _i in priorities:
            for _g, measures in goals:
                for topic, _areas, variants in measures:
                    MEASURE_TOPIC.update(dict.fromkeys(variants, topic))


_register_topics()


def topic_of(title: str) -> str | None:
    """The topic of a demo measure (a regional one with its kraj filled in included)."""
    if title in MEASURE_TOPIC:
        return MEASURE_TOPIC[title]
    for template, topic in MEASURE_TOPIC.items():
        if "{kraj}" in template:
            head, _sep, tail = template.partition("{kraj}")
            if title.startswith(head) and title.endswith(tail):
                return topic
    return None


# --- building ----------------------------------------------------------------------------

def status_for(valid_from: int, valid_to: int, today: dt.date) -> str:
    if valid_from > today.year:
        return Status.PREPARATION
    return Status.VALID if valid_to >= today.year else Status.EXPIRED


def indicator_values(baseline: Decimal, target: Decimal, first: int, last: int,
                     until: int, rng: random.Random, step: Decimal) -> dict[int, Decimal]:
    """Measured values from the year after the baseline up to `until` (the last full year):
    they move from the baseline toward the target, roughly as planned, a little ahead or
    behind, never back by more than a little, never past the target, never below zero."""
    values: dict[int, Decimal] = {}
    if last <= first:
        return values
    done = 0.0
    pace = rng.uniform(0.7, 1.05)  # how well the plan keeps up
    for year in range(first + 1, min(until, last) + 1):
        planned = (year - first) / (last - first)
        done = max(done, min(1.0, planned * pace + rng.uniform(-0.04, 0.04)))
        value = baseline + (target - baseline) * Decimal(str(round(done, 4)))
        value = max(Decimal(0), value.quantize(step))
        values[year] = value
    return values


def _step(unit: str) -> Decimal:
    return Decimal("0.1") if unit == "km" else Decimal("1")


def _indicator(spec, valid_from: int, valid_to: int, today: dt.date, rng: random.Random,
               population: int | None = None) -> dict[str, Any] | None:
    if spec is None:
        return None
    name, unit, baseline, target = spec[:4]
    scaled = len(spec) > 4 and spec[4]
    baseline, target = Decimal(baseline), Decimal(target)
    if scaled:  # per 1,000 inhabitants, with a town's own ambition
        thousands = Decimal(max(population or 1000, 1000)) / 1000
        baseline = baseline * thousands * Decimal(str(round(rng.uniform(0.6, 1.4), 2)))
        target = baseline + (target - Decimal(spec[2])) * thousands * Decimal(
            str(round(rng.uniform(0.5, 1.2), 2)))
    step = _step(unit)
    baseline, target = baseline.quantize(step), target.quantize(step)
    base_year = valid_from - 1
    return {"name": name, "unit": unit, "baseline_value": baseline, "baseline_year": base_year,
            "target_value": target, "target_year": valid_to,
            "values": {str(year): value for year, value in indicator_values(
                baseline, target, base_year, valid_to, today.year - 1, rng, step).items()}}


class _Tree:
    """Rows for `services.create_strategy(tree=…)`: vision → priorities → goals →
    measures, with areas and indicators."""

    def __init__(self, vision: str):
        self.rows: list[dict[str, Any]] = [{"key": "V", "code": "V", "kind": "vision",
                                             "title": vision, "areas": []}]

    def add(self, key: str, parent: str, kind: str, title: str, areas: list[str],
            responsible: str = "", indicators: list[dict[str, Any]] | None = None) -> None:
        self.rows.append({"key": key, "parent_key": parent, "code": key, "kind": kind,
                          "title": title, "areas": areas, "responsible": responsible,
                          "indicators": indicators or []})


def _areas(codes) -> list[KeyArea]:
    return list(KeyArea.objects.filter(code__in=codes))


def _exists(title: str, owner: TerritorialUnit) -> bool:
    return Strategy.all_objects.filter(title=title, owners=owner).exists()


def reviewer_for(admin):
    """Who publishes the demo's submissions: a moderator, as the administrator submitted
    them (four eyes); the administrator only where nobody else could."""
    return (User.objects.filter(memberships__role=Role.MODERATOR, is_active=True)
            .exclude(pk=admin.pk).order_by("pk").first() or admin)


def _create(admin, *, title, owners, level, strategy_type, valid, summary, areas, state,
            tree: _Tree, parents=(), approved_by="zastupitelstvo", today: dt.date):
    if _exists(title, owners[0]):
        return None
    valid_from, valid_to = valid
    status = status_for(valid_from, valid_to, today)
    approved_on = dt.date(valid_from - 1, 11, 20) if status != Status.PREPARATION else None
    strategy = services.create_strategy(admin, services.StrategyData(
        title=title, owners=owners, level=level, strategy_type=strategy_type, status=status,
        valid_from=valid_from, valid_to=valid_to, summary=summary, areas=_areas(areas),
        parents=list(parents), approved_by=approved_by if approved_on else "",
        approved_on=approved_on, contact_name="odbor strategického rozvoje"),
        tree=tree.rows)
    if state in (ReviewState.SUBMITTED, ReviewState.PUBLISHED):
        services.submit_strategy(admin, strategy)
    if state == ReviewState.PUBLISHED:
        services.publish_strategy(reviewer_for(admin), strategy)
    return strategy


def _national(admin, today: dt.date) -> int:
    state_unit = TerritorialUnit.objects.get(code="CZ")
    created = 0
    for title, strategy_type, start, end, summary, priorities in NATIONAL:
        rng = random.Random(title)
        tree = _Tree("Česko – obce, města a regiony odolné a připravené na budoucnost")
        for p, (p_title, p_areas, goals, indicator) in enumerate(priorities, start=1):
            tree.add(f"{p}", "V", "priority", p_title, p_areas)
            for g, (g_title, measures) in enumerate(goals, start=1):
                tree.add(f"{p}.{g}", f"{p}", "goal", g_title, p_areas[:1])
                for m, (_topic, m_areas, variants) in enumerate(measures, start=1):
                    spec = _indicator(indicator, start, end, today, rng) if m == 1 else None
                    tree.add(f"{p}.{g}.{m}", f"{p}.{g}", "measure", variants[0], m_areas,
                             "Ministerstvo pro místní rozvoj", [spec] if spec else [])
        created += _create(admin, title=title, owners=[state_unit], level=Level.NATIONAL,
                           strategy_type=strategy_type, valid=(start, end), summary=summary,
                           areas=[a.code for a in KeyArea.objects.all()],
                           state=ReviewState.PUBLISHED, tree=tree, approved_by="vláda ČR",
                           today=today) is not None
    return created


def _regional(admin, kraj: TerritorialUnit, national, today: dt.date) -> bool:
    rng = random.Random(kraj.code)
    genitive = KRAJ_GENITIVE.get(kraj.code, kraj.name)
    tree = _Tree(f"Území {genitive} – prosperující, propojené a odolné")
    for p, (p_title, p_areas, goals, indicator) in enumerate(REGIONAL, start=1):
        tree.add(f"{p}", "V", "priority", p_title, p_areas)
        for g, (g_title, measures) in enumerate(goals, start=1):
            tree.add(f"{p}.{g}", f"{p}", "goal", g_title, p_areas[:1])
            for m, (_topic, m_areas, variants) in enumerate(measures, start=1):
                spec = _indicator(indicator, 2021, 2027, today, rng) if m == 1 else None
                tree.add(f"{p}.{g}.{m}", f"{p}.{g}", "measure",
                         variants[0].replace("{kraj}", genitive), m_areas,
                         "krajský úřad", [spec] if spec else [])
    return _create(
        admin, title=f"Program rozvoje územního obvodu {genitive} 2021–2027", owners=[kraj],
        level=Level.REGIONAL, strategy_type=StrategyType.DEVELOPMENT_PROGRAMME,
        valid=(2021, 2027),
        summary=f"Střednědobý program rozvoje {genitive}: doprava, energetika, digitální "
                "služby, zdravotní a sociální péče a vzdělávání na období 2021–2027.",
        areas=["C4", "B2", "ZPO1", "A2", "A1"], state=ReviewState.PUBLISHED, tree=tree,
        parents=national, approved_by="zastupitelstvo kraje", today=today) is not None


# A measure's wording is in at most this many strategies (towns plan similar things, but
# each says it its own way).
MAX_COPIES = 3
RESPONSIBLE = {"C4": "odbor dopravy", "B2": "odbor správy majetku", "C3": "odbor životního "
               "prostředí", "ZPO1": "odbor informatiky", "B4": "odbor informatiky",
               "A1": "odbor školství", "A2": "odbor sociálních věcí", "ZPO2": "kancelář "
               "starosty", "B3": "odbor životního prostředí", "C1": "odbor životního prostředí",
               "A4": "kancelář tajemníka", "ZPO3": "kancelář tajemníka"}


def _municipal_tree(town: TerritorialUnit, village: bool, rng: random.Random,
                    used: Counter, start: int, end: int, today: dt.date) -> tuple[_Tree, set]:
    """A town's own structure: a few of the priorities for its size, each with one or two
    goals and their measures (the variant used least so far, so towns differ)."""
    pool = VILLAGE_PRIORITIES if village else TOWN_PRIORITIES
    big = (town.population or 0) > 40000
    count = rng.randint(3, 4) if big else rng.randint(2, 3)
    chosen = sorted(rng.sample(range(len(pool)), k=min(count, len(pool))))
    kind = "obec" if village else "město"
    tree = _Tree(rng.choice([
        f"{town.name} – místo pro dobrý život", f"{town.name} – moderní a odolné {kind}"
        if kind == "město" else f"{town.name} – moderní a odolná obec",
        f"{town.name} 2035: zdravé, bezpečné a propojené místo",
        f"{town.name} – {kind}, kde se dobře žije všem generacím"]))
    areas: set[str] = set()
    for p, index in enumerate(chosen, start=1):
        titles, p_areas, goals, indicator = pool[index]
        areas.update(p_areas)
        tree.add(f"{p}", "V", "priority", rng.choice(titles), p_areas)
        for g, (g_titles, measures) in enumerate(
                rng.sample(goals, k=min(len(goals), 2 if big else 1)), start=1):
            tree.add(f"{p}.{g}", f"{p}", "goal", rng.choice(g_titles), p_areas[:1])
            wanted = 3 if big else 2
            m = 0
            for _topic, m_areas, variants in rng.sample(measures, k=len(measures)):
                title = min(variants, key=lambda v: (used[v], rng.random()))
                if m == wanted or (used[title] >= MAX_COPIES and m > 0):
                    continue  # enough measures, or every wording is in enough strategies
                used[title] += 1
                m += 1
                spec = _indicator(indicator, start, end, today, rng, town.population) \
                    if m == 1 and g == 1 else None
                tree.add(f"{p}.{g}.{m}", f"{p}.{g}", "measure", title, m_areas,
                         RESPONSIBLE.get(m_areas[0], "obecní úřad"),
                         [spec] if spec else [])
    return tree, areas


def municipalities(kraj: TerritorialUnit) -> tuple[list[TerritorialUnit], list[TerritorialUnit]]:
    """The demo's towns of a kraj (the largest) and villages (1,000–3,000 inhabitants)."""
    towns = list(TerritorialUnit.objects.filter(kind=Kind.OBEC, kraj=kraj)
                 .order_by("-population", "code")[:4])
    villages = list(TerritorialUnit.objects.filter(
        kind=Kind.OBEC, kraj=kraj, population__gte=1000, population__lt=3000)
        .order_by("code")[:3])
    return towns, villages


def seed(admin, stdout) -> None:
    today = dt.date.today()
    created = _national(admin, today)
    national = list(Strategy.objects.filter(level=Level.NATIONAL))
    used: Counter[str] = Counter()
    for code in REGIONS:
        kraj = TerritorialUnit.objects.filter(code=code).first()
        if kraj is None:
            continue
        created += _regional(admin, kraj, national, today)
        regional = Strategy.objects.filter(owners=kraj, level=Level.REGIONAL).first()
        towns, villages = municipalities(kraj)
        for index, town in enumerate(towns + villages):
            # Each town draws from its own seeded generator, so what one town gets never
            # depends on whether others were created before (a second run adds nothing).
            rng = random.Random(f"{town.code}-strategy")
            village = town in villages
            big = (town.population or 0) > 20000
            strategy_type = (StrategyType.SMART_CITY if big and index % 2 == 0
                             else StrategyType.DEVELOPMENT_PROGRAMME if village
                             else StrategyType.STRATEGIC_PLAN)
            start = rng.choice([2017, 2019, 2021, 2022, 2023, today.year + 1])
            end = start + (4 if village else rng.choice([6, 8, 10]))
            state = ReviewState.PUBLISHED if index % 5 else (
                ReviewState.DRAFT if index % 2 else ReviewState.SUBMITTED)
            label = {StrategyType.SMART_CITY: "Strategie SMART City",
                     StrategyType.STRATEGIC_PLAN: "Strategický plán rozvoje",
                     StrategyType.DEVELOPMENT_PROGRAMME: "Program rozvoje obce"}[strategy_type]
            title = f"{label} {town.name} {start}–{end}"
            if _exists(title, town):
                continue
            tree, areas = _municipal_tree(town, village, rng, used, start, end, today)
            created += _create(
                admin, title=title, owners=[town], level=Level.MUNICIPAL,
                strategy_type=strategy_type, valid=(start, end),
                summary=_summary(town, village, start, end, tree, rng), areas=sorted(areas),
                state=state, tree=tree, parents=[regional] if regional else [],
                approved_by="zastupitelstvo obce" if village else "zastupitelstvo města",
                today=today) is not None
    stdout.write(f"strategies: {created} created")


def _summary(town: TerritorialUnit, village: bool, start: int, end: int, tree: _Tree,
             rng: random.Random) -> str:
    priorities = [row["title"].lower() for row in tree.rows if row["kind"] == "priority"]
    who = "obce" if village else "města"
    opening = rng.choice([
        f"Strategický dokument {who} {town.name} na období {start}–{end}",
        f"Jak se má {town.name} rozvíjet v letech {start}–{end}",
        f"Společná vize {who} {town.name} do roku {end}"])
    return (f"{opening}: {', '.join(priorities[:-1])} a {priorities[-1]}."
            if len(priorities) > 1 else f"{opening}: {priorities[0]}.")
