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

# (identifier, programme, title, description, areas, applicant types, min/max population,
#  territory, allocation mil., min/max support mil., co-financing %, opens in days, open for
#  days). The areas are the Smart Cities Concept's areas of what the call supports (ZPO1
# digital administration, B2 energy, B3 circular economy, B4 ICT infrastructure, C3 green
# and blue infrastructure, C4 transport and mobility, A1 education, A2 social and health …).
CALLS = [
    ("IROP-77-SMART", "IROP", "Chytrá města a obce – SMART řešení",
     "Podpora zavádění SMART řešení v obcích podle schválené strategie SMART: digitální "
     "služby občanům, sběr a využití dat, senzorické sítě a datové platformy, chytré řízení "
     "veřejných služeb.", ["ZPO1", "ZPO3", "B4"],
     ["obec", "kraj", "mas"], 5000, None, [], 1200, 1, 100, 15, -40, 320),
    ("IROP-78-DOPRAVA", "IROP", "Udržitelná městská mobilita",
     "Stavby a vybavení pro udržitelnou dopravu ve městech: přestupní terminály, parkoviště "
     "P+R a K+R včetně naváděcích a parkovacích systémů, cyklostezky, sdílená mobilita a "
     "telematika veřejné dopravy.", ["C4"], ["obec", "kraj"],
     10000, None, [], 2500, 5, 150, 15, -10, 300),
    ("IROP-79-EGOV", "IROP", "eGovernment a kybernetická bezpečnost obcí",
     "Elektronizace agend úřadů, portály občana a elektronická podání, elektronická spisová "
     "služba a kybernetická bezpečnost informačních systémů obcí.", ["ZPO1", "B4", "A4"],
     ["obec", "microregion"], None, None, [], 800, 1, 30, 15, 30, 200),
    ("IROP-80-VZDELANI", "IROP", "Infrastruktura základních škol",
     "Odborné učebny pro výuku přírodních věd, technických a digitálních dovedností a cizích "
     "jazyků, jejich vybavení a konektivita škol; bezbariérové úpravy.", ["A1"], ["obec"],
     None, None, [], 3000, 2, 60, 15, 60, 200),
    ("OPZP-45-ENERGIE", "OPZP", "Energetické úspory veřejných budov",
     "Zateplení a výměna oken veřejných budov, účinné zdroje tepla, řízené větrání s "
     "rekuperací, fotovoltaické systémy na budovách a systémy energetického managementu.",
     ["B2"], ["obec", "kraj"], None, None, [], 4000, 1, 200, 30, -60, 330),
    ("OPZP-46-VODA", "OPZP", "Hospodaření se srážkovou vodou v obcích",
     "Zachycení, zasakování a využití srážkové vody v zástavbě: retenční nádrže, vsakovací "
     "objekty, zelené střechy a propustné povrchy.", ["C3", "C2"], ["obec", "microregion"],
     None, None, [], 1500, 0.5, 50, 20, -20, 240),
    ("OPZP-47-OZE", "OPZP", "Obnovitelné zdroje energie pro obce",
     "Fotovoltaické elektrárny na budovách a pozemcích obcí, akumulace elektřiny, tepelná "
     "čerpadla a sdílení vyrobené elektřiny mezi odběrnými místy obce.", ["B2"], ["obec"],
     None, None, [], 2000, 1, 80, 25, 45, 250),
    ("OPZP-48-ODPADY", "OPZP", "Předcházení vzniku odpadů a chytrý svoz",
     "Sběrné dvory a re-use centra, evidence odpadů podle producenta, senzory naplněnosti "
     "nádob a optimalizace tras svozu komunálního odpadu.", ["B3"], ["obec", "company"],
     None, None, [], 700, 0.5, 40, 15, 90, 210),
    ("OPTAK-12-DIGI", "OPTAK", "Digitální podniky a inovace",
     "Digitalizace výroby a služeb malých a středních podniků, průmysl 4.0 a kybernetická "
     "bezpečnost firem.", ["B1", "B4"], ["business"], None, None, [], 3000, 2, 100, 50, -30,
     100),
    ("OPD-20-ITS", "OPD", "Inteligentní dopravní systémy",
     "Telematické systémy řízení dopravy, preference veřejné dopravy na křižovatkách, "
     "dopravní informační a navigační systémy včetně navádění na volná parkovací místa.",
     ["C4", "B4"], ["obec", "kraj"], 30000, None, [], 1800, 10, 300, 15, 15, 300),
    ("OPD-21-EMOB", "OPD", "Dobíjecí stanice pro elektromobily",
     "Veřejně přístupné dobíjecí stanice pro osobní elektromobily a dobíjecí infrastruktura "
     "pro vozidla veřejné dopravy.", ["C4", "B2"], ["obec", "company"], None, None, [], 900,
     2, 60, 20, -5, 200),
    ("OPD-22-BEZPECNOST", "OPD", "Bezpečnost chodců a cyklistů",
     "Přechody pro chodce a jejich osvětlení, chodníky, cyklostezky a cyklopruhy, zklidnění "
     "dopravy v obcích.", ["C4"], ["obec"], None, None, [], 1000, 1, 50, 15, 5, 200),
    ("OPD-23-PARKOVANI", "OPD", "Parkoviště P+R u přestupních uzlů",
     "Parkoviště P+R u přestupních uzlů veřejné dopravy s naváděcím a rezervačním systémem a "
     "senzory obsazenosti.", ["C4", "B4"], ["obec"], 10000, None, [], 600, 2, 80, 15, -60,
     102),
    ("NPO-3-KOMUNITNI", "NPO", "Komunitní energetika",
     "Energetická společenství obcí, spolků a domácností: společné zdroje obnovitelné "
     "energie, sdílení elektřiny a řízení spotřeby.", ["B2", "ZPO2"], ["obec"], None, 30000,
     [], 600, 0.5, 15, 20, -15, 280),
    ("NPO-4-DIGI-UR", "NPO", "Digitalizace úřadů obcí s rozšířenou působností",
     "Elektronizace agend a spisové služby, propojení informačních systémů úřadů ORP se "
     "základními registry.", ["ZPO1"], ["obec"], 3000, None, [], 500, 0.5, 10, 0, 20, 60),
    ("MMR-117D8210A", "MMR-PRR", "Podpora obnovy a rozvoje venkova",
     "Obnova místních komunikací, veřejných prostranství, hřbitovů a obecních budov v malých "
     "obcích.", ["C1", "ZPO2"], ["obec"], None, 3000, [], 700, 0.2, 6, 30, -90, 250),
    ("MMR-117D8210E", "MMR-PRR", "Podpora obcí s 3 000 až 10 000 obyvateli",
     "Rekonstrukce obecních budov, místních komunikací a veřejných prostranství ve větších "
     "obcích.", ["C1"], ["obec"], 3000, 10000, [], 400, 2, 30, 40, 40, 60),
    ("MMR-SMART-2026", "MMR-PRR", "Pilotní SMART projekty menších obcí",
     "Pilotní ověření SMART řešení v menších obcích a svazcích obcí: sdílené digitální "
     "služby, datové platformy a senzorické sítě podle strategie SMART.",
     ["ZPO1", "ZPO3", "B4"], ["obec", "mas", "microregion"], None, 20000, [], 250, 0.5, 8,
     30, 10, 250),
    ("MV-EGOV-2026", "MV-EGOV", "Portály občana a elektronická podání",
     "Portály občana napojené na Portál veřejné správy, elektronické formuláře, placení "
     "poplatků online a oznámení občanům.", ["ZPO1"], ["obec"], None, None, [], 300, 0.3, 5,
     20, -20, 200),
    ("JCK-SMART-2026", "JCK-SMART", "Smart řešení v obcích Jihočeského kraje",
     "Dotace obcím Jihočeského kraje na SMART řešení: digitalizace služeb úřadu, chytré "
     "měření spotřeby energie, senzory a práce s daty.", ["ZPO1", "B4", "B2"], ["obec", "mas"],
     None, None, ["CZ031"], 60, 0.1, 2, 40, -10, 270),
    ("JCK-SMART-2027", "JCK-SMART", "Smart mobilita na jihu Čech",
     "Chytré zastávky, informační systémy pro cestující a bezpečné cesty pro chodce a "
     "cyklisty v obcích Jihočeského kraje.", ["C4"], ["obec"], None, None, ["CZ031"], 40,
     0.1, 1.5, 40, 120, 60),
    ("VYS-CHYTRA-26", "VYS-FOND", "Chytrá Vysočina – digitální služby obcí",
     "Elektronické služby obcí Vysočiny: webové stránky a úřední desky, mobilní rozhlas, "
     "online platby a sdílené IT služby.", ["ZPO1", "B4"], ["obec"], None, None, ["CZ063"],
     30, 0.05, 1, 50, -25, 160),
    ("VYS-ENERGIE-26", "VYS-FOND", "Úspory energie na Vysočině",
     "Úspory energie v obecních budovách a veřejném osvětlení, energetický management a "
     "malé obnovitelné zdroje.", ["B2"], ["obec"], None, None, ["CZ063"], 25, 0.1, 1.5, 50,
     35, 60),
    ("NADACE-E-2026", "NADACE-E", "Energie pro obce – úspory a OZE",
     "Nadační příspěvky malým obcím na úsporné osvětlení, fotovoltaiku a energetické "
     "poradenství.", ["B2"], ["obec", "ngo"], None, 5000, [], 20, 0.05, 0.5, 30, -5, 45),
    ("IROP-70-SMART", "IROP", "Chytrá města a obce – 1. kolo",
     "První kolo podpory SMART řešení v obcích: digitální služby, data a senzorické sítě.",
     ["ZPO1", "ZPO3", "B4"], ["obec", "kraj"], 5000, None, [], 1000, 1, 100, 15, -400, 120),
    ("OPZP-30-ENERGIE", "OPZP", "Energetické úspory – 1. kolo",
     "První kolo podpory energetických úspor veřejných budov.", ["B2"], ["obec"], None, None,
     [], 3000, 1, 150, 30, -380, 150),
    ("IROP-81-ZDRAVI", "IROP", "Sociální a zdravotní služby v komunitě",
     "Terénní a ambulantní sociální služby, asistenční a tísňová péče pro seniory, "
     "telemedicína a vybavení komunitních center.", ["A2", "A3"], ["obec", "ngo"], None, None,
     [], 900, 1, 40, 15, 75, 200),
    ("IROP-82-KULTURA", "IROP", "Kulturní dědictví a cestovní ruch",
     "Obnova kulturních památek zpřístupněných veřejnosti, expozice a návštěvnická centra.",
     ["ZPO2", "B1"], ["obec", "kraj"], None, None, [], 1300, 2, 80, 15, 150, 120),
    ("OPZP-49-ADAPTACE", "OPZP", "Adaptace měst na změnu klimatu",
     "Modrozelená infrastruktura ve městech: výsadba stromů, zelené střechy a fasády, "
     "zadržování vody v zástavbě i v krajině, stínění veřejných prostranství.",
     ["C3", "C2", "C1"], ["obec"], 5000, None, [], 1100, 1, 60, 20, 25, 240),
    ("MMR-SMART-2027", "MMR-PRR", "Pilotní SMART projekty menších obcí – 2. kolo",
     "Druhé kolo pilotních SMART projektů menších obcí a svazků obcí: sdílené digitální "
     "služby, datové platformy a senzorické sítě.", ["ZPO1", "ZPO3", "B4"],
     ["obec", "mas", "microregion"], None, 20000, [], 300, 0.5, 8, 30, 200, 90),
    ("NPO-5-WIFI", "NPO", "Vysokorychlostní internet v obcích",
     "Optické sítě a přípojky do místních částí bez kvalitního připojení k internetu, "
     "veřejná Wi-Fi v centrech obcí.", ["B4", "ZPO3"], ["obec"], None, None, [], 450, 0.5,
     20, 20, -45, 200),
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
    for (identifier, programme, title, description, area_codes, applicants, min_pop, max_pop,
         territory, allocation, min_support, max_support, rate, opens_in, open_for) in CALLS:
        if Call.objects.filter(identifier=identifier).exists():
            continue
        opens_on = today + dt.timedelta(days=opens_in)
        services.create_call(admin, services.CallData(
            programme=programmes[programme], identifier=identifier, title=title,
            description=f"{description} Výzva programu {programmes[programme].name}.",
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
