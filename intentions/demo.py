"""Demo portfolio for `seed_demo`: a few hundred project intentions of towns and villages in
several kraje, in every status, written so that an official believes them.

Each intention comes from a topic (`TOPICS`) that fits the size of its municipality (no
traffic-light control in a village of 1,500 people), with a title, problem and description
chosen from several variants and filled in with the place, its kraj's university or agency
and quantities scaled to its population; its key areas are the Smart Cities Concept's areas
of that topic, and it implements only strategy measures on the same topic. The status comes
first and the dates follow it: a completed intention ended before today, one in
implementation runs today, published, submitted and draft ones start later and show no
progress. Generated deterministically through the services (so each has its history);
running it again adds nothing (an intention is recognised by its title and leading unit).
"""

from __future__ import annotations

import datetime as dt
import random
import time
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from concept.models import KeyArea, Sdg, Technology
from concept.services import load_vocabularies
from strategies.demo import KRAJ_GENITIVE, reviewer_for, topic_of
from territory.models import Kind, TerritorialUnit

from . import services
from .models import Intention
from .queries import linkable_nodes

VILLAGE, TOWN, CITY, METROPOLIS = "village", "town", "city", "metropolis"
ALL_SIZES = (VILLAGE, TOWN, CITY, METROPOLIS)
URBAN = (TOWN, CITY, METROPOLIS)
LARGE = (CITY, METROPOLIS)


@dataclass(frozen=True)
class Topic:
    key: str
    main: str  # main key area (Smart Cities Concept)
    others: tuple[str, ...]
    technologies: tuple[str, ...]
    sdgs: tuple[int, ...]
    sizes: tuple[str, ...]
    titles: tuple[str, ...]
    qualifiers: tuple[str, ...]  # added to a title: a stage, a part of town …
    problems: tuple[str, ...]  # {place} "v Písku"; {who} "Město Písek"
    descriptions: tuple[str, ...]  # {n} the output's quantity
    goals: tuple[str, ...]
    target_groups: tuple[str, ...]
    output: tuple[str, str, float, int]  # name, unit, per 1,000 inhabitants, at least
    cost: tuple[float, float]  # million CZK for a town of 20,000 inhabitants
    strategy_topics: tuple[str, ...]


TOPICS = [
    Topic("lighting", "B2", ("C1",), ("smart-lighting", "sensors-iot"), (7, 11), ALL_SIZES,
          ("Chytré veřejné osvětlení", "Modernizace veřejného osvětlení na LED",
           "Úsporné osvětlení ulic s dálkovou správou"),
          ("", " – 1. etapa", " v místních částech", " na sídlištích"),
          ("Veřejné osvětlení {place} je přes třicet let staré, spotřebuje mnoho elektřiny a "
           "poruchy se hledají pochůzkou.",
           "Výdaje za elektřinu pro veřejné osvětlení rostou a část ulic {place} je v noci "
           "osvětlena nedostatečně.",
           "Sodíkové výbojky dosluhují, náhradní díly se obtížně shánějí a přechody pro chodce "
           "nejsou dobře osvětlené."),
          ("Výměna {n} svítidel za LED s dálkovou správou, nočním útlumem a hlášením poruch.",
           "Postupná obnova {n} světelných míst: LED svítidla, nové rozvaděče a řídicí "
           "systém, který stmívá podle provozu.",
           "LED svítidla s čidly pohybu v méně frekventovaných ulicích a přisvícení "
           "přechodů; správa všech {n} světelných míst z jednoho místa."),
          ("snížit spotřebu elektřiny na veřejné osvětlení nejméně o polovinu",
           "bezpečnější ulice a přechody v noci"),
          ("obyvatelé, chodci a řidiči", "obyvatelé a návštěvníci, správa majetku"),
          ("Vyměněná svítidla", "ks", 30, 40), (4, 12), ("lighting",)),
    Topic("buildings", "B2", ("B4",), ("building-management", "smart-metering"), (7, 13),
          URBAN,
          ("Energetický management budov", "Dálkové odečty a řízení spotřeby energií",
           "Úspory energie ve školách a na úřadě"),
          ("", " – 2. etapa", " v mateřských a základních školách"),
          ("Spotřeba energie ve školách, školkách a na úřadě se sleduje jen z ročních faktur "
           "a plýtvání se odhalí pozdě.",
           "Náklady na energie veřejných budov {place} se za poslední tři roky zdvojnásobily.",
           "Vytápění budov {place} se řídí ručně a o víkendech se topí v prázdných třídách."),
          ("Dálkové odečty elektřiny, tepla a vody v {n} budovách, řízení vytápění podle "
           "provozu a měsíční vyhodnocení energetickým manažerem.",
           "Chytré měřiče a regulace v {n} objektech, energetický management podle normy "
           "ČSN EN ISO 50001.",
           "Měření spotřeby v {n} budovách, ekvitermní regulace kotelen a upozornění na "
           "neobvyklou spotřebu."),
          ("ušetřit pětinu nákladů na energie veřejných budov", "mít spotřebu všech budov "
           "pod kontrolou každý měsíc"),
          ("správa majetku, školy a školky", "zaměstnanci úřadu, ředitelé škol"),
          ("Budovy v energetickém managementu", "počet", 0.8, 4), (2, 7), ("buildings",)),
    Topic("pv", "B2", (), ("renewable-energy", "energy-storage"), (7, 13), ALL_SIZES,
          ("Fotovoltaika na střechách škol", "Fotovoltaické elektrárny na obecních budovách",
           "Solární energie pro veřejné budovy"),
          ("", " s bateriovým úložištěm", " – 1. etapa"),
          ("Školy a úřad {place} platí vysoké účty za elektřinu, přitom jejich střechy "
           "jsou nevyužité.",
           "{who} chce snížit závislost na cenách elektřiny a vyrábět energii pro vlastní "
           "budovy.",
           "Spotřeba elektřiny v budovách {place} je nejvyšší přes den, kdy svítí slunce."),
          ("Fotovoltaické elektrárny o celkovém výkonu {n} kWp na střechách škol a "
           "sportovní haly, s bateriovým úložištěm pro večerní provoz.",
           "Instalace {n} kWp na vhodných střechách obecních budov; přebytky se sdílejí mezi "
           "odběrnými místy.",
           "Solární panely o výkonu {n} kWp a řízení spotřeby tak, aby se vyrobená "
           "elektřina spotřebovala v budovách."),
          ("vyrábět třetinu elektřiny pro vlastní budovy", "nižší a stabilní náklady na "
           "elektřinu"),
          ("školy, úřad a sportoviště", "správa majetku, žáci a učitelé"),
          ("Instalovaný výkon", "kWp", 6, 20), (6, 20), ("pv",)),
    Topic("community-energy", "B2", ("ZPO2",), ("renewable-energy", "data-platform"),
          (7, 11), (VILLAGE, TOWN),
          ("Komunitní energetika", "Energetické společenství obce a občanů",
           "Sdílená elektřina pro obec a spolky"),
          ("", " – založení a první zdroje"),
          ("Obyvatelé {place} nemají přístup k levné elektřině z místních zdrojů a ceny "
           "energií je zatěžují.",
           "{who} vyrábí elektřinu na střeše úřadu, ale přebytky prodává levně a energii pro "
           "školu nakupuje draze.",
           "Spolky a domácnosti {place} by chtěly vyrábět elektřinu společně, chybí jim však "
           "organizace a zázemí."),
          ("Energetické společenství obce, spolků a {n} domácností se společnou "
           "fotovoltaikou a sdílením elektřiny.",
           "Obecní fotovoltaika a sdílení elektřiny mezi obecními budovami a {n} zapojenými "
           "domácnostmi, s aplikací pro sledování výroby.",
           "Založení energetického společenství, společné zdroje a sdílení elektřiny pro "
           "{n} členů."),
          ("levnější elektřina z místních zdrojů", "zapojit domácnosti do výroby energie"),
          ("domácnosti, spolky a obecní budovy", "obyvatelé a místní podnikatelé"),
          ("Zapojené domácnosti", "počet", 25, 15), (4, 14), ("community-energy", "pv")),
    Topic("traffic", "C4", ("B4",), ("traffic-management", "sensors-iot"), (9, 11), LARGE,
          ("Inteligentní řízení křižovatek", "Preference MHD na světelných křižovatkách",
           "Adaptivní řízení dopravy"),
          ("", " v centru", " na hlavních tazích"),
          ("Kongesce na hlavních tazích {place} zdržují autobusy i auta a zhoršují ovzduší.",
           "Světelné signalizace {place} mají pevné plány, které neodpovídají skutečnému "
           "provozu.",
           "Autobusy MHD ve špičce nabírají zpoždění na křižovatkách v centru."),
          ("Adaptivní řízení {n} světelných křižovatek podle detektorů provozu, s preferencí "
           "vozidel MHD a integrovaného záchranného systému.",
           "Nové řadiče a detektory na {n} křižovatkách, koordinace signálních plánů a "
           "dopravní ústředna.",
           "Řízení {n} křižovatek podle aktuálního provozu a přednost autobusů; data o "
           "intenzitách dopravy pro plánování."),
          ("zkrátit jízdní doby MHD ve špičce o desetinu", "plynulejší doprava a méně "
           "emisí v centru"),
          ("cestující MHD, řidiči, dopravní podnik", "obyvatelé, dopravce, složky IZS"),
          ("Řízené křižovatky", "počet", 0.25, 4), (20, 60), ("traffic", "stops")),
    Topic("charging", "C4", ("B2",), ("e-mobility",), (7, 11), ALL_SIZES,
          ("Nabíjecí stanice pro elektromobily", "Veřejná síť nabíjecích stanic",
           "Dobíjení elektromobilů u úřadu a parkovišť"),
          ("", " – 1. etapa", " u obecních budov"),
          ("{who} nemá veřejná místa pro nabíjení elektromobilů a obyvatelé bytových domů "
           "nemohou nabíjet doma.",
           "{who} obnovuje vozový park elektromobily, ale nemá je kde nabíjet.",
           "Návštěvníci i místní se ptají po nabíjení {place}; nejbližší rychlonabíječka je "
           "daleko."),
          ("Veřejné nabíjecí body u parkovišť, úřadu a sportovišť (celkem {n}) s platbou "
           "kartou a rezervací v aplikaci.",
           "Síť {n} nabíjecích bodů, z toho dva rychlonabíjecí, napojená na fotovoltaiku "
           "obecních budov.",
           "Nabíjecí stanice s {n} body u obecních budov pro služební i veřejné "
           "elektromobily."),
          ("umožnit nabíjení i obyvatelům bez vlastní garáže", "přejít na elektromobily ve "
           "vozovém parku"),
          ("řidiči elektromobilů, návštěvníci", "obyvatelé, zaměstnanci úřadu"),
          ("Nabíjecí body", "počet", 0.4, 2), (2, 8), ("charging",)),
    Topic("bikesharing", "C4", ("ZPO2",), ("shared-mobility", "mobile-app"), (3, 11), LARGE,
          ("Sdílená kola a elektrokola", "Bikesharing s dokovacími stanicemi",
           "Sdílená mobilita pro krátké cesty"),
          ("", " – pilotní provoz"),
          ("Krátké cesty {place} se jezdí autem a centrum je přetížené.",
           "Studenti a dojíždějící {place} nemají jak se dostat z nádraží do práce a do "
           "škol jinak než autem.",
           "Město má nové cyklostezky, ale mnoho lidí nemá kolo po ruce."),
          ("Systém {n} sdílených kol a elektrokol s dokovacími stanicemi u nádraží, škol a "
           "úřadů a s aplikací pro půjčování.",
           "Sdílená kola a elektrokola, celkem {n} vozidel; první půlhodina zdarma pro "
           "držitele městské karty.",
           "Provozovatel sdílených kol vybraný v soutěži, {n} vozidel a data o jízdách pro "
           "plánování cyklotras."),
          ("nahradit část krátkých cest autem", "propojit nádraží s centrem a školami"),
          ("obyvatelé, studenti, dojíždějící", "návštěvníci a zaměstnanci firem"),
          ("Sdílená kola", "ks", 2, 30), (2, 8), ("bikesharing", "cycling")),
    Topic("parking", "C4", ("B4",), ("sensors-iot", "mobile-app"), (11,), LARGE,
          ("Parkovací systém se senzory", "Navádění na volná parkovací místa",
           "Chytré parkování v centru"),
          ("", " – 1. etapa", " u nádraží"),
          ("Řidiči v centru {place} krouží při hledání volného místa a zhoršují plynulost "
           "dopravy.",
           "Parkovací automaty {place} dosluhují a obsazenost parkovišť nikdo nezná.",
           "Parkoviště u nádraží jsou ráno plná, zatímco jinde místa zůstávají volná."),
          ("Senzory obsazenosti na {n} parkovacích místech, naváděcí tabule u vjezdů do "
           "centra a placení parkovného v mobilní aplikaci.",
           "Detekce obsazenosti {n} míst, otevřená data o volných místech a jednotné "
           "placení parkovného.",
           "Naváděcí systém pro {n} míst na parkovištích v centru a u nádraží, propojený s "
           "městskou aplikací."),
          ("méně aut kroužících centrem", "přehled o obsazenosti parkovišť v reálném čase"),
          ("řidiči, obyvatelé centra", "návštěvníci, obchodníci v centru"),
          ("Parkovací místa se senzorem", "počet", 10, 80), (3, 12), ("parking",)),
    Topic("stops", "C4", ("B4",), ("open-data", "sensors-iot"), (11,), LARGE,
          ("Chytré zastávky MHD", "Informační tabule na zastávkách",
           "Odjezdy v reálném čase na zastávkách"),
          ("", " – 2. etapa"),
          ("Cestující na zastávkách {place} nevědí, kdy jim pojede spoj, a MHD ztrácí "
           "zákazníky.",
           "O zpoždění autobusů se cestující dozvídají až na zastávce.",
           "Zastávky nemají informace pro nevidomé a slabozraké."),
          ("Informační panely s odjezdy v reálném čase na {n} zastávkách, hlasový výstup pro "
           "nevidomé a otevřená data pro aplikace.",
           "Modernizace {n} zastávek: tabule s odjezdy, osvětlení a přístřešky se zelenou "
           "střechou.",
           "Data o polohách vozidel, {n} zastávkových panelů a odjezdy v aplikaci města."),
          ("více cestujících ve veřejné dopravě", "spolehlivé informace o spojích"),
          ("cestující MHD, nevidomí a slabozrací", "cestující, dopravní podnik"),
          ("Informační panely", "ks", 0.6, 10), (2, 10), ("stops",)),
    Topic("cycling", "C4", ("C1",), ("sensors-iot",), (3, 11), ALL_SIZES,
          ("Cyklostezka a bezpečné přechody", "Bezpečné cesty do škol",
           "Propojení místních částí cyklostezkou"),
          ("", " – 1. etapa", " – 2. etapa"),
          ("Děti {place} chodí do školy podél rušné silnice bez chodníku.",
           "Mezi místními částmi {place} vede jen silnice bez krajnice a lidé se bojí jezdit "
           "na kole.",
           "Na hlavní třídě chybí cyklopruhy a přechody nejsou osvětlené."),
          ("Stavba {n} km stezky pro chodce a cyklisty a dvou osvětlených přechodů; sčítač "
           "cyklistů ukáže, kolik lidí stezku používá.",
           "{n} km cyklostezky, zpomalovací prvky a bezpečné přechody u škol, automatické "
           "sčítání chodců a cyklistů.",
           "Cyklopruhy a cyklostezka v délce {n} km, stojany na kola u škol a úřadu a "
           "sčítače cyklistů s otevřenými daty."),
          ("bezpečná cesta do školy pěšky a na kole", "více cest na kole místo autem"),
          ("žáci a rodiče, cyklisté", "obyvatelé místních částí, senioři"),
          ("Nové cyklostezky a cyklopruhy", "km", 0.1, 1), (6, 25), ("cycling",)),
    Topic("portal", "ZPO1", ("B4",), ("e-government", "mobile-app"), (16,), ALL_SIZES,
          ("Portál občana", "Elektronická podání a platby online", "Úřad online pro občany"),
          ("", " – rozšíření o další agendy"),
          ("Většinu agend lze {place} vyřídit jen osobně na úřadě v úředních hodinách.",
           "Poplatky za odpad a psy se {place} platí hotově na pokladně úřadu.",
           "Občané nevědí, v jakém stavu je jejich podání, a volají na úřad."),
          ("Portál občana s {n} elektronickými formuláři, platbami poplatků a oznámeními, "
           "napojený na spisovou službu a identitu občana.",
           "Online platby místních poplatků, objednávání na úřad a {n} formulářů pro "
           "nejčastější agendy.",
           "Elektronická podání pro {n} agend, sledování stavu vyřízení a připomínky "
           "splatnosti poplatků."),
          ("vyřídit většinu běžných agend bez cesty na úřad", "méně hotovosti na pokladně"),
          ("občané, podnikatelé, zaměstnanci úřadu", "obyvatelé a chalupáři"),
          ("Agendy vyřízené elektronicky", "počet", 1.5, 8), (1, 4), ("portal",)),
    Topic("reporting", "ZPO1", ("ZPO2",), ("mobile-app", "e-government"), (11, 16), URBAN,
          ("Aplikace pro hlášení závad", "Mobilní aplikace města s hlášením závad",
           "Hlášení závad s mapou a sledováním vyřízení"),
          ("",),
          ("Úřad se o závadách {place} dozvídá pozdě a hlášení se ztrácejí v e-mailech.",
           "Obyvatelé {place} nevědí, komu rozbitou lampu nebo černou skládku nahlásit.",
           "Technické služby {place} nemají přehled, které závady čekají na opravu."),
          ("Mobilní aplikace pro hlášení závad s fotografií a polohou, napojená na technické "
           "služby; cílem je {n} vyřešených hlášení ročně.",
           "Hlášení závad z mapy na webu i v aplikaci, sledování vyřízení a {n} vyřešených "
           "podnětů ročně.",
           "Jednotný systém pro podněty občanů, přidělování odborům a zveřejnění stavu "
           "vyřízení; očekává se {n} hlášení ročně."),
          ("opravit nahlášenou závadu do týdne", "přehled o podnětech obyvatel"),
          ("obyvatelé, technické služby", "obyvatelé a odbory úřadu"),
          ("Vyřešená hlášení za rok", "počet", 15, 100), (0.5, 2), ("reporting",)),
    Topic("data", "ZPO1", ("B4",), ("data-platform", "open-data"), (9, 16), LARGE,
          ("Datová platforma a otevřená data", "Katalog otevřených dat",
           "Městská datová platforma"),
          ("", " – 2. etapa"),
          ("Data {place} jsou roztříštěná v tabulkách jednotlivých odborů a rozhoduje se "
           "bez nich.",
           "Občané a firmy opakovaně žádají o tatáž data podle zákona o svobodném přístupu k "
           "informacím.",
           "Vedení města nemá přehled o vývoji dopravy, energií a rozpočtu na jednom místě."),
          ("Městská datová platforma, katalog otevřených dat (LKOD) s {n} datovými sadami a "
           "dashboardy pro vedení a veřejnost.",
           "Publikace {n} datových sad podle standardu DCAT-AP-CZ a jejich pravidelná "
           "aktualizace.",
           "Sběr dat z {n} zdrojů do jednoho úložiště, vizualizace pro odbory a otevřená "
           "data."),
          ("rozhodovat podle dat", "méně žádostí o informace díky otevřeným datům"),
          ("vedení města, odbory úřadu, veřejnost", "vývojáři aplikací, novináři, občané"),
          ("Publikované datové sady", "počet", 0.4, 15), (2, 9), ("data",)),
    Topic("twin", "ZPO1", ("B4",), ("gis-digital-twin", "data-platform"), (11,),
          (METROPOLIS,),
          ("Digitální dvojče města", "3D model města pro územní plánování",
           "Digitální technická mapa a GIS"),
          ("",),
          ("Plánování rozvoje {place} nemá společný podklad pro všechny odbory a správce "
           "sítí.",
           "Stavební záměry se posuzují bez 3D modelu a dopady na okolí se odhadují.",
           "Údaje o inženýrských sítích jsou u různých správců a v různých formátech."),
          ("3D model města na ploše {n} km² s daty o budovách, sítích a zeleni pro územní "
           "plánování.",
           "Digitální technická mapa a 3D model {n} km² zastavěného území, sdílený se "
           "správci sítí.",
           "Digitální dvojče {n} km² města pro simulace dopravy, hluku a oslunění."),
          ("jeden podklad pro plánování pro všechny odbory", "rychlejší posuzování staveb"),
          ("odbor územního plánování, správci sítí", "architekti, stavebníci, veřejnost"),
          ("Modelované území", "km²", 0.3, 10), (8, 30), ("data",)),
    Topic("air", "C1", ("B4",), ("sensors-iot", "open-data"), (3, 11), LARGE,
          ("Senzorická síť pro kvalitu ovzduší", "Měření prachu a hluku ve čtvrtích",
           "Čidla kvality ovzduší"),
          ("",),
          ("O znečištění ovzduší v jednotlivých čtvrtích {place} nejsou data.",
           "Obyvatelé si stěžují na prach z dopravy, ale měřicí stanice je jen jedna.",
           "V zimě se při inverzích zhoršuje ovzduší a lidé se o tom dozvídají pozdě."),
          ("Síť {n} čidel prachu a oxidu dusičitého s otevřenými daty a varováním obyvatel.",
           "{n} měřicích bodů prachu, hluku a teploty, data v reálném čase na webu města.",
           "Čidla kvality ovzduší na {n} místech u škol a hlavních silnic a upozornění při "
           "smogu."),
          ("vědět, kde a kdy je ovzduší nejhorší", "varovat citlivé skupiny včas"),
          ("obyvatelé, školy, odbor životního prostředí", "rodiče malých dětí, senioři"),
          ("Měřicí body", "počet", 0.3, 8), (0.8, 3), ("air", "data")),
    Topic("water", "C3", ("C2",), ("water-retention", "sensors-iot"), (6, 13), ALL_SIZES,
          ("Zadržování dešťové vody", "Hospodaření s dešťovou vodou",
           "Retenční nádrže a vsakování"),
          ("", " na sídlišti", " u školy a školky"),
          ("Přívalové deště přetěžují kanalizaci {place} a v létě usychá zeleň.",
           "Dešťová voda {place} odtéká kanalizací pryč, zatímco se zalévá pitnou vodou.",
           "Při bouřkách se zaplavují sklepy a místní komunikace."),
          ("Retenční nádrže o objemu {n} m³, vsakovací pásy a propustné povrchy; voda na "
           "zálivku zeleně.",
           "Zachycení {n} m³ dešťové vody ze střech a zpevněných ploch, dešťové zahrady a "
           "chytré řízení zálivky.",
           "Vsakovací objekty a nádrže na {n} m³ vody, odpojení střech od kanalizace."),
          ("méně vody v kanalizaci při přívalových deštích", "zalévat zeleň dešťovou vodou"),
          ("obyvatelé, správa zeleně", "obyvatelé sídliště, školy"),
          ("Zadržený objem", "m³", 120, 150), (3, 15), ("water", "greenery")),
    Topic("greenery", "C3", ("C1",), ("water-retention",), (11, 13, 15), URBAN,
          ("Zelené střechy a stromořadí", "Modrozelená infrastruktura v centru",
           "Výsadba stromů a stínění náměstí"),
          ("", " – 1. etapa"),
          ("Náměstí a ulice {place} se v létě přehřívají a chybí stín.",
           "Staré stromořadí {place} dožívá a nové stromy v suchých letech nepřežijí.",
           "Střechy škol a úřadu jsou tmavé a v létě se v budovách nedá pracovat."),
          ("Výsadba {n} stromů se zavlažovacími vaky a půdními buňkami, zelené střechy na "
           "dvou budovách.",
           "{n} nových stromů, dešťové zahrady a stínění dětských hřišť.",
           "Obnova stromořadí ({n} stromů) a zelená střecha školy s nádrží na dešťovou vodu."),
          ("chladnější ulice v létě", "více stínu a zeleně v centru"),
          ("obyvatelé, děti a senioři", "obyvatelé a návštěvníci centra"),
          ("Vysazené stromy", "ks", 6, 40), (2, 10), ("greenery", "water")),
    Topic("waste", "B3", ("B4",), ("sensors-iot", "ai-analytics"), (12,), ALL_SIZES,
          ("Chytrý svoz odpadu", "Senzory naplněnosti kontejnerů",
           "Evidence odpadu podle domácností"),
          ("", " – 1. etapa"),
          ("Svozová auta jezdí {place} i k poloprázdným kontejnerům a náklady na svoz rostou.",
           "Obyvatelé {place} třídí málo, protože za netříděný odpad platí všichni stejně.",
           "Kontejnery na tříděný odpad {place} přetékají, jinde jsou poloprázdné."),
          ("Senzory naplněnosti na {n} kontejnerech a plánování tras svozu podle dat.",
           "Evidence odpadu podle domácností (čipy na {n} nádobách) a motivační poplatek.",
           "{n} kontejnerů se senzorem, optimalizace tras svozu a informace pro obyvatele v "
           "aplikaci."),
          ("méně ujetých kilometrů svozových aut", "více vytříděného odpadu"),
          ("obyvatelé, svozová firma", "domácnosti, technické služby"),
          ("Kontejnery se senzorem naplněnosti", "ks", 5, 30), (1, 6), ("waste",)),
    Topic("telecare", "A2", ("A3",), ("telecare", "mobile-app"), (3, 10), ALL_SIZES,
          ("Telemedicína pro seniory", "Tísňová péče pro osamělé seniory",
           "Asistenční služby a dálkové sledování zdraví"),
          ("",),
          ("Senioři žijící {place} sami nemají při zhoršení zdraví rychlou pomoc.",
           "Pečovatelská služba {place} nestíhá a rodiny bydlí daleko.",
           "Po propuštění z nemocnice chybí seniorům {place} doma dohled a lékařům informace."),
          ("Tísňová tlačítka pro {n} klientů, dálkové sledování zdravotního stavu a "
           "koordinace terénní péče.",
           "Asistenční služba pro {n} seniorů, tablety pro pečovatelky a sdílení informací s "
           "praktickými lékaři.",
           "Telemedicínský dohled u {n} klientů po propuštění z nemocnice a tísňová linka."),
          ("umožnit seniorům žít déle doma", "rychlá pomoc v nouzi"),
          ("senioři, osoby se zdravotním postižením", "senioři a jejich rodiny"),
          ("Klienti tísňové péče", "počet", 3, 10), (0.8, 4), ("telecare",)),
    Topic("schools", "A1", ("B4",), ("broadband",), (4,), ALL_SIZES,
          ("Digitální vzdělávání ve školách", "Moderní učebny informatiky a přírodních věd",
           "Vybavení škol pro digitální výuku"),
          ("", " na základní škole"),
          ("Škola {place} nemá odborné učebny ani rychlé připojení pro výuku digitálních "
           "dovedností.",
           "Učebny informatiky {place} jsou z roku 2008 a nové osnovy v nich nelze učit.",
           "Učitelé nemají vybavení ani školení pro výuku s digitálními technologiemi."),
          ("Vybavení {n} učeben, vnitřní síť školy a školení pedagogů.",
           "Odborné učebny přírodních věd a informatiky (celkem {n}) s konektivitou a "
           "robotickými stavebnicemi.",
           "Modernizace {n} učeben a Wi-Fi v celé škole, školení učitelů."),
          ("učit podle nových osnov informatiky", "moderní výuka přírodních věd"),
          ("žáci a učitelé", "žáci základních škol, rodiče"),
          ("Vybavené učebny", "počet", 0.2, 2), (1.5, 8), ("schools",)),
    Topic("broadband", "B4", ("ZPO3",), ("broadband",), (9,), (VILLAGE, TOWN),
          ("Optická síť do místních částí", "Vysokorychlostní internet v obci",
           "Veřejná Wi-Fi a optické připojení"),
          ("",),
          ("Místní části {place} nemají kvalitní připojení k internetu, práce z domova ani "
           "výuka online nejsou možné.",
           "{who} je bílým místem na mapě pokrytí a operátoři sem sami nepřijdou.",
           "Úřad, škola a knihovna mají pomalé připojení a veřejná Wi-Fi chybí."),
          ("Optická síť a přípojky pro {n} domácností v místních částech, veřejná Wi-Fi na "
           "návsi.",
           "Páteřní optika a přípojky pro {n} domácností a firem ve spolupráci s operátorem.",
           "Optické připojení obecních budov a {n} domácností, veřejná Wi-Fi v knihovně."),
          ("připojení pro každou domácnost", "práce a výuka z domova i v místních částech"),
          ("domácnosti, místní firmy, škola", "obyvatelé místních částí"),
          ("Připojené domácnosti", "počet", 110, 60), (2, 12), ("broadband",)),
    Topic("participation", "ZPO2", ("ZPO1",), ("e-government", "mobile-app"), (16, 17),
          URBAN,
          ("Participativní rozpočet online", "Platforma pro náměty a hlasování občanů",
           "Občané rozhodují o části rozpočtu"),
          ("",),
          ("Obyvatelé {place} se málo zapojují do rozhodování o investicích.",
           "Náměty občanů přicházejí nahodile a nikdo je systematicky nevyhodnocuje.",
           "Mladí lidé {place} se veřejných projednání neúčastní."),
          ("Online platforma pro návrhy a hlasování participativního rozpočtu; očekává se "
           "{n} hlasujících.",
           "Participativní rozpočet s hlasováním na webu i na úřadě, cílem je {n} "
           "hlasujících ročně.",
           "Platforma pro náměty a veřejná projednání online, zapojení {n} obyvatel ročně."),
          ("více lidí rozhoduje o své obci", "projekty, které lidé opravdu chtějí"),
          ("obyvatelé, spolky, mládež", "obyvatelé a místní komunity"),
          ("Hlasující obyvatelé", "počet", 35, 150), (0.3, 1.5), ("participation",)),
    Topic("warning", "A4", ("ZPO1",), ("e-government", "mobile-app"), (11, 13),
          (VILLAGE, TOWN),
          ("Mobilní rozhlas a varování obyvatel", "Bezdrátový rozhlas a SMS varování",
           "Varovný systém při povodních"),
          ("",),
          ("Starý drátový rozhlas {place} není v části obce slyšet.",
           "Při povodni v minulých letech se obyvatelé {place} o nebezpečí dozvěděli pozdě.",
           "{who} nemá jak rychle informovat chalupáře a obyvatele, kteří jsou v práci."),
          ("Bezdrátový rozhlas, SMS a e-mailová upozornění pro {n} přihlášených obyvatel.",
           "Varovný systém s hladinoměry na potoce a zprávami pro {n} obyvatel.",
           "Mobilní rozhlas s aplikací a {n} přihlášenými příjemci, napojený na krizový "
           "plán obce."),
          ("varovat všechny obyvatele včas", "rychlé informace z obce"),
          ("obyvatelé, chalupáři, hasiči", "obyvatelé a krizový štáb obce"),
          ("Přihlášení příjemci zpráv", "počet", 200, 100), (0.3, 2.5),
          ("warning", "national-resilience")),
    Topic("shared-services", "ZPO3", ("ZPO1",), ("e-government", "data-platform"), (16, 17),
          (VILLAGE,),
          ("Sdílené služby obcí mikroregionu", "Společný IT správce a pověřenec obcí",
           "Sdílená spisová služba svazku obcí"),
          ("",),
          ("{who} nemá vlastního IT správce ani pověřence pro ochranu osobních údajů.",
           "Každá obec svazku platí vlastní programy a jejich správu.",
           "Starosta {place} vyřizuje i technické věci úřadu, na které nemá čas."),
          ("Společný IT správce, pověřenec a spisová služba pro {n} obcí svazku.",
           "Sdílené služby pro {n} obcí mikroregionu: správa počítačů, zálohy a kybernetická "
           "bezpečnost.",
           "Sdílená spisová služba a elektronická úřední deska pro {n} obcí."),
          ("odborné služby i pro malé obce", "nižší náklady na správu úřadu"),
          ("malé obce svazku, jejich zaměstnanci", "starostové a účetní obcí"),
          ("Zapojené obce", "počet", 0, 4), (0.5, 2), ("shared-services",)),
]
TOPIC_BY_KEY = {t.key: t for t in TOPICS}

SOURCES_BY_AREA = {"B2": ["eu", "national"], "C3": ["eu", "national"], "C4": ["eu", "regional"],
                   "ZPO1": ["national", "eu"], "B4": ["national", "eu"], "A2": ["eu"],
                   "A1": ["eu", "regional"]}
REGIONS = ["CZ031", "CZ063", "CZ064", "CZ080", "CZ052", "CZ010", "CZ020", "CZ071"]
# (status, weight); the dates follow the status (`_dates`).
STATUSES = [("published", 8), ("in_implementation", 3), ("completed", 2), ("submitted", 2),
            ("draft", 3), ("cancelled", 1)]

# Universities and agencies near each kraj's towns, as partners (quadruple helix).
KRAJ_PARTNERS = {
    "CZ031": [("Jihočeská univerzita v Českých Budějovicích", "academia"),
              ("Energy Centre České Budějovice", "civil")],
    "CZ063": [("Vysoká škola polytechnická Jihlava", "academia"),
              ("Energetická agentura Vysočiny", "public")],
    "CZ064": [("Vysoké učení technické v Brně", "academia"),
              ("Masarykova univerzita", "academia")],
    "CZ080": [("VŠB – Technická univerzita Ostrava", "academia"),
              ("Ostravská univerzita", "academia")],
    "CZ052": [("Univerzita Hradec Králové", "academia")],
    "CZ010": [("České vysoké učení technické v Praze", "academia"),
              ("Operátor ICT, a.s.", "public")],
    "CZ020": [("ČVUT – Fakulta biomedicínského inženýrství", "academia")],
    "CZ071": [("Univerzita Palackého v Olomouci", "academia")],
}
PARTNER_ROLES = {"academia": ["měření přínosů a vyhodnocení", "analýza dat a návrh řešení",
                              "odborný dohled nad pilotním provozem"],
                 "public": ["metodická podpora", "technické řešení a provoz"],
                 "civil": ["energetické poradenství", "zapojení obyvatel"]}
OTHER_PARTNERS = [("Místní spolek", "civil", "zapojení obyvatel"),
                  ("Technologická firma", "business", "dodávka a provoz řešení"),
                  ("Krajská hospodářská komora", "business", "propojení s podniky"),
                  ("Místní akční skupina", "civil", "komunitní projednání")]
CONTACTS = [("Ing. Petra", "Svobodová"), ("Mgr. Tomáš", "Dvořák"), ("Ing. Lucie", "Králová"),
            ("Bc. Martin", "Procházka"), ("Ing. Jana", "Veselá"), ("Mgr. Pavel", "Horák"),
            ("Ing. Kateřina", "Němcová"), ("Ing. Jiří", "Marek"), ("Mgr. Eva", "Pokorná"),
            ("Ing. Ondřej", "Kučera"), ("Ing. Markéta", "Benešová"), ("Bc. Lukáš", "Fiala"),
            ("Ing. Zuzana", "Sedláčková"), ("Mgr. Jan", "Doležal"), ("Ing. Hana", "Zemanová"),
            ("Ing. Radek", "Kolář"), ("Mgr. Alena", "Navrátilová"), ("Ing. David", "Čermák"),
            ("Bc. Veronika", "Urbanová"), ("Ing. Michal", "Vaněk")]

# Towns whose name needs the locative ("v Písku"); any other is "ve městě …" / "v obci …".
LOCATIVE = {
    "České Budějovice": "v Českých Budějovicích", "Tábor": "v Táboře", "Písek": "v Písku",
    "Strakonice": "ve Strakonicích", "Jindřichův Hradec": "v Jindřichově Hradci",
    "Český Krumlov": "v Českém Krumlově", "Prachatice": "v Prachaticích",
    "Jihlava": "v Jihlavě", "Třebíč": "v Třebíči", "Havlíčkův Brod": "v Havlíčkově Brodě",
    "Žďár nad Sázavou": "ve Žďáru nad Sázavou", "Pelhřimov": "v Pelhřimově",
    "Velké Meziříčí": "ve Velkém Meziříčí", "Humpolec": "v Humpolci",
    "Brno": "v Brně", "Znojmo": "ve Znojmě", "Břeclav": "v Břeclavi", "Hodonín": "v Hodoníně",
    "Vyškov": "ve Vyškově", "Blansko": "v Blansku", "Boskovice": "v Boskovicích",
    "Ostrava": "v Ostravě", "Havířov": "v Havířově", "Opava": "v Opavě",
    "Frýdek-Místek": "ve Frýdku-Místku", "Karviná": "v Karviné", "Třinec": "v Třinci",
    "Orlová": "v Orlové", "Hradec Králové": "v Hradci Králové", "Trutnov": "v Trutnově",
    "Náchod": "v Náchodě", "Jičín": "v Jičíně",
    "Dvůr Králové nad Labem": "ve Dvoře Králové nad Labem", "Jaroměř": "v Jaroměři",
    "Vrchlabí": "ve Vrchlabí", "Praha": "v Praze", "Kladno": "na Kladně",
    "Mladá Boleslav": "v Mladé Boleslavi", "Příbram": "v Příbrami", "Kolín": "v Kolíně",
    "Kutná Hora": "v Kutné Hoře", "Beroun": "v Berouně", "Mělník": "v Mělníku",
    "Olomouc": "v Olomouci", "Prostějov": "v Prostějově", "Přerov": "v Přerově",
    "Šumperk": "v Šumperku", "Hranice": "v Hranicích", "Zábřeh": "v Zábřehu",
    "Šternberk": "ve Šternberku"}


def size_of(unit: TerritorialUnit) -> str:
    population = unit.population or 0
    if population < 3000:
        return VILLAGE
    if population < 20000:
        return TOWN
    return CITY if population < 80000 else METROPOLIS


def place(unit: TerritorialUnit) -> tuple[str, str]:
    """("v Písku", "Město Písek"): where, and who at the start of a sentence."""
    village = size_of(unit) == VILLAGE
    where = LOCATIVE.get(unit.name) or (f"v obci {unit.name}" if village
                                        else f"ve městě {unit.name}")
    return where, f"{'Obec' if village else 'Město'} {unit.name}"


def _slug(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return "".join(ch if ch.isalnum() else "-" for ch in plain).strip("-")


def _month(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _dates(status: str, today: dt.date, rng: random.Random) -> tuple[dt.date, dt.date]:
    """A planned period that fits the status: over for a completed intention, running for
    one in implementation, ahead for the others."""
    if status == "completed":
        end = _month(today, -rng.randint(2, 10))
        start = _month(end, -rng.randint(8, 26))
        return start, end - dt.timedelta(days=1)
    if status == "in_implementation":
        start = _month(today, -rng.randint(2, 14))
        return start, _month(today, rng.randint(5, 24)) - dt.timedelta(days=1)
    ahead = {"published": (1, 18), "submitted": (3, 18), "draft": (6, 30),
             "cancelled": (2, 12)}[status]
    start = _month(today, rng.randint(*ahead))
    return start, _month(start, rng.randint(8, 30)) - dt.timedelta(days=1)


def _readiness(status: str, rng: random.Random) -> str:
    return rng.choice({"completed": ["ready"], "in_implementation": ["ready"],
                       "published": ["study", "documentation", "documentation", "permit",
                                     "ready"],
                       "submitted": ["study", "documentation", "permit"],
                       "draft": ["idea", "idea", "study"],
                       "cancelled": ["idea", "study"]}[status])


def _activities(status: str, start: dt.date, end: dt.date, today: dt.date,
                rng: random.Random) -> list[dict]:
    """Steps of the project; nothing is done before the implementation starts."""
    realisation_start, realisation_end = _month(start, 2), _month(end, -1)
    if status == "completed":
        done = [100, 100, 100, 100]
    elif status == "in_implementation":
        span = max(1, (realisation_end - realisation_start).days)
        share = max(0.05, min(0.9, (today - realisation_start).days / span))
        done = [100, 100, max(5, min(90, round(share * 100 / 5) * 5)), 0]
    else:
        done = [0, 0, 0, 0]
    return [
        {"title": "Projektová dokumentace a povolení", "start_date": _month(start, -6),
         "end_date": start - dt.timedelta(days=1), "progress": done[0]},
        {"title": rng.choice(["Výběr dodavatele", "Veřejná zakázka na dodavatele"]),
         "start_date": start, "end_date": realisation_start - dt.timedelta(days=1),
         "progress": done[1]},
        {"title": "Realizace", "start_date": realisation_start,
         "end_date": max(realisation_start, realisation_end), "progress": done[2]},
        {"title": rng.choice(["Zkušební provoz a vyhodnocení", "Vyhodnocení přínosů"]),
         "start_date": max(realisation_start, realisation_end), "end_date": end,
         "progress": done[3]}]


def _money(rng: random.Random, low: float, high: float, scale: float) -> Decimal:
    # Whole thousands of CZK.
    value = rng.uniform(low, high) * scale * 1_000_000
    return Decimal(max(100_000, round(value / 1000) * 1000))


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


def _quantity(topic: Topic, unit: TerritorialUnit, rng: random.Random) -> Decimal:
    name, measure, per_thousand, least = topic.output
    if not per_thousand:  # not a matter of size: a few of its own
        return Decimal(rng.randint(least, least * 2))
    value = max(least, per_thousand * (unit.population or 1000) / 1000 * rng.uniform(0.6, 1.4))
    if measure == "km":
        return Decimal(str(round(value, 1)))
    if value >= 100:
        return Decimal(round(value, -1 if value < 1000 else -2))
    return Decimal(round(value))


def _number(value: Decimal) -> str:
    text = f"{value.normalize():f}".replace(".", ",")
    head, sep, tail = text.partition(",")
    if len(head) > 4:
        head = f"{int(head):,}".replace(",", "\u00a0")
    return head + sep + tail


def topic_of_title(title: str) -> Topic | None:
    """The topic a demo intention was written from (by its title)."""
    for topic in TOPICS:
        if any(title.startswith(t) for t in topic.titles):
            return topic
    return None


@dataclass
class Place:
    unit: TerritorialUnit
    kraj_code: str
    towns: list[TerritorialUnit]


def _values(topic: Topic, where: Place, rng: random.Random, today: dt.date,
            status: str, lookups: dict, nodes: list) -> tuple[str, dict]:
    unit = where.unit
    size = size_of(unit)
    here, who = place(unit)
    title = rng.choice(topic.titles) + rng.choice(topic.qualifiers)
    start, end = _dates(status, today, rng)
    quantity = _quantity(topic, unit, rng)
    scale = max(0.15, min(4.0, ((unit.population or 1000) / 20000) ** 0.6))
    total = _money(rng, *topic.cost, scale)
    name, measure, _per, _least = topic.output
    partners = []
    if rng.random() < 0.6 and where.kraj_code in KRAJ_PARTNERS:
        partner, sector = rng.choice(KRAJ_PARTNERS[where.kraj_code])
        partners.append((partner, sector, rng.choice(PARTNER_ROLES[sector])))
    partners += rng.sample(OTHER_PARTNERS, k=rng.randint(0, 2 if size != VILLAGE else 1))
    kind = "obec" if size == VILLAGE else "město"
    context = rng.choice([
        f"{who} projekt připravuje od roku {start.year - 1}.",
        f"Záměr vychází z potřeb obyvatel zjištěných v dotazníkovém šetření {here}.",
        f"Projekt navazuje na strategii města a rozpočtový výhled do roku {end.year}."
        if size != VILLAGE else f"Projekt schválilo zastupitelstvo obce {unit.name}.",
        f"Zkušenosti sdílí {kind} s dalšími obcemi "
        f"{KRAJ_GENITIVE.get(where.kraj_code, 'kraje')}."])
    description = (rng.choice(topic.descriptions).format(n=_number(quantity)) + " " + context)
    fitting = [n for n in nodes if topic_of(n.title) in topic.strategy_topics]
    own = [n for n in fitting if n.strategy_id in lookups["own_strategies"]]
    linked = (own[:1] + [n for n in fitting if n not in own][:1]) if fitting else []
    first, last = rng.choice(CONTACTS)
    login = f"{_slug(first.split(' ')[-1])}.{_slug(last)}"
    values = {
        "problem": rng.choice(topic.problems).format(place=here, who=who),
        "goals": (f"{name}: {_number(quantity)}{'' if measure == 'počet' else ' ' + measure} "
                  f"do roku {end.year}; {rng.choice(topic.goals)}."),
        "target_groups": rng.choice(topic.target_groups).capitalize() + ".",
        "description": description,
        "contact_name": f"{first} {last}",
        "contact_email": f"{login}@{_slug(unit.name)}.example.cz",
        "main_area": lookups["areas"].get(topic.main),
        "other_areas": [lookups["areas"][c] for c in topic.others if c in lookups["areas"]],
        "technologies": [lookups["technologies"][c] for c in topic.technologies
                         if c in lookups["technologies"]],
        "sdgs": [lookups["sdgs"][c] for c in topic.sdgs if c in lookups["sdgs"]],
        "strategy_nodes": linked,
        "start_date": start, "end_date": end,
        "readiness": _readiness(status, rng),
        "total_cost": total, "budget": _budget(rng, start, end, total, topic.main),
        "budget_public": rng.random() > 0.15,
        "outputs": [{"name": name, "unit": measure, "baseline": Decimal(0),
                     "target": quantity, "target_year": end.year}],
        "partners": [{"name": p, "sector": s, "role": r} for p, s, r in partners],
        "activities": _activities(status, start, end, today, rng),
    }
    if size in LARGE and rng.random() < 0.2:
        neighbour = rng.choice(where.towns)
        if neighbour.pk != unit.pk:
            values["partner_units"] = [neighbour]
    return title, values


def _municipalities(kraj: TerritorialUnit) -> list[TerritorialUnit]:
    towns = list(TerritorialUnit.objects.filter(kind=Kind.OBEC, kraj=kraj)
                 .order_by("-population", "code")[:6])
    towns += list(TerritorialUnit.objects.filter(kind=Kind.OBEC, kraj=kraj,
                                                 population__gte=3000, population__lt=8000)
                  .order_by("code")[:2])
    towns += list(TerritorialUnit.objects.filter(kind=Kind.OBEC, kraj=kraj,
                                                 population__gte=800, population__lt=3000)
                  .order_by("code")[:3])
    return towns


def seed(admin, stdout) -> None:
    started = time.perf_counter()
    today = dt.date.today()
    if not Technology.objects.exists() or not Sdg.objects.exists():
        load_vocabularies()
    lookups = {"areas": {a.code: a for a in KeyArea.objects.all()},
               "technologies": {t.code: t for t in Technology.objects.all()},
               "sdgs": {s.code: s for s in Sdg.objects.all()}}
    existing = set(Intention.all_objects.values_list("title", "lead_unit_id"))
    created = 0
    statuses = [s for s, weight in STATUSES for _i in range(weight)]
    for kraj_code in REGIONS:
        kraj = TerritorialUnit.objects.filter(code=kraj_code).first()
        if kraj is None:
            continue
        towns = _municipalities(kraj)
        for unit in towns:
            # Each municipality and project draws from its own generator, so a second run
            # makes the same choices whatever exists already.
            rng = random.Random(f"{unit.code}-intentions")
            size = size_of(unit)
            count = {VILLAGE: rng.randint(1, 2), TOWN: rng.randint(1, 3),
                     CITY: rng.randint(2, 4), METROPOLIS: rng.randint(4, 6)}[size]
            nodes = list(linkable_nodes(admin, [unit]).prefetch_related("areas")[:300])
            lookups["own_strategies"] = {n.strategy_id for n in nodes
                                         if n.strategy.level == "municipal"}
            # Mostly what the municipality's own strategy plans, sometimes something else.
            planned = {topic_of(n.title) for n in nodes
                       if n.strategy_id in lookups["own_strategies"]}
            fitting = [t for t in TOPICS if size in t.sizes]
            chosen: list[Topic] = []
            while fitting and len(chosen) < count:
                weights = [4 if set(t.strategy_topics) & planned else 1 for t in fitting]
                chosen.append(fitting.pop(rng.choices(range(len(fitting)), weights)[0]))
            for topic in chosen:
                project_rng = random.Random(f"{unit.code}:{topic.key}")
                status = project_rng.choice(statuses)
                title, values = _values(topic, Place(unit, kraj_code, towns), project_rng,
                                        today, status, lookups, nodes)
                if (title, unit.pk) in existing:
                    continue
                intention = services.create_intention(admin, title=title, lead_unit=unit,
                                                      **values)
                existing.add((title, unit.pk))
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
