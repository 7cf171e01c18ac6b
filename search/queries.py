"""Reads of the search index (published records only), with facets and snippets."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from typing import Any

from django.conf import settings
from django.db import connections
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils.safestring import SafeString
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _

from concept.models import KeyArea, Pillar
from territory.models import Kind as UnitKind
from territory.models import TerritorialUnit

from . import registry
from .backends import get_backend
from .backends.base import Row
from .indexing import covered_years, tag
from .models import SearchEntry
from .query import ParsedQuery, QueryError, parse_query
from .snippets import highlight_page

__all__ = ["FILTERS", "QueryError", "SearchFilters", "SearchResults", "search"]

FILTERS = ("kind", "area", "pillar", "kraj", "level", "type", "year", "unit")


@dataclass
class SearchFilters:
    kind: str = ""
    area: str = ""
    pillar: str = ""
    kraj: str = ""  # NUTS 3 code
    level: str = ""
    type: str = ""
    year: int | None = None  # the record's period covers this year
    unit: str = ""  # owner unit code: the unit and every unit inside it


@dataclass
class SearchItem:
    kind: str
    kind_label: str  # what kind of thing: "strategy element"
    title: str
    url: str
    snippet: SafeString
    document: str
    page: int | None
    score: float
    role: str = ""
    label: str = ""  # what the item is, from its source: "measure of strategy X"
    entry_id: int = 0  # the SearchEntry (for measuring ranking, bench/relevance.py)


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class SearchResults:
    count: int
    count_exact: bool
    items: list[SearchItem]
    facets: dict[str, list[FacetValue]]
    facets_exact: bool
    page: int
    page_size: int
    reachable: int  # results that can be paged through (all of them when count_exact)
    plan: str = ""  # "exact", "tiers" or "none" (see search.backends.base)

    @property
    def first_number(self) -> int:
        return (self.page - 1) * self.page_size + 1

    @property
    def pages(self) -> int:
        return max(1, -(-self.reachable // self.page_size))


def _filter_tags(filters: SearchFilters) -> list[tuple[str, ...]]:
    """Tag groups for the filters; unknown codes are a QueryError (a 400, not no results)."""
    tags: list[tuple[str, ...]] = []
    if filters.kind:
        if filters.kind not in registry.kinds():
            raise QueryError(_("Unknown kind “%(value)s”.") % {"value": filters.kind})
        tags.append((tag("kind", filters.kind),))
    # Codes of key areas, pillars and kraje from the cached reference labels: no query.
    known = _reference_labels()["order"]
    for name, unknown in (("area", _("Unknown key area “%(value)s”.")),
                          ("pillar", _("Unknown pillar “%(value)s”.")),
                          ("kraj", _("Unknown region “%(value)s”."))):
        value = getattr(filters, name)
        if value:
            if value.upper() not in {code.upper() for code in known[name]}:
                raise QueryError(unknown % {"value": value})
            tags.append((tag(name, value),))
    if filters.level:
        if filters.level not in dict(registry.facet_choices("level")):
            raise QueryError(_("Unknown level “%(value)s”.") % {"value": filters.level})
        tags.append((tag("level", filters.level),))
    if filters.type:
        if filters.type not in dict(registry.facet_choices("type")):
            raise QueryError(_("Unknown type “%(value)s”.") % {"value": filters.type})
        tags.append((tag("type", filters.type),))
    if filters.year is not None:
        if not 1990 <= filters.year <= 2100:
            raise QueryError(_("Enter a year between 1990 and 2100."))
        tags.append((tag("year", filters.year),))
    if filters.unit:
        unit = TerritorialUnit.objects.filter(code=filters.unit).only("kind").first()
        if unit is None:
            raise QueryError(_("Unknown territorial unit “%(value)s”.")
                             % {"value": filters.unit})
        if unit.kind != UnitKind.STATE:  # everything lies in the state
            tags.append((tag("unit", filters.unit),))
    return tags


def localized_url(url: str) -> str:
    """An index URL (stored in the default language) in the active language."""
    language = get_language() or settings.LANGUAGE_CODE
    if language == settings.LANGUAGE_CODE or not url.startswith("/"):
        return url
    path, hash_, fragment = url.partition("#")
    with override(settings.LANGUAGE_CODE):
        try:
            match = resolve(path)
        except Resolver404:
            return url
    name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    with override(language):
        try:
            return reverse(name, args=match.args, kwargs=match.kwargs) + hash_ + fragment
        except NoReverseMatch:
            return url


@lru_cache(maxsize=4096)
def _split(value: str) -> tuple[str, ...]:
    return tuple(value.split()) if value else ()


@lru_cache(maxsize=4096)
def _years(year_from: int | None, year_to: int | None) -> tuple[str, ...]:
    return tuple(str(year) for year in covered_years(year_from, year_to))


LABEL_SECONDS = 300
_labels_cache: dict[str, tuple[float, dict]] = {}


def _reference_labels() -> dict[str, Any]:
    """Names of key areas, pillars and kraje in the active language; reference data that
    changes rarely, so kept for a few minutes instead of three queries per search."""
    language = get_language() or settings.LANGUAGE_CODE
    cached = _labels_cache.get(language)
    if cached and time.monotonic() - cached[0] < LABEL_SECONDS:
        return cached[1]
    areas = list(KeyArea.objects.order_by("position"))
    pillars = list(Pillar.objects.order_by("position"))
    kraje = list(TerritorialUnit.objects.filter(kind=UnitKind.KRAJ))
    labels = {
        "area": {a.code: f"{a.code} {a.name}" for a in areas},
        "pillar": {p.code: f"{p.code} {p.name}" for p in pillars},
        "kraj": {k.code: k.name for k in kraje},
        "order": {"area": [a.code for a in areas], "pillar": [p.code for p in pillars],
                  "kraj": [k.code for k in kraje]},  # model order: Czech alphabetical
    }
    _labels_cache[language] = (time.monotonic(), labels)
    return labels


def _labels() -> dict[str, Any]:
    """Facet labels in the active language: the reference names and the registered kinds
    and choices (whose lazy translations cost a call each when evaluated on every
    search)."""
    reference = _reference_labels()
    if "kind" not in reference:
        reference.update({
            "kind": {value: str(kind.label) for value, kind in registry.kinds().items()},
            "level": {value: str(label) for value, label in registry.facet_choices("level")},
            "type": {value: str(label) for value, label in registry.facet_choices("type")}})
    return reference


def facet_counts(rows: list[Row], filters: SearchFilters) -> dict[str, list[FacetValue]]:
    # Counted by Counter() over chained iterables: the loops run in C, which matters for
    # the hundreds of rows of a common word.
    facets = [row.facets for row in rows]
    counters = {
        "kind": Counter(f[0] for f in facets),
        "area": Counter(chain.from_iterable(_split(f[1]) for f in facets)),
        "pillar": Counter(chain.from_iterable(_split(f[2]) for f in facets)),
        "kraj": Counter(chain.from_iterable(_split(f[3]) for f in facets)),
        "level": Counter(f[4] for f in facets if f[4]),
        "type": Counter(f[5] for f in facets if f[5]),
        "year": Counter(chain.from_iterable(_years(f[6], f[7]) for f in facets)),
    }
    labels = _labels()
    order = {**labels["order"], "year": sorted(counters["year"])}
    result: dict[str, list[FacetValue]] = {}
    for name, counter in counters.items():
        values = [v for v in order.get(name, ()) if v in counter]
        listed = set(values)
        values += [v for v, _n in counter.most_common() if v not in listed]
        selected = str(getattr(filters, name) or "").lower()
        names = labels.get(name, {})
        result[name] = [FacetValue(value, names.get(value, value), counter[value],
                                   value.lower() == selected) for value in values]
    return result


ITEM_COLUMNS = "id, kind, title, url, body, document, page, language, role"


def _items(rows: list[Row], parsed: ParsedQuery, using: str) -> list[SearchItem]:
    if not rows:
        return []
    # One plain query for the page (the ORM's compilation cost more than the read).
    marks = ", ".join(["%s"] * len(rows))
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT {ITEM_COLUMNS} FROM {SearchEntry._meta.db_table} "  # noqa: S608
                       f"WHERE id IN ({marks})", [row.id for row in rows])
        entries = {values[0]: values for values in cursor.fetchall()}
    labels = _labels()["kind"]
    kinds = registry.kinds()
    shown = []
    for row in rows:
        entry = entries.get(row.id)
        if entry is None:  # removed meanwhile
            continue
        shown.append((row, entry))
    snippets = highlight_page([(entry[4] or entry[2], entry[7]) for _row, entry in shown],
                              parsed.keys, parsed.prefixes)
    items = []
    for (row, entry), snippet in zip(shown, snippets, strict=True):
        _id, kind, title, url, _body, document, page, _language, role = entry
        item = SearchItem(
            kind=kind, kind_label=labels.get(kind, kind), title=title, url=localized_url(url),
            snippet=snippet, document=document, page=page, score=row.score, role=role or "",
            entry_id=row.id)
        describe = kinds[kind].describe if kind in kinds else None
        item.label = describe(item) if describe else document
        items.append(item)
    return items


def copies_last(rows: list[Row]) -> list[Row]:
    """The rows, each copy of a text after every row that is not a copy of an earlier one
    (in the order they came): twenty copies of one measure do not fill the first page, and
    stay reachable behind the rest."""
    seen: set[str] = set()
    first: list[Row] = []
    copies: list[Row] = []
    for row in rows:
        key = row.copy_key
        if key and key in seen:
            copies.append(row)
        else:
            seen.add(key)
            first.append(row)
    return first + copies if copies else rows


def search(query: str, filters: SearchFilters | None = None, *, page: int = 1,
           page_size: int = 20, using: str = "default") -> SearchResults:
    """One page of results; raises ``QueryError`` (message for the user) on bad input."""
    filters = filters or SearchFilters()
    parsed = parse_query(query)
    tags = _filter_tags(filters)
    hits = get_backend(using).search(parsed.clauses, tags)
    rows = copies_last(hits.rows)
    start = (page - 1) * page_size
    items = _items(rows[start:start + page_size], parsed, using)
    return SearchResults(
        count=hits.count, count_exact=hits.count_exact, items=items,
        facets=facet_counts(hits.rows, filters), facets_exact=hits.facets_exact, page=page,
        page_size=page_size, reachable=len(hits.rows), plan=hits.plan)
