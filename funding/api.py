"""Funding API: programmes and calls (public reads, moderators write with a token), the
intentions that fit a call and the demand they represent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from django.http import Http404
from ninja import Field, Query, Router, Schema
from ninja import Status as Reply

from accounts.api_auth import write_auth
from concept.models import KeyArea
from core.api import (
    BODY,
    DETAIL,
    KRAJ_CODE,
    WRITE,
    ApiError,
    InputSchema,
    ListPage,
    ListParams,
    conditional_record,
    order,
    page_or_export,
    replies,
)
from core.exports import Column
from core.money import MAX_AMOUNT, MAX_POPULATION
from core.text import TEXT_MAX_LENGTH
from territory.models import TerritorialUnit

from . import callio, queries, services
from .models import ApplicantType, Call, Programme, ProviderType

router = Router(tags=["funding"])

ApplicantName = Literal[tuple(ApplicantType.values)]  # type: ignore[valid-type]
ProviderName = Literal[tuple(ProviderType.values)]  # type: ignore[valid-type]


class CallParams(ListParams):
    state: Literal["", "upcoming", "open", "closed", "active"] = Field(
        "", description="active = open or upcoming")
    area: str = Field("", max_length=10, description="key area code")
    applicant_type: ApplicantName | None = None
    provider_type: ProviderName | None = None
    programme: str = Field("", max_length=40, description="programme code")
    kraj: str = Field("", max_length=10, pattern=KRAJ_CODE,
                      description="calls open to this kraj (NUTS 3)")


class ProgrammeOut(Schema):
    id: int
    code: str
    name: str
    provider_type: str
    provider: str
    web_url: str


class DocumentOut(Schema):
    title: str
    url: str


class DocumentIn(InputSchema):
    title: str = Field(..., max_length=300)
    url: str = Field(..., max_length=200)


class CallOut(Schema):
    id: int
    identifier: str
    title: str
    programme: str
    provider: str
    provider_type: str
    applicant_types: list[str]
    min_population: int | None
    max_population: int | None
    territories: list[str]
    areas: list[str]
    allocation: Decimal | None
    min_support: Decimal | None
    max_support: Decimal | None
    cofinancing_rate: Decimal
    opens_on: dt.date
    closes_on: dt.date
    state: str
    web_url: str
    url: str
    version: int


class CallDetailOut(CallOut):
    description: str
    documents: list[DocumentOut]


class CallPage(ListPage):
    items: list[CallOut]


class ProgrammePage(ListPage):
    items: list[ProgrammeOut]


class CallIn(InputSchema):
    programme: str = Field(..., description="programme code")
    identifier: str = Field(..., min_length=1, max_length=60)
    title: str = Field(..., min_length=1, max_length=300)
    provider: str = Field("", max_length=200)
    description: str = Field("", max_length=TEXT_MAX_LENGTH)
    applicant_types: list[ApplicantName] = []
    min_population: int | None = Field(None, ge=0, le=MAX_POPULATION)
    max_population: int | None = Field(None, ge=0, le=MAX_POPULATION)
    territories: list[str] = []
    areas: list[str] = []
    allocation: Decimal | None = Field(None, ge=0, le=MAX_AMOUNT, decimal_places=2)
    min_support: Decimal | None = Field(None, ge=0, le=MAX_AMOUNT, decimal_places=2)
    max_support: Decimal | None = Field(None, ge=0, le=MAX_AMOUNT, decimal_places=2)
    cofinancing_rate: Decimal = Field(Decimal(0), ge=0, le=100, decimal_places=2)
    opens_on: dt.date
    closes_on: dt.date
    web_url: str = Field("", max_length=200)
    documents: list[DocumentIn] = []


class CallUpdateIn(CallIn):
    version: int


class FitOut(Schema):
    intention_id: int
    title: str
    lead_unit: str
    score: int
    requested_support: Decimal | None  # null when the budget is not public to the viewer
    url: str


class DemandOut(Schema):
    count: int
    total_requested: Decimal
    allocation: Decimal | None
    ratio_to_allocation: Decimal | None
    items: list[FitOut]


def call_out(call: Call) -> dict:
    return {
        "id": call.pk, "identifier": call.identifier, "title": call.title,
        "programme": call.programme.code, "provider": call.provider,
        "provider_type": call.programme.provider_type,
        "applicant_types": list(call.applicant_types),
        "min_population": call.min_population, "max_population": call.max_population,
        "territories": [u.code for u in call.territories.all()],
        "areas": [a.code for a in call.areas.all()], "allocation": call.allocation,
        "min_support": call.min_support, "max_support": call.max_support,
        "cofinancing_rate": call.cofinancing_rate, "opens_on": call.opens_on,
        "closes_on": call.closes_on, "state": call.state, "web_url": call.web_url,
        "url": call.get_absolute_url(), "version": call.version,
    }


def _detail(call: Call) -> dict:
    data = call_out(call)
    data["description"] = call.description
    data["documents"] = [{"title": d.title, "url": d.url} for d in call.documents.all()]
    return data


ORDERINGS = {"closes_on": ["closes_on", "id"], "opens_on": ["opens_on", "id"],
             "title": ["sort_key", "id"], "allocation": ["allocation", "id"], "id": ["id"]}


@router.get("/calls", **replies(CallPage, 400, export=True),
            summary="List calls (or export them)")
def list_calls(request, params: Query[CallParams]):
    filters = queries.CallFilters(
        search=params.search, state=params.state, area=params.area,
        applicant_type=params.applicant_type or "", provider_type=params.provider_type or "",
        programme=params.programme, kraj=params.kraj)
    calls = queries.filter_calls(Call.objects.all(), filters)
    if filters.errors:
        raise ApiError(400, "; ".join(filters.errors))
    calls = queries.for_list(order(calls, params.ordering, ORDERINGS, ["closes_on", "id"]))
    return page_or_export(calls, params, call_out, callio.COLUMNS, "calls", CallPage,
                          request=request, known=Call.all_objects.all())


def _get(call_id: int) -> Call:
    call = queries.call_detail(call_id)
    if call is None:
        raise Http404(f"No call {call_id}.")
    return call


@router.get("/calls/{call_id}", **replies(CallDetailOut, *DETAIL, conditional=True),
            summary="One call")
def call_detail(request, call_id: int):
    call = _get(call_id)
    return conditional_record(request, call) or _detail(call)


@router.get("/calls/{call_id}/matching-intentions", **replies(DemandOut, *DETAIL),
            summary="Intentions that fit the call and the support they would ask")
def matching_intentions(request, call_id: int,
                        min_score: int = Query(50, ge=0, le=100)):  # noqa: B008
    call = _get(call_id)
    demand = queries.matching_intentions(request.user, call, min_score=min_score)
    return {"count": len(demand.matches), "total_requested": demand.total,
            "allocation": call.allocation, "ratio_to_allocation": demand.ratio,
            "items": [{"intention_id": i.pk, "title": i.title, "lead_unit": i.lead_unit.code,
                       "score": m.score, "requested_support": m.requested_support,
                       "url": i.get_absolute_url()} for i, m in demand.matches]}


def _data(payload: CallIn) -> services.CallData:
    programme = Programme.objects.filter(code=payload.programme).first()
    unknown = [] if programme else [payload.programme]
    territories = list(TerritorialUnit.objects.filter(code__in=payload.territories))
    unknown += sorted(set(payload.territories) - {u.code for u in territories})
    areas = list(KeyArea.objects.filter(code__in=payload.areas))
    unknown += sorted(set(payload.areas) - {a.code for a in areas})
    if unknown:
        raise ApiError(400, "Unknown codes: " + ", ".join(unknown))
    return services.CallData(
        programme=programme, identifier=payload.identifier, title=payload.title,
        provider=payload.provider, description=payload.description,
        applicant_types=list(payload.applicant_types), min_population=payload.min_population,
        max_population=payload.max_population, territories=territories, areas=areas,
        allocation=payload.allocation, min_support=payload.min_support,
        max_support=payload.max_support, cofinancing_rate=payload.cofinancing_rate,
        opens_on=payload.opens_on, closes_on=payload.closes_on, web_url=payload.web_url,
        documents=[(d.title, d.url) for d in payload.documents])


@router.post("/calls", **replies(CallDetailOut, *WRITE, *BODY, status=201), auth=write_auth,
             summary="Create a call (moderators)")
def create_call(request, payload: CallIn):
    call = services.create_call(request.auth, _data(payload))
    return Reply(201, _detail(_get(call.pk)))


@router.put("/calls/{call_id}", **replies(CallDetailOut, *WRITE, *BODY, 404, 409),
            auth=write_auth,
            summary="Replace a call (moderators, with version check)")
def update_call(request, call_id: int, payload: CallUpdateIn):
    call = _get(call_id)
    services.update_call(request.auth, call, _data(payload), payload.version)
    return Reply(200, _detail(_get(call_id)))


@router.get("/programmes", **replies(ProgrammePage, 400, export=True),
            summary="Funding programmes")
def list_programmes(request, params: Query[ListParams]):
    programmes = queries.programmes()
    if params.search:
        programmes = programmes.filter(name__icontains=params.search)
    programmes = order(programmes, params.ordering, {"name": ["name"], "code": ["code"]},
                       ["name"])
    columns = [Column(k, k, (lambda key: lambda p: getattr(p, key))(k))
               for k in ("code", "name", "provider_type", "provider", "web_url")]
    return page_or_export(programmes, params, lambda p: {
        "id": p.pk, "code": p.code, "name": p.name, "provider_type": p.provider_type,
        "provider": p.provider, "web_url": p.web_url}, columns, "programmes", ProgrammePage,
        request=request, known=queries.programmes())
