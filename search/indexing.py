"""What goes into the index: entries built from records, with their keys and tags.

``EntryData`` is the neutral shape every app's searchable source returns (see
``search.registry``); ``entry_values`` turns it into the columns of ``SearchEntry`` (search
keys of the title and body, filter and tier tags, a fingerprint to skip unchanged rows).
The helpers at the end are shared by the apps' builders: the canonical URL of a record,
the territorial codes of a unit, the pillars of key areas.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import translation

from concept.models import KeyArea
from core.lemmas import index_terms
from territory.models import Kind as UnitKind
from territory.models import TerritorialUnit

from .backends.base import TIERS, TITLE_TIER, tier_token

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
    # What the item is within its kind, for the result's label (a strategy element's
    # kind: "measure"); the source's SearchKind.describe reads it.
    role: str = ""


def tag(name: str, value: Any) -> str:
    """A filter token: ``area_c4``; values keep only [a-z0-9_]."""
    return f"{name}_{_UNSAFE.sub('', str(value).lower())}"


def covered_years(year_from: int | None, year_to: int | None) -> list[int]:
    """Years a record's period covers; an open end counts ``OPEN_PERIOD_YEARS``."""
    if year_from is None and year_to is None:
        return []
    if year_from is None:
        assert year_to is not None
        start, end = year_to - OPEN_PERIOD_YEARS + 1, year_to
    else:
        start = year_from
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
    # In the order of the keys (a set's order changes between processes, and so would the
    # tags and the fingerprint: every rebuild would rewrite every row).
    for key in dict.fromkeys(title_terms):
        counts[key] = max(counts[key], TITLE_TIER)
    return [tier_token(level, key) for key, n in counts.items() for level in TIERS
            if n >= level]


def _spaced(values: Iterable[str]) -> str:
    values = [v for v in dict.fromkeys(values) if v]
    return f" {' '.join(values)} " if values else ""


def copy_key_of(kind: str, title_terms: list[str], terms: list[str]) -> str:
    """What copies of one text share: a digest of the kind and the distinct keys of the
    body (of the title when there is no body), numbers left out. The same measure in
    twenty strategies, intentions of one template in different towns, a passage repeated
    in several documents: each group gets one key. "" for an entry without words."""
    keys = sorted({key for key in (terms or title_terms) if not key.isdigit()})
    if not keys:
        return ""
    text = kind + " " + " ".join(keys)
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()[:16]


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
        "year_from": data.year_from, "year_to": data.year_to, "role": data.role[:30],
        "copy_key": copy_key_of(data.kind, title_terms, terms),
    }
    digest = hashlib.sha1(repr(sorted(values.items())).encode(), usedforsecurity=False)
    values["fingerprint"] = digest.hexdigest()
    return values


# --- shared by the apps' builders -----------------------------------------------------------

def canonical_url(obj: Any, suffix: str = "") -> str:
    """Stored in the default language; ``search.queries`` translates it for display."""
    with translation.override(settings.LANGUAGE_CODE):
        return obj.get_absolute_url() + suffix


def unit_codes(unit: Any) -> list[str]:
    """The unit and every unit it lies in (kraj, okres, ORP, MAS, microregion). Expects
    the unit's kraj, okres, orp and groups loaded."""
    codes = [unit.code] + [parent.code for parent in unit.parents()]
    codes += [group.code for group in unit.groups.all()]
    return codes


def kraj_code(unit: Any) -> str:
    if unit.kind == UnitKind.KRAJ:
        return unit.code
    return unit.kraj.code if unit.kraj_id else ""


_kraj_code = kraj_code  # the name bench/search.py uses


def facet_units() -> Any:
    """Territorial units loaded the way ``territory_facets`` reads them (for a Prefetch)."""
    return TerritorialUnit.objects.select_related("kraj", "okres", "orp").prefetch_related(
        "groups")


def territory_facets(units: Iterable[Any]) -> tuple[list[str], list[str]]:
    """(kraje, units) of an entry about ``units``: the NUTS 3 codes of their kraje, and
    the units with every unit they lie in."""
    units = list(units)
    return (list(dict.fromkeys(code for code in map(kraj_code, units) if code)),
            list(dict.fromkeys(code for unit in units for code in unit_codes(unit))))


def pillars_of(areas: Iterable[str], pillar_of_area: dict[str, str]) -> list[str]:
    return list(dict.fromkeys(pillar_of_area[code] for code in areas if code in pillar_of_area))


_batch: ContextVar[dict[str, Any] | None] = ContextVar("search_reference_batch", default=None)


@contextmanager
def reference_batch() -> Iterator[None]:
    """Within it, ``pillar_of_area`` is read once (a rebuild indexes thousands of records)."""
    token = _batch.set({}) if _batch.get() is None else None
    try:
        yield
    finally:
        if token is not None:
            _batch.reset(token)


def pillar_of_area() -> dict[str, str]:
    """Key area code → pillar code."""
    cache = _batch.get()
    if cache is not None and "pillars" in cache:
        return cache["pillars"]
    mapping = dict(KeyArea.objects.values_list("code", "pillar__code"))
    if cache is not None:
        cache["pillars"] = mapping
    return mapping
