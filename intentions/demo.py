"""Demo portfolio for `seed_demo`: a few hundred project intentions of municipalities in
several kraje, over several years, in every status. Generated deterministically through
the services (so each has its history); running it again adds nothing (an intention is
recognised by its title and leading unit)."""

from __future__ import annotations

import datetime as dt
import random
import time
from decimal import Decimal

from concept.models import KeyArea, Sdg, Technology
from concept.services import load_vocabularies
from strategies.demo import reviewer_for
from territory.models import Kind, TerritorialUnit

from . import services
from .models import Intention
from .queries import linkable_nodes

# (title, main area, other areas, technologies, SDGs, output (name, unit, target), cost in
# millions CZK (low, high), problem, description)
PROJECTS = [
    ("Chytré veřejné osvětlení", "B2", ["B1"], ["smart-lighting", "sensors-iot"], [7, 11],
     ("Vyměněná svítidla", "ks", 800), (4, 30),
     "Zastaralé osvětlení má vysokou spotřebu a nesvítí tam, kde je potřeba.",
     "Výměna svítidel za LED s dálkovou správou a stmíváním podle provozu."),
    ("Energetický management budov obce", "B2", ["C1"], ["building-management",
                                                        "smart-metering"], [7, 13],
     ("Budovy v systému energetického managementu", "počet", 25), (2, 12),
     "Spotřeba energie veřejných budov není sledována a náklady rostou.",
     "Dálkové odečty energií, řízení vytápění a vyhodnocování spotřeby."),
    ("Fotovoltaika na střechách škol", "B2", ["C1"], ["renewable-energy", "energy-storage"],
     [7, 13], ("Instalovaný výkon", "kWp", 400), (8, 45),
     "Školy platí vysoké účty za elektřinu a střechy jsou nevyužité.",
     "Fotovoltaické elektrárny s bateriovým úložištěm na budovách škol."),
    ("Komunitní energetika", "B2", ["ZPO2"], ["renewable-energy", "data-platform"], [7, 11],
     ("Zapojené domácnosti", "počet", 150), (5, 40),
     "Obyvatelé nemají přístup k levné energii z místních zdrojů.",
     "Energetické společenství obce, spolků a domácností se sdílením elektřiny."),
    ("Inteligentní řízení křižovatek", "B1", ["B4"], ["traffic-management", "sensors-iot"],
     [9, 11], ("Řízené křižovatky", "počet", 12), (10, 80),
     "Kongesce v centru prodlužují jízdní doby MHD i aut.",
     "Adaptivní řízení světelné signalizace s preferencí veřejné dopravy."),
    ("Nabíjecí stanice pro elektromobily", "B1", ["B2"], ["e-mobility"], [7, 11],
     ("Nabíjecí body", "počet", 30), (3, 20),
     "Chybí veřejná infrastruktura pro elektromobilitu.",
     "Síť veřejných nabíjecích stanic u parkovišť a úřadů."),
    ("Sdílená kola a koloběžky", "B1", ["A2"], ["shared-mobility", "mobile-app"], [3, 11],
     ("Sdílená vozidla", "ks", 200), (2, 10),
     "Krátké cesty po městě se jezdí autem.",
     "Systém sdílených kol s dokovacími stanicemi a aplikací."),
    ("Parkovací systém se senzory", "B1", ["C4"], ["sensors-iot", "mobile-app"], [11],
     ("Parkovací místa se senzorem", "počet", 600), (3, 18),
     "Hledání parkovacího místa zatěžuje centrum dopravou.",
     "Senzory obsazenosti, navigace na volná místa a placení v aplikaci."),
    ("Portál občana", "ZPO1", ["C4"], ["e-government", "mobile-app"], [16],
     ("Elektronická podání", "%", 60), (1, 8),
     "Většinu agend lze vyřídit jen osobně na úřadě.",
     "Portál občana s elektronickými formuláři, platbami a notifikacemi."),
    ("Datová platforma a otevřená data", "C4", ["ZPO1"], ["data-platform", "open-data"],
     [9, 16], ("Publikované datové sady", "počet", 40), (2, 12),
     "Data obce jsou roztříštěná a rozhoduje se bez nich.",
     "Městská datová platforma, katalog otevřených dat (LKOD) a dashboardy."),
    ("Digitální dvojče města", "C4", ["ZPO3"], ["gis-digital-twin", "data-platform"], [11],
     ("Modelované území", "km²", 50), (5, 35),
     "Plánování rozvoje nemá společný podklad pro všechny odbory.",
     "3D model města s daty o infrastruktuře pro územní plánování."),
    ("Senzorická síť pro kvalitu ovzduší", "C1", ["C4"], ["sensors-iot", "open-data"],
     [3, 11], ("Měřicí body", "počet", 40), (1, 6),
     "O kvalitě ovzduší v lokalitách nejsou data.",
     "Síť čidel prachu a NO2 s otevřenými daty a varováním obyvatel."),
    ("Zadržování dešťové vody", "C1", ["C2"], ["water-retention", "sensors-iot"], [6, 13],
     ("Zadržený objem", "m³", 5000), (4, 30),
     "Sucho a přívalové deště ohrožují zeleň i kanalizaci.",
     "Retenční nádrže, zelené střechy a chytré řízení zálivky."),
    ("Chytré odpadové hospodářství", "C3", ["C4"], ["sensors-iot", "ai-analytics"], [12],
     ("Kontejnery se senzorem naplněnosti", "ks", 300), (2, 14),
     "Svoz odpadu jezdí i k prázdným kontejnerům.",
     "Senzory naplněnosti, optimalizace tras svozu a motivační platby."),
    ("Telemedicína pro seniory", "A1", ["A3"], ["telecare", "mobile-app"], [3, 10],
     ("Klienti asistenční služby", "počet", 120), (1, 6),
     "Senioři žijící sami nemají rychlou pomoc.",
     "Tísňová tlačítka, dálkové monitorování a koordinace terénní péče."),
    ("Digitální vzdělávání ve školách", "A2", ["ZPO4"], ["broadband", "mobile-app"], [4],
     ("Vybavené učebny", "počet", 20), (2, 15),
     "Školy nemají vybavení ani konektivitu pro výuku digitálních dovedností.",
     "Vybavení učeben, konektivita a školení pedagogů."),
    ("Veřejná Wi-Fi a vysokorychlostní internet", "C4", ["A2"], ["broadband"], [9],
     ("Pokryté domácnosti", "počet", 1500), (3, 25),
     "Místní části nemají kvalitní připojení k internetu.",
     "Optická síť do místních částí a veřejná Wi-Fi v centru."),
    ("Participativní rozpočet online", "ZPO2", ["A4"], ["e-government", "mobile-app"],
     [16, 17], ("Hlasující obyvatelé", "počet", 2000), (1, 3),
     "Obyvatelé se málo zapojují do rozhodování o investicích.",
     "Online platforma pro návrhy a hlasování participativního rozpočtu."),
    ("Chytrá zastávka MHD", "B4", ["B1"], ["sensors-iot", "open-data"], [11],
     ("Informační panely", "ks", 60), (2, 12),
     "Cestující nevědí, kdy jim jede spoj.",
     "Informační panely s odjezdy v reálném čase a otevřená data pro aplikace."),
    ("Aplikace pro hlášení závad", "ZPO2", ["C4"], ["mobile-app", "e-government"], [16],
     ("Vyřešená hlášení", "počet ročně", 1500), (1, 2),
     "Úřad se o závadách ve městě dozvídá pozdě.",
     "Mobilní aplikace pro hlášení závad s mapou a sledováním vyřízení."),
]
SOURCES_BY_AREA = {"B2": ["eu", "national"], "C1": ["eu", "national"], "B1": ["eu", "regional"],
                   "C4": ["eu", "national"], "ZPO1": ["national", "eu"]}
REGIONS = ["CZ031", "CZ063", "CZ064", "CZ080", "CZ052", "CZ010", "CZ020", "CZ071"]
STATUSES = ["published"] * 9 + ["in_implementation"] * 3 + ["completed", "submitted",
                                                             "submitted", "draft", "draft",
                                                             "draft", "cancelled"]
PARTNERS = [("Vysoká škola technická", "academia", "analýzy a měření přínosů"),
            ("Místní spolek", "civil", "zapojení obyvatel"),
            ("Regionální energetická agentura", "public", "metodická podpora"),
            ("Technologická firma", "business", "dodávka a provoz řešení"),
            ("Krajská hospodářská komora", "business", "propojení s podniky")]


def _money(rng: random.Random, low: int, high: int) -> Decimal:
    # Whole thousands of CZK.
    return Decimal(rng.randint(low * 1000, high * 1000)) * 1000


def _budget(rng, start: dt.date, end: dt.date, total: Decimal, area: str):
    years = list(range(start.year, end.year + 1))
    external = SOURCES_BY_AREA.get(area, ["eu", "national", "regional"])
    own_share = Decimal(rng.choice([15, 20, 30, 40, 100])) / 100
    own_total = (total * own_share).quantize(Decimal("1000"))
    lines: dict[tuple[int, str], Decimal] = {}
    remaining_own, remaining_ext = own_total, total - own_total
    source = rng.choice(external)
    for index, year in enumerate(years):
        last = index == len(years) - 1
        own = remaining_own if last else (own_total / len(years)).quantize(Decimal("1000"))
        ext = remaining_ext if last else ((total - own_total) / len(years)).quantize(
            Decimal("1000"))
        remaining_own -= own
        remaining_ext -= ext
        if own:
            lines[(year, "own")] = own
        if ext:
            lines[(year, source)] = ext
    return [(y, s, a) for (y, s), a in lines.items()]


def seed(admin, stdout) -> None:
    started = time.perf_counter()
    areas = {a.code: a for a in KeyArea.objects.all()}
    technologies = {t.code: t for t in Technology.objects.all()}
    sdgs = {s.code: s for s in Sdg.objects.all()}
    if not technologies or not sdgs:
        load_vocabularies()
        technologies = {t.code: t for t in Technology.objects.all()}
        sdgs = {s.code: s for s in Sdg.objects.all()}
    existing = set(Intention.all_objects.values_list("title", "lead_unit_id"))
    created = 0
    for kraj_code in REGIONS:
        kraj = TerritorialUnit.objects.filter(code=kraj_code).first()
        if kraj is None:
            continue
        towns = list(TerritorialUnit.objects.filter(kind=Kind.OBEC, kraj=kraj)
                     .order_by("-population")[:10])
        towns += list(TerritorialUnit.objects.filter(kind=Kind.OBEC, kraj=kraj,
                                                     population__lt=3000)
                      .order_by("code")[:6])
        for town in towns:
            # Each town and project draws from its own generator, so a second run makes
            # the same choices whatever exists already.
            rng = random.Random(f"{town.code}")
            big = (town.population or 0) > 20000
            count = rng.randint(4, 7) if big else rng.randint(1, 3)
            nodes = list(linkable_nodes(admin, [town]).prefetch_related("areas")[:200])
            for project in rng.sample(PROJECTS, k=count):
                (title, main, others, techs, goals, output, (low, high), problem,
                 description) = project
                full_title = f"{title} – {town.name}"
                if (full_title, town.pk) in existing:
                    continue
                rng = random.Random(f"{town.code}:{title}")
                if not big:
                    low, high = max(1, low // 3), max(2, high // 3)
                start = dt.date(rng.choice([2024, 2025, 2025, 2026, 2026, 2027, 2028]),
                                rng.choice([1, 3, 4, 6, 9]), 1)
                end = dt.date(start.year + rng.choice([0, 1, 1, 2, 3]), 12, 31)
                total = _money(rng, low, high)
                status = rng.choice(STATUSES)
                fitting = [n for n in nodes if any(a.code in (main, *others)
                                                   for a in n.areas.all())]
                activities = [
                    {"title": "Příprava a projektová dokumentace", "start_date": start,
                     "progress": 100 if status in ("in_implementation", "completed") else
                     rng.choice([0, 30, 60, 100])},
                    {"title": "Výběrové řízení", "progress": 100 if status == "completed"
                     else rng.choice([0, 0, 50])},
                    {"title": "Realizace", "end_date": end,
                     "progress": 100 if status == "completed" else
                     rng.choice([0, 10, 40]) if status == "in_implementation" else 0}]
                values = {
                    "problem": problem, "goals": f"{output[0]}: {output[2]} {output[1]}; "
                                                 "nižší provozní náklady a lepší služby.",
                    "target_groups": "obyvatelé, návštěvníci, zaměstnanci úřadu",
                    "description": description,
                    "main_area": areas.get(main),
                    "other_areas": [areas[c] for c in others if c in areas],
                    "technologies": [technologies[c] for c in techs if c in technologies],
                    "sdgs": [sdgs[c] for c in goals if c in sdgs],
                    "strategy_nodes": rng.sample(fitting, k=min(len(fitting), 2)),
                    "start_date": start, "end_date": end,
                    "readiness": rng.choice(["idea", "study", "documentation", "permit",
                                             "ready"]),
                    "total_cost": total, "budget": _budget(rng, start, end, total, main),
                    "budget_public": rng.random() > 0.15,
                    "outputs": [{"name": output[0], "unit": output[1], "baseline": Decimal(0),
                                 "target": Decimal(output[2]), "target_year": end.year}],
                    "partners": [dict(zip(("name", "sector", "role"), p, strict=True))
                                 for p in rng.sample(PARTNERS, k=rng.randint(0, 2))],
                    "activities": activities,
                }
                if big and rng.random() < 0.2:
                    neighbour = rng.choice(towns)
                    if neighbour.pk != town.pk:
                        values["partner_units"] = [neighbour]
                intention = services.create_intention(admin, title=full_title, lead_unit=town,
                                                      **values)
                created += 1
                _advance(admin, intention, status)
    stdout.write(f"intentions: {created} created in {time.perf_counter() - started:.1f} s")


def _advance(admin, intention: Intention, status: str) -> None:
    if status == "draft":
        return
    if status == "cancelled":
        services.cancel_intention(admin, intention, "Projekt nebude realizován.")
        return
    services.submit_intention(admin, intention)
    if status == "submitted":
        return
    services.publish_intention(reviewer_for(admin), intention)
    if status in ("in_implementation", "completed"):
        services.start_implementation(admin, intention)
    if status == "completed":
        services.complete_intention(admin, intention)
