"""Demo programmes and a few dozen calls for `seed_demo` (idempotent: calls are recognised
by identifier). Dates are relative to the day of seeding so the calendar always has open
and upcoming calls; a demo editor follows two areas and one call."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from accounts.models import User
from concept.models import KeyArea
from territory.models import TerritorialUnit

from . import services
from .models import Call, Programme

PROGRAMMES = [
    ("IROP", "Integrovaný regionální operační program 2021–2027", "eu_op",
     "Ministerstvo pro místní rozvoj", "https://irop.mmr.cz/"),
    ("OPZP", "Operační program Životní prostředí 2021–2027", "eu_op",
     "Státní fond životního prostředí ČR", "https://www.opzp.cz/"),
    ("OPTAK", "Operační program Technologie a aplikace pro konkurenceschopnost", "eu_op",
     "Ministerstvo průmyslu a obchodu", "https://www.mpo.gov.cz/"),
    ("OPD", "Operační program Doprava 2021–2027", "eu_op", "Ministerstvo dopravy",
     "https://www.opd.cz/"),
    ("NPO", "Národní plán obnovy", "ministry", "Ministerstvo pro místní rozvoj",
     "https://www.planobnovycr.cz/"),
    ("MMR-PRR", "Podpora regionálního rozvoje (národní dotace)", "ministry",
     "Ministerstvo pro místní rozvoj", "https://www.mmr.gov.cz/"),
    ("MV-EGOV", "Rozvoj eGovernmentu v obcích", "ministry", "Ministerstvo vnitra",
     "https://www.mvcr.cz/"),
    ("JCK-SMART", "Dotační program Jihočeského kraje – Smart region", "kraj",
     "Jihočeský kraj", "https://www.kraj-jihocesky.cz/"),
    ("VYS-FOND", "Fond Vysočiny – Chytrá Vysočina", "kraj", "Kraj Vysočina",
     "https://www.kr-vysocina.cz/"),
    ("NADACE-E", "Nadační program Energie pro obce", "foundation", "Nadace pro energii",
     ""),
]

# (identifier, programme, title, areas, applicant types, min/max population, territory,
#  allocation mil., min/max support mil., co-financing %, opens in days, open for days)
CALLS = [
    ("IROP-77-SMART", "IROP", "Chytrá města a obce – SMART řešení", ["ZPO1", "C4", "B1"],
     ["obec", "kraj", "mas"], 5000, None, [], 1200, 1, 100, 15, -40, 200),
    ("IROP-78-DOPRAVA", "IROP", "Udržitelná městská mobilita", ["B1", "B4"], ["obec", "kraj"],
     10000, None, [], 2500, 5, 150, 15, -10, 120),
    ("IROP-79-EGOV", "IROP", "eGovernment a kybernetická bezpečnost obcí", ["ZPO1", "C4"],
     ["obec", "microregion"], None, None, [], 800, 1, 30, 15, 30, 120),
    ("IROP-80-VZDELANI", "IROP", "Infrastruktura základních škol", ["A2"], ["obec"], None,
     None, [], 3000, 2, 60, 15, 60, 150),
    ("OPZP-45-ENERGIE", "OPZP", "Energetické úspory veřejných budov", ["B2"],
     ["obec", "kraj"], None, None, [], 4000, 1, 200, 30, -60, 240),
    ("OPZP-46-VODA", "OPZP", "Hospodaření se srážkovou vodou v obcích", ["C1", "C2"],
     ["obec", "microregion"], None, None, [], 1500, 0.5, 50, 20, -20, 180),
    ("OPZP-47-OZE", "OPZP", "Obnovitelné zdroje energie pro obce", ["B2", "C1"],
     ["obec"], None, None, [], 2000, 1, 80, 25, 45, 200),
    ("OPZP-48-ODPADY", "OPZP", "Předcházení vzniku odpadů", ["C3"], ["obec", "company"],
     None, None, [], 700, 0.5, 40, 15, 90, 120),
    ("OPTAK-12-DIGI", "OPTAK", "Digitální podniky a inovace", ["C4"], ["business"], None,
     None, [], 3000, 2, 100, 50, -30, 100),
    ("OPD-20-ITS", "OPD", "Inteligentní dopravní systémy", ["B1"], ["obec", "kraj"], 30000,
     None, [], 1800, 10, 300, 15, 15, 150),
    ("OPD-21-EMOB", "OPD", "Dobíjecí infrastruktura pro veřejnou dopravu", ["B1", "B2"],
     ["obec", "company"], None, None, [], 900, 2, 60, 20, -5, 90),
    ("NPO-3-KOMUNITNI", "NPO", "Komunitní energetika", ["B2", "ZPO2"], ["obec"], None, 30000,
     [], 600, 0.5, 15, 20, -15, 60),
    ("NPO-4-DIGI-UR", "NPO", "Digitalizace úřadů obcí s rozšířenou působností", ["ZPO1"],
     ["obec"], 3000, None, [], 500, 0.5, 10, 0, 20, 60),
    ("MMR-117D8210A", "MMR-PRR", "Podpora obnovy a rozvoje venkova", ["A4", "ZPO4"],
     ["obec"], None, 3000, [], 700, 0.2, 6, 30, -90, 75),
    ("MMR-117D8210E", "MMR-PRR", "Podpora obcí s více než 3 000 obyvateli", ["A1", "C1"],
     ["obec"], 3000, 10000, [], 400, 2, 30, 40, 40, 60),
    ("MMR-SMART-2026", "MMR-PRR", "Pilotní SMART projekty obcí", ["ZPO1", "ZPO3", "C4"],
     ["obec", "mas", "microregion"], None, None, [], 250, 0.5, 8, 30, 10, 90),
    ("MV-EGOV-2026", "MV-EGOV", "Portály občana a elektronická podání", ["ZPO1"],
     ["obec"], None, None, [], 300, 0.3, 5, 20, -20, 90),
    ("JCK-SMART-2026", "JCK-SMART", "Smart řešení v obcích Jihočeského kraje",
     ["ZPO1", "C4", "B2"], ["obec", "mas"], None, None, ["CZ031"], 60, 0.1, 2, 40, -10, 60),
    ("JCK-SMART-2027", "JCK-SMART", "Smart mobilita na jihu Čech", ["B1", "B4"], ["obec"],
     None, None, ["CZ031"], 40, 0.1, 1.5, 40, 120, 60),
    ("VYS-CHYTRA-26", "VYS-FOND", "Chytrá Vysočina – digitální služby obcí", ["ZPO1", "C4"],
     ["obec"], None, None, ["CZ063"], 30, 0.05, 1, 50, -25, 70),
    ("VYS-ENERGIE-26", "VYS-FOND", "Úspory energie na Vysočině", ["B2"], ["obec"], None,
     None, ["CZ063"], 25, 0.1, 1.5, 50, 35, 60),
    ("NADACE-E-2026", "NADACE-E", "Energie pro obce – úspory a OZE", ["B2", "C1"],
     ["obec", "ngo"], None, 5000, [], 20, 0.05, 0.5, 30, -5, 45),
    ("IROP-70-SMART", "IROP", "Chytrá města a obce – 1. kolo", ["ZPO1", "C4"],
     ["obec", "kraj"], 5000, None, [], 1000, 1, 100, 15, -400, 120),
    ("OPZP-30-ENERGIE", "OPZP", "Energetické úspory – 1. kolo", ["B2"], ["obec"], None, None,
     [], 3000, 1, 150, 30, -380, 150),
    ("IROP-81-ZDRAVI", "IROP", "Sociální a zdravotní služby v komunitě", ["A1", "A3"],
     ["obec", "ngo"], None, None, [], 900, 1, 40, 15, 75, 120),
    ("IROP-82-KULTURA", "IROP", "Kulturní dědictví a cestovní ruch", ["A4"], ["obec", "kraj"],
     None, None, [], 1300, 2, 80, 15, 150, 120),
    ("OPZP-49-ADAPTACE", "OPZP", "Adaptace měst na změnu klimatu", ["C1", "C2"],
     ["obec"], 5000, None, [], 1100, 1, 60, 20, 25, 150),
    ("MMR-SMART-2027", "MMR-PRR", "Pilotní SMART projekty obcí – 2. kolo",
     ["ZPO1", "ZPO3", "C4"], ["obec", "mas", "microregion"], None, None, [], 300, 0.5, 8, 30,
     200, 90),
    ("NPO-5-WIFI", "NPO", "Vysokorychlostní internet v obcích", ["C4", "A2"], ["obec"], None,
     None, [], 450, 0.5, 20, 20, -45, 90),
    ("OPD-22-BEZPECNOST", "OPD", "Bezpečnost chodců a cyklistů", ["B1"], ["obec"], None, None,
     [], 1000, 1, 50, 15, 5, 120),
]


def _mil(value) -> Decimal:
    return (Decimal(str(value)) * 1_000_000).quantize(Decimal("1"))


def seed(admin, stdout) -> None:
    today = dt.date.today()
    programmes = {}
    for code, name, provider_type, provider, url in PROGRAMMES:
        programmes[code] = Programme.objects.filter(code=code).first() or \
            services.save_programme(admin, code=code, name=name, provider_type=provider_type,
                                    provider=provider, web_url=url)
    areas = {a.code: a for a in KeyArea.objects.all()}
    created = 0
    for (identifier, programme, title, area_codes, applicants, min_pop, max_pop, territory,
         allocation, min_support, max_support, rate, opens_in, open_for) in CALLS:
        if Call.objects.filter(identifier=identifier).exists():
            continue
        opens_on = today + dt.timedelta(days=opens_in)
        services.create_call(admin, services.CallData(
            programme=programmes[programme], identifier=identifier, title=title,
            description=f"{title}. Výzva programu {programmes[programme].name}.",
            applicant_types=applicants, min_population=min_pop, max_population=max_pop,
            territories=list(TerritorialUnit.objects.filter(code__in=territory)),
            areas=[areas[c] for c in area_codes if c in areas],
            allocation=_mil(allocation), min_support=_mil(min_support),
            max_support=_mil(max_support), cofinancing_rate=Decimal(rate),
            opens_on=opens_on, closes_on=opens_on + dt.timedelta(days=open_for),
            web_url=programmes[programme].web_url,
            documents=[("Text výzvy", programmes[programme].web_url or "https://www.mmr.gov.cz/"),
                       ("Pravidla pro žadatele a příjemce", (programmes[programme].web_url
                                                             or "https://www.mmr.gov.cz/"))]))
        created += 1
    editor = User.objects.filter(email="editor.cb@smart.example.cz").first()
    if editor is not None:
        for code in ("B2", "ZPO1"):
            if code in areas:
                services.follow(editor, area=areas[code])
        call = Call.objects.filter(identifier="IROP-77-SMART").first()
        if call is not None:
            services.follow(editor, call=call)
    stdout.write(f"funding: {len(programmes)} programmes, {created} calls created")
