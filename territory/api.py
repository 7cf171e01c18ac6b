from __future__ import annotations

from typing import Literal

from django.http import Http404
from ninja import Field, Query, Router, Schema

from core.api import (
    DETAIL,
    ApiError,
    ListPage,
    ListParams,
    conditional,
    order,
    page_or_export,
    replies,
)
from core.exports import Column

from . import queries
from .models import TerritorialUnit

router = Router(tags=["territory"])

KindName = Literal["stat", "kraj", "okres", "orp", "obec", "mas", "microregion"]


class UnitOut(Schema):
    code: str
    name: str
    kind: str
    alt_code: str
    status: str
    population: int | None
    size_class: str
    lat: float | None
    lon: float | None
    kraj: str | None
    okres: str | None
    orp: str | None
    url: str


class UnitDetailOut(UnitOut):
    members: list[str] = []
    groups: list[str] = []


class TerritoryParams(ListParams):
    kind: KindName | None = Field(None, description="stat, kraj, okres, orp, obec, mas, microregion")
    parent: str | None = Field(None, max_length=20,
                               description="official code of the unit the results lie in")


def unit_out(unit: TerritorialUnit) -> dict:
    return {
        "code": unit.code, "name": unit.name, "kind": unit.kind, "alt_code": unit.alt_code,
        "status": unit.status, "population": unit.population, "size_class": unit.size_class,
        "lat": unit.lat, "lon": unit.lon,
        "kraj": unit.kraj.code if unit.kraj_id else None,
        "okres": unit.okres.code if unit.okres_id else None,
        "orp": unit.orp.code if unit.orp_id else None,
        "url": unit.get_absolute_url(),
    }


COLUMNS = [
    Column("code", "code", lambda u: u.code),
    Column("name", "name", lambda u: u.name),
    Column("kind", "kind", lambda u: u.kind),
    Column("status", "status", lambda u: u.status),
    Column("population", "population", lambda u: u.population),
    Column("kraj", "kraj", lambda u: u.kraj.code if u.kraj_id else ""),
    Column("okres", "okres", lambda u: u.okres.code if u.okres_id else ""),
    Column("orp", "orp", lambda u: u.orp.code if u.orp_id else ""),
    Column("lat", "lat", lambda u: u.lat),
    Column("lon", "lon", lambda u: u.lon),
]

ORDERINGS = {"name": ["sort_key"], "population": ["population", "sort_key"],
             "code": ["code"], "kind": ["kind", "sort_key"]}


class UnitPage(ListPage):
    items: list[UnitOut]


@router.get("", **replies(UnitPage, 400, export=True),
            summary="List territorial units (or export them)")
def list_units(request, params: Query[TerritoryParams]):
    parent = None
    if params.parent:
        parent = queries.unit_by_code(params.parent)
        if parent is None:
            raise ApiError(400, f"Unknown parent code '{params.parent}'.")
    units = queries.search_units(params.search, params.kind, parent)
    if params.ordering or not params.search:
        units = order(units, params.ordering, ORDERINGS, ["kind", "sort_key"])
    return page_or_export(units, params, unit_out, COLUMNS, "territories", UnitPage,
                          request=request, known=queries.all_units(), key="code")


@router.get("/{code}", **replies(UnitDetailOut, *DETAIL, conditional=True),
            summary="One territorial unit by official code")
def unit_detail(request, code: str):
    unit = queries.unit_by_code(code)
    if unit is None:
        raise Http404(f"No territorial unit has the code '{code}'.")
    members = list(unit.members.values_list("code", flat=True))
    groups = list(unit.groups.values_list("code", "updated_at"))
    # A group's change of members is saved on the group: the latest of the unit and its
    # groups is when this answer last changed.
    changed = max([unit.updated_at, *(at for _code, at in groups)])
    not_modified = conditional(request, [unit.pk, unit.version, *members, *groups], changed)
    if not_modified is not None:
        return not_modified
    data = unit_out(unit)
    data["members"] = members
    data["groups"] = [code for code, _at in groups]
    return data
