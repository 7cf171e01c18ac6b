"""Strategies API: public reads, writes with a personal token."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.http import Http404
from ninja import Field, Query, Router, Schema
from ninja import Status as Reply

from accounts.api_auth import write_auth
from concept.models import KeyArea
from core.api import (
    BODY,
    DETAIL,
    KRAJ_CODE,
    ORP_CODE,
    WRITE,
    ApiError,
    InputSchema,
    ListPage,
    ListParams,
    conditional,
    order,
    page_or_export,
    replies,
)
from core.exports import Column
from core.text import COMMENT_MAX_LENGTH, TEXT_MAX_LENGTH
from core.validators import MAX_ID
from core.workflow import ReviewState
from mining.queries import processing_of
from territory.models import TerritorialUnit

from . import queries, services
from .models import Level, NodeKind, Status, Strategy, StrategyType, StructureNode

router = Router(tags=["strategies"])

LevelName = Literal[tuple(Level.values)]  # type: ignore[valid-type]
TypeName = Literal[tuple(StrategyType.values)]  # type: ignore[valid-type]
StatusName = Literal[tuple(Status.values)]  # type: ignore[valid-type]
KindName = Literal[tuple(NodeKind.values)]  # type: ignore[valid-type]


class StrategyParams(ListParams):
    level: LevelName | None = None
    type: TypeName | None = Field(None, description="strategy type")
    status: StatusName | None = None
    state: Literal["draft", "submitted", "returned", "published"] | None = None
    kraj: str = Field("", max_length=10, pattern=KRAJ_CODE,
                      description="NUTS 3 code of a kraj, e.g. CZ031")
    orp: str = Field("", max_length=10, pattern=ORP_CODE, description="ORP code")
    owner: str = Field("", max_length=20, description="unit code: the unit and units inside")
    valid_in: int | None = Field(None, ge=1990, le=2100, description="valid in this year")
    area: str = Field("", max_length=10, description="key area code, e.g. C4")
    pillar: Literal["", "ZPO", "A", "B", "C"] = ""
    smart: bool | None = Field(None, description="owners have a published SMART strategy")


class OwnerOut(Schema):
    code: str
    name: str
    kind: str


class StrategyOut(Schema):
    id: int
    title: str
    summary: str
    level: str
    type: str
    status: str
    state: str
    valid_from: int | None
    valid_to: int | None
    approved_on: dt.date | None
    approved_by: str
    web_url: str
    owners: list[OwnerOut]
    areas: list[str]
    url: str
    version: int


class IndicatorOut(Schema):
    id: int
    name: str
    unit: str
    baseline_value: Decimal | None
    baseline_year: int | None
    target_value: Decimal | None
    target_year: int | None
    values: dict[str, Decimal]
    progress: float | None


class NodeOut(Schema):
    id: int
    kind: str
    code: str
    title: str
    description: str
    responsible: str
    areas: list[str]
    progress: float | None
    indicators: list[IndicatorOut]
    children: list[NodeOut]


class StrategyDetailOut(StrategyOut):
    parents: list[int]
    implemented_by: list[int]
    tree: list[NodeOut]
    documents: list[dict]


class StrategyPage(ListPage):
    items: list[StrategyOut]


class StrategyIn(InputSchema):
    title: str = Field(..., min_length=1, max_length=300)
    owners: list[str] = Field(..., min_length=1, description="unit codes")
    level: LevelName
    type: TypeName
    status: StatusName = "preparation"
    summary: str = Field("", max_length=TEXT_MAX_LENGTH)
    valid_from: int | None = Field(None, ge=1990, le=2100)
    valid_to: int | None = Field(None, ge=1990, le=2100)
    approved_on: dt.date | None = None
    approved_by: str = Field("", max_length=200)
    web_url: str = Field("", max_length=200)
    contact_name: str = Field("", max_length=150)
    contact_email: str = Field("", max_length=254)
    contact_phone: str = Field("", max_length=40)
    areas: list[str] = []
    parents: list[Annotated[int, Field(ge=1, le=MAX_ID)]] = Field(
        [], description="ids of strategies this one implements")


class StrategyUpdateIn(StrategyIn):
    version: int = Field(..., description="the version you edited; a newer one is a 409")


class NodeIn(InputSchema):
    kind: KindName
    title: str = Field(..., min_length=1, max_length=500)
    code: str = Field("", max_length=30)
    description: str = Field("", max_length=TEXT_MAX_LENGTH)
    responsible: str = Field("", max_length=200)
    parent: int | None = None
    areas: list[str] = []


class ReturnIn(InputSchema):
    comment: str = Field(..., min_length=1, max_length=COMMENT_MAX_LENGTH)


class NodeCreatedOut(Schema):
    id: int
    code: str
    title: str


def strategy_out(strategy: Strategy) -> dict:
    return {
        "id": strategy.pk, "title": strategy.title, "summary": strategy.summary,
        "level": strategy.level, "type": strategy.strategy_type, "status": strategy.status,
        "state": strategy.state, "valid_from": strategy.valid_from,
        "valid_to": strategy.valid_to, "approved_on": strategy.approved_on,
        "approved_by": strategy.approved_by, "web_url": strategy.web_url,
        "owners": [{"code": u.code, "name": u.name, "kind": u.kind}
                   for u in strategy.owners.all()],
        "areas": [a.code for a in strategy.areas.all()],
        "url": strategy.get_absolute_url(), "version": strategy.version,
    }


def node_out(item: queries.TreeNode) -> dict:
    node = item.node
    return {
        "id": node.pk, "kind": node.kind, "code": node.code, "title": node.title,
        "description": node.description, "responsible": node.responsible,
        "areas": [a.code for a in node.areas.all()], "progress": item.progress,
        "indicators": [{
            "id": i.pk, "name": i.name, "unit": i.unit, "baseline_value": i.baseline_value,
            "baseline_year": i.baseline_year, "target_value": i.target_value,
            "target_year": i.target_year,
            "values": {str(v.year): v.value for v in i.values.all()},
            "progress": queries.indicator_progress(i)} for i in item.indicators],
        "children": [node_out(child) for child in item.children],
    }


def _label(choices, value: str) -> str:
    """The choice's label in the active language (the code when it is not a choice)."""
    return str(dict(choices).get(value, value)) if value else ""


def _kraje(strategy: Strategy) -> list[Any]:
    """The kraje of the owners (a kraj owning the strategy counts itself), in code order."""
    kraje = {(u.kraj if u.kraj_id else u) for u in strategy.owners.all()}
    return sorted(kraje, key=lambda unit: unit.code)


def _orps(strategy: Strategy) -> list[Any]:
    """The ORP of each owner (an ORP owning the strategy counts itself), in code order."""
    orps = {(u if u.kind == "orp" else u.orp) for u in strategy.owners.all()
            if u.kind == "orp" or u.orp_id}
    return sorted(orps, key=lambda unit: unit.code)


# The export for people (CSV, XLSX) carries the names beside the codes; the API's JSON items
# (strategy_out) keep the codes alone.
COLUMNS = [
    Column("id", "id", lambda s: s.pk),
    Column("title", "title", lambda s: s.title),
    Column("level", "level", lambda s: s.level),
    Column("level_name", "level_name", lambda s: _label(Level.choices, s.level)),
    Column("type", "type", lambda s: s.strategy_type),
    Column("type_name", "type_name", lambda s: _label(StrategyType.choices, s.strategy_type)),
    Column("status", "status", lambda s: s.status),
    Column("status_name", "status_name", lambda s: _label(Status.choices, s.status)),
    Column("state", "state", lambda s: s.state),
    Column("state_name", "state_name", lambda s: _label(ReviewState.choices, s.state)),
    Column("valid_from", "valid_from", lambda s: s.valid_from),
    Column("valid_to", "valid_to", lambda s: s.valid_to),
    Column("owners", "owners", lambda s: [u.code for u in s.owners.all()]),
    Column("owner_names", "owner_names", lambda s: [u.name for u in s.owners.all()]),
    Column("kraje", "kraje", lambda s: [u.code for u in _kraje(s)]),
    Column("kraj_names", "kraj_names", lambda s: [u.name for u in _kraje(s)]),
    Column("orp", "orp", lambda s: [u.code for u in _orps(s)]),
    Column("orp_names", "orp_names", lambda s: [u.name for u in _orps(s)]),
    Column("areas", "areas", lambda s: [a.code for a in s.areas.all()]),
    Column("area_names", "area_names", lambda s: [a.name for a in s.areas.all()]),
    Column("summary", "summary", lambda s: s.summary),
    Column("url", "url", lambda s: s.get_absolute_url()),
]

ORDERINGS = {"title": ["sort_key"], "valid_from": ["valid_from", "sort_key"],
             "valid_to": ["valid_to", "sort_key"], "id": ["id"],
             "updated": ["updated_at"]}


@router.get("", **replies(StrategyPage, 400, export=True),
            summary="List strategies (or export them)")
def list_strategies(request, params: Query[StrategyParams]):
    filters = queries.StrategyFilters(
        search=params.search, kraj=params.kraj, orp=params.orp, owner=params.owner,
        level=params.level or "", strategy_type=params.type or "",
        status=params.status or "", state=params.state or "", valid_in=params.valid_in,
        area=params.area, pillar=params.pillar, smart=params.smart)
    strategies = queries.filter_strategies(queries.visible_strategies(request.user), filters)
    if filters.errors:
        raise ApiError(400, "; ".join(filters.errors))
    strategies = order(strategies, params.ordering, ORDERINGS, ["sort_key", "id"])
    return page_or_export(queries.for_list(strategies), params, strategy_out, COLUMNS,
                          "strategies", StrategyPage, request=request,
                          known=queries.known_strategies(request.user))


def _detail(request, strategy: Strategy) -> dict:
    data = strategy_out(strategy)
    data["parents"] = [p.pk for p in strategy.parents.all()]
    data["implemented_by"] = list(queries.implemented_by(request.user, strategy)
                                  .values_list("pk", flat=True))
    data["tree"] = [node_out(item) for item in queries.structure_tree(strategy)]
    documents = list(queries.documents_of(strategy))
    processing = processing_of({v.sha256 for d in documents for v in d.versions.all()})
    data["documents"] = [
        {"id": d.pk, "title": d.title, "part": d.part,
         "versions": [{"number": v.number, "sha256": v.sha256, "size": v.size,
                       "type": v.file_type, "processing": processing.get(v.sha256)}
                      for v in d.versions.all()]}
        for d in documents]
    return data


def _get(request, strategy_id: int) -> Strategy:
    strategy = queries.strategy_detail(request.user, strategy_id)
    if strategy is None:
        raise Http404(f"No strategy {strategy_id}, or you may not see it.")
    return strategy


@router.get("/{strategy_id}", **replies(StrategyDetailOut, *DETAIL, conditional=True),
            summary="One strategy with its tree, indicators and documents")
def strategy_detail(request, strategy_id: int):
    data = _detail(request, _get(request, strategy_id))
    # The answer also shows other strategies and the documents' processing, which change
    # without a new version of this one: its ETag is a digest of the whole answer (and no
    # Last-Modified, which could not say when those changed).
    return conditional(request, [json.dumps(data, sort_keys=True, default=str)], None) or data


def _data(payload: StrategyIn) -> services.StrategyData:
    owners = list(TerritorialUnit.objects.filter(code__in=payload.owners))
    unknown = sorted(set(payload.owners) - {u.code for u in owners})
    areas = list(KeyArea.objects.filter(code__in=payload.areas))
    unknown += sorted(set(payload.areas) - {a.code for a in areas})
    if unknown:
        raise ApiError(400, "Unknown codes or ids: " + ", ".join(unknown))
    return services.StrategyData(
        title=payload.title, owners=owners, level=payload.level,
        strategy_type=payload.type, status=payload.status, summary=payload.summary,
        valid_from=payload.valid_from, valid_to=payload.valid_to,
        approved_on=payload.approved_on, approved_by=payload.approved_by,
        web_url=payload.web_url, contact_name=payload.contact_name,
        contact_email=payload.contact_email, contact_phone=payload.contact_phone,
        areas=areas, parents=list(payload.parents))  # resolved as the user may see them


@router.post("", **replies(StrategyDetailOut, *WRITE, *BODY, status=201), auth=write_auth,
             summary="Create a strategy")
def create_strategy(request, payload: StrategyIn):
    strategy = services.create_strategy(request.auth, _data(payload))
    return Reply(201, _detail(request, _get(request, strategy.pk)))


@router.put("/{strategy_id}", **replies(StrategyDetailOut, *WRITE, *BODY, 404, 409),
            auth=write_auth, summary="Replace a strategy's fields (with version check)")
def update_strategy(request, strategy_id: int, payload: StrategyUpdateIn):
    strategy = _get(request, strategy_id)
    services.update_strategy(request.auth, strategy, _data(payload), payload.version)
    return Reply(200, _detail(request, _get(request, strategy_id)))


@router.delete("/{strategy_id}", **replies(None, *WRITE, 404, status=204),
               auth=write_auth, summary="Delete (soft; an administrator can restore)")
def delete_strategy(request, strategy_id: int):
    services.delete_strategy(request.auth, _get(request, strategy_id))
    return Reply(204, None)


@router.post("/{strategy_id}/submit", **replies(StrategyOut, *WRITE, 404), auth=write_auth)
def submit(request, strategy_id: int):
    return strategy_out(services.submit_strategy(request.auth, _get(request, strategy_id)))


@router.post("/{strategy_id}/publish", **replies(StrategyOut, *WRITE, 404), auth=write_auth)
def publish(request, strategy_id: int):
    return strategy_out(services.publish_strategy(request.auth, _get(request, strategy_id)))


@router.post("/{strategy_id}/return", **replies(StrategyOut, *WRITE, *BODY, 404),
             auth=write_auth)
def return_(request, strategy_id: int, payload: ReturnIn):
    return strategy_out(services.return_strategy(request.auth, _get(request, strategy_id),
                                                 payload.comment))


@router.post("/{strategy_id}/withdraw", **replies(StrategyOut, *WRITE, 404), auth=write_auth,
             summary="Withdraw a submission back into draft (its editors, before review)")
def withdraw(request, strategy_id: int):
    return strategy_out(services.withdraw_strategy(request.auth, _get(request, strategy_id)))


@router.post("/{strategy_id}/nodes", **replies(NodeCreatedOut, *WRITE, *BODY, 404, status=201),
             auth=write_auth, summary="Add an element to the structure tree")
def add_node(request, strategy_id: int, payload: NodeIn):
    strategy = _get(request, strategy_id)
    parent = None
    if payload.parent is not None:
        parent = StructureNode.objects.filter(pk=payload.parent, strategy=strategy).first()
        if parent is None:
            raise ApiError(400, f"Element {payload.parent} is not in this strategy.")
    node = services.add_node(request.auth, strategy, kind=payload.kind, title=payload.title,
                             code=payload.code, description=payload.description,
                             responsible=payload.responsible, parent=parent,
                             areas=list(KeyArea.objects.filter(code__in=payload.areas)))
    return Reply(201, {"id": node.pk, "code": node.code, "title": node.title})


NodeOut.model_rebuild()
