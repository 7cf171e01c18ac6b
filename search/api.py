"""Search API: one search over passages and records, with facets."""

from __future__ import annotations

from typing import Any, Literal

from ninja import Field, Query, Router, Schema

from core.api import KRAJ_CODE, ApiError, replies

from . import queries, registry

router = Router(tags=["search"])


def _one_of(values: list[str]) -> Any:
    """The values the registered sources declare (apps register before the URLs load)."""
    return Literal[tuple(values)] if values else str  # type: ignore[valid-type]


KindName = _one_of(list(registry.kinds()))
LevelName = _one_of([value for value, _label in registry.facet_choices("level")])
TypeName = _one_of([value for value, _label in registry.facet_choices("type")])


class SearchParams(Schema):
    q: str = Field(..., min_length=1, max_length=300, description=(
        'words (any inflection, diacritics optional), "a phrase", a prefix*; a query with '
        'nothing searchable (only spaces, very common words or punctuation) is a 400'))
    kind: KindName | None = Field(None, description=(  # type: ignore[valid-type]
        "what the item is: " + ", ".join(registry.kinds())))
    area: str = Field("", max_length=10, description="key area code, e.g. C4")
    pillar: Literal["", "ZPO", "A", "B", "C"] = ""
    kraj: str = Field("", max_length=10, pattern=KRAJ_CODE,
                      description="NUTS 3 code of a kraj, e.g. CZ031")
    level: LevelName | None = None  # type: ignore[valid-type]
    type: TypeName | None = Field(None, description="strategy type")  # type: ignore[valid-type]
    year: int | None = Field(None, ge=1990, le=2100, description="period covers this year")
    unit: str = Field("", max_length=20,
                      description="owner unit code: the unit and every unit inside it")
    page: int = Field(1, ge=1, le=10_000, description="1-based page number")
    page_size: int = Field(20, ge=1, le=100, description="items per page (max 100)")


class ItemOut(Schema):
    kind: str
    kind_label: str = Field(description='the kind in the active language ("call")')
    label: str = Field(description=(
        'what the item is, in the active language ("measure of strategy X", the page of a '
        "passage, the leading unit of an intention)"))
    title: str
    url: str
    snippet: str = Field(description="HTML: the original text, escaped, matches in <mark>")
    document: str | None = Field(None, description=(
        "what the result is part of: the document (passages), the strategy (elements), "
        "the leading unit (intentions)"))
    page: int | None = Field(None, description="1-based page of the document (passages)")
    score: float


class FacetOut(Schema):
    value: str
    label: str
    count: int


class SearchOut(Schema):
    count: int = Field(description="number of results; a lower bound when count_exact is false")
    count_exact: bool
    items: list[ItemOut]
    facets: dict[str, list[FacetOut]]
    facets_exact: bool = Field(description="false: facets counted over the best results only")


@router.get("", **replies(SearchOut, 400), summary="Search everything",
            description="Czech morphology-aware, diacritics-insensitive full-text search over "
                        "everything the platform's sections register (document passages, "
                        "strategies, their elements, project intentions, funding calls …); "
                        "results best "
                        "first with highlighted snippets and facets.")
def search(request, params: Query[SearchParams]):
    filters = queries.SearchFilters(
        kind=params.kind or "", area=params.area, pillar=params.pillar, kraj=params.kraj,
        level=params.level or "", type=params.type or "", year=params.year, unit=params.unit)
    try:
        results = queries.search(params.q, filters, page=params.page,
                                 page_size=params.page_size)
    except queries.QueryError as error:
        raise ApiError(400, str(error)) from None
    return {
        "count": results.count, "count_exact": results.count_exact,
        "items": [{
            "kind": item.kind, "kind_label": item.kind_label, "label": item.label,
            "title": item.title, "url": item.url,
            "snippet": str(item.snippet),
            "document": item.document or None,
            "page": item.page, "score": round(item.score, 6)} for item in results.items],
        "facets": {name: [{"value": v.value, "label": v.label, "count": v.count}
                          for v in values] for name, values in results.facets.items()},
        "facets_exact": results.facets_exact,
    }
