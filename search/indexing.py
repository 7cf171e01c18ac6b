"""What goes into the index: entries built from records, with their keys and tags.

``EntryData`` is the neutral shape every app hands to ``search.services.write_entries``;
``entry_values`` turns it into the columns of ``SearchEntry`` (search keys of the title
and body, filter and tier tags, a fingerprint to skip unchanged rows). The builders below
read strategies, their structure and the passages of their documents.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import translation

from mining.lemmas import index_terms

from .backends.base import TIERS, TITLE_TIER, tier_token
from .models import Kind

MAX_YEARS = 40
OPEN_PERIOD_YEARS = 10
_UNSAFE = re.compile(r"[^a-z0-9_]")


@dataclass
class EntryData:
    kind: str
    object_id: str
    title: str
    url: str
    body: str = ""
    document: str = ""
    page: int | None = None
    language: str = "cs"
    areas: list[str] = field(default_factory=list)
    pillars: list[str] = field(default_factory=list)
    kraje: list[str] = field(default_factory=list)
    units: list[str] = field(default_factory=list)
    level: str = ""
    type: str = ""
    year_from: int | None = None
    year_to: int | None = None
    title_text: str | None = None  # what the title keys come from (default: title)
    terms: str | None = None  # precomputed body keys (passages carry them)


def tag(name: str, value: Any) -> str:
    """A filter token: ``area_c4``; values keep only [a-z0-9_]."""
    return f"{name}_{_UNSAFE.sub('', str(value).lower())}"


def covered_years(year_from: int | None, year_to: int | None) -> list[int]:
    """Years a record's period covers; an open end counts ``OPEN_PERIOD_YEARS``."""
    if year_from is None and year_to is None:
        return []
    start = year_from if year_from is not None else year_to - OPEN_PERIOD_YEARS + 1
    end = year_to if year_to is not None else year_from + OPEN_PERIOD_YEARS - 1
    return list(range(start, min(end, start + MAX_YEARS - 1) + 1))


def filter_tokens(data: EntryData) -> list[str]:
    tokens = [tag("kind", data.kind)]
    tokens += [tag("area", code) for code in data.areas]
    tokens += [tag("pillar", code) for code in data.pillars]
    tokens += [tag("kraj", code) for code in data.kraje]
    tokens += [tag("unit", code) for code in data.units]
    if data.level:
        tokens.append(tag("level", data.level))
    if data.type:
        tokens.append(tag("type", data.type))
    tokens += [tag("year", year) for year in covered_years(data.year_from, data.year_to)]
    return tokens


def tier_tokens(title_terms: list[str], terms: list[str]) -> list[str]:
    """``<n>_<key>`` for every tier n the key reaches (a title key reaches them all)."""
    counts = Counter(terms)
    for key in set(title_terms):
        counts[key] = max(counts[key], TITLE_TIER)
    return [tier_token(level, key) for key, n in counts.items() for level in TIERS
            if n >= level]


def _spaced(values: Iterable[str]) -> str:
    values = [v for v in dict.fromkeys(values) if v]
    return f" {' '.join(values)} " if values else ""


def entry_values(data: EntryData) -> dict[str, Any]:
    """The SearchEntry columns for ``data`` (without source)."""
    title_terms = index_terms(data.title if data.title_text is None else data.title_text,
                              data.language)
    terms = (data.terms.split() if data.terms is not None
             else index_terms(data.body, data.language))
    tags = list(dict.fromkeys(filter_tokens(data) + tier_tokens(title_terms, terms)))
    values = {
        "kind": data.kind, "object_id": data.object_id, "title": data.title[:500],
        "url": data.url[:500], "body": data.body, "title_terms": " ".join(title_terms),
        "terms": " ".join(terms), "tags": " ".join(tags), "document": data.document[:300],
        "page": data.page, "language": data.language or "cs", "areas": _spaced(data.areas),
        "pillars": _spaced(data.pillars), "kraj": _spaced(data.kraje),
        "units": _spaced(data.units), "level": data.level, "type": data.type,
        "year_from": data.year_from, "year_to": data.year_to,
    }
    digest = hashlib.sha1(repr(sorted(values.items())).encode(), usedforsecurity=False)
    values["fingerprint"] = digest.hexdigest()
    return values


# --- strategies -----------------------------------------------------------------------------

def _canonical_url(obj: Any, suffix: str = "") -> str:
    """Stored in the default language; ``search.queries`` translates it for display."""
    with translation.override(settings.LANGUAGE_CODE):
        return obj.get_absolute_url() + suffix


def unit_codes(unit: Any) -> list[str]:
    """The unit and every unit it lies in (kraj, okres, ORP, MAS, microregion)."""
    codes = [unit.code] + [parent.code for parent in unit.parents()]
    codes += [group.code for group in unit.groups.all()]
    return codes


def _kraj_code(unit: Any) -> str:
    from territory.models import Kind as UnitKind

    if unit.kind == UnitKind.KRAJ:
        return unit.code
    return unit.kraj.code if unit.kraj_id else ""


@dataclass
class StrategyFacets:
    kraje: list[str]
    units: list[str]
    level: str
    type: str
    year_from: int | None
    year_to: int | None

    def apply(self, data: EntryData) -> EntryData:
        data.kraje, data.units = self.kraje, self.units
        data.level, data.type = self.level, self.type
        data.year_from, data.year_to = self.year_from, self.year_to
        return data


def pillars_of(areas: Iterable[str], pillar_of_area: dict[str, str]) -> list[str]:
    return list(dict.fromkeys(pillar_of_area[code] for code in areas if code in pillar_of_area))


def strategy_facets(strategy: Any) -> StrategyFacets:
    """Facets every entry of the strategy shares. Expects ``owners`` prefetched with their
    kraj, okres, orp and groups."""
    owners = list(strategy.owners.all())
    return StrategyFacets(
        kraje=list(dict.fromkeys(code for code in map(_kraj_code, owners) if code)),
        units=list(dict.fromkeys(code for unit in owners for code in unit_codes(unit))),
        level=strategy.level, type=strategy.strategy_type, year_from=strategy.valid_from,
        year_to=strategy.valid_to)


def strategy_entries(strategy: Any, facets: StrategyFacets,
                     pillar_of_area: dict[str, str]) -> list[EntryData]:
    """The strategy itself and every element of its structure tree (``areas`` and
    ``nodes`` with their ``areas`` prefetched)."""
    areas = [area.code for area in strategy.areas.all()]
    entries = [facets.apply(EntryData(
        Kind.STRATEGY, str(strategy.pk), strategy.title, _canonical_url(strategy),
        body=strategy.summary, areas=areas, pillars=pillars_of(areas, pillar_of_area)))]
    for node in strategy.nodes.all():
        node_areas = [area.code for area in node.areas.all()] or areas
        title = f"{node.code} {node.title}".strip()
        entries.append(facets.apply(EntryData(
            Kind.NODE, str(node.pk), title, _canonical_url(node), body=node.description,
            document=strategy.title, title_text=node.title, areas=node_areas,
            pillars=pillars_of(node_areas, pillar_of_area))))
    return entries


def passage_entries(strategy: Any, documents: Iterable[tuple[Any, list[Any]]],
                    pillar_of_area: dict[str, str], facets: StrategyFacets) -> list[EntryData]:
    """Entries for the passages of each (document, passages) pair of ``strategy``."""
    entries: dict[str, EntryData] = {}
    for document, passages in documents:
        url = _canonical_url(document)
        for passage in passages:
            object_id = f"{passage.pk}@{strategy.pk}"
            if object_id in entries:
                continue
            areas = passage.effective_areas
            entries[object_id] = facets.apply(EntryData(
                # The result names the strategy too: "Návrhová část" alone says too little.
                Kind.PASSAGE, object_id, f"{strategy.title}: {document.title}",
                f"{url}#page-{passage.page}",
                body=passage.text, document=document.title, page=passage.page,
                language=passage.language or "cs", areas=areas,
                pillars=pillars_of(areas, pillar_of_area), title_text="",
                terms=passage.terms))
    return list(entries.values())


# --- project intentions -------------------------------------------------------------------

def intention_entry(intention: Any, pillar_of_area: dict[str, str]) -> EntryData:
    """A project intention: its fiche texts, areas, the territory of the leading and partner
    units, the years it runs. Expects ``lead_unit`` (with its kraj), ``partner_units``
    (with their groups) and ``other_areas`` prefetched."""
    units = [intention.lead_unit, *intention.partner_units.all()]
    main = [intention.main_area.code] if intention.main_area_id else []
    areas = list(dict.fromkeys(main + [area.code for area in intention.other_areas.all()]))
    body = "\n\n".join(text for text in (intention.problem, intention.goals,
                                          intention.target_groups, intention.description)
                        if text)
    years = intention.years
    return EntryData(
        Kind.INTENTION, str(intention.pk), intention.title, _canonical_url(intention),
        body=body, document=intention.lead_unit.name, areas=areas,
        pillars=pillars_of(areas, pillar_of_area),
        kraje=list(dict.fromkeys(code for code in map(_kraj_code, units) if code)),
        units=list(dict.fromkeys(code for unit in units for code in unit_codes(unit))),
        year_from=years[0] if years else None, year_to=years[-1] if years else None)
