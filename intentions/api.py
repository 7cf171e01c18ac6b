"""Intentions API: public reads, writes with a personal token, the fiche PDF and the
matching calls."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from django.http import Http404, HttpResponse
from ninja import Field, Query, Router, Schema
from ninja import Status as Reply

from accounts.api_auth import write_auth
from concept.models import KeyArea, Sdg, Technology
from core.api import (
    BINARY,
    BODY,
    DETAIL,
    KRAJ_CODE,
    ORP_CODE,
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
from core.money import MAX_AMOUNT, MAX_QUANTITY, QUANTITY_PLACES
from core.text import COMMENT_MAX_LENGTH, TEXT_MAX_LENGTH
from core.validators import MAX_ID
from strategies.queries import visible_nodes
from territory.models import TerritorialUnit

from . import calls, exports, queries, services
from .models import FundingSource, Readiness, Sector, Status

router = Router(tags=["intentions"])

StatusName = Literal[tuple(Status.values)]  # type: ignore[valid-type]
ReadinessName = Literal[tuple(Readiness.values)]  # type: ignore[valid-type]
SourceName = Literal[tuple(FundingSource.values)]  # type: ignore[valid-type]
SectorName = Literal[tuple(Sector.values)]  # type: ignore[valid-type]


class IntentionParams(ListParams):
    kraj: str = Field("", max_length=10, pattern=KRAJ_CODE,
                      description="NUTS 3 code of the leading unit's kraj")
    orp: str = Field("", max_length=10, pattern=ORP_CODE,
                     description="ORP code of the leading unit")
    unit: str = Field("", max_length=20, description="unit code: intentions it leads or "
                                                     "shares, and of units inside it")
    size_class: str = Field("", max_length=12, description="size class of the leading "
                                                           "municipality, e.g. 2000-9999")
    area: str = Field("", max_length=10, description="key area (main or secondary)")
    pillar: Literal["", "ZPO", "A", "B", "C"] = ""
    technology: str = Field("", max_length=50, description="technology code")
    status: StatusName | None = None
    readiness: ReadinessName | None = None
    year: int | None = Field(None, ge=1990, le=2100, description="runs in this year")
    source: SourceName | None = Field(None, description="has budget from this source")
    budget: str = Field("", max_length=20, description="a budget range of the list page's "
                                                       "filter, e.g. 1m-5m")
    budget_min: Decimal | None = Field(None, ge=0, description="total budget at least (CZK)")
    budget_max: Decimal | None = Field(None, ge=0, description="total budget below (CZK)")


class UnitOut(Schema):
    code: str
    name: str
    kind: str


class PartnerUnitOut(UnitOut):
    state: Literal["pending", "confirmed"] = Field(
        description="confirmed: a partner; pending: invited, not answered yet (shown to "
                    "those who see the unpublished intention)")


class BudgetLineOut(Schema):
    year: int
    source: str
    amount: Decimal


class IntentionOut(Schema):
    id: int
    title: str
    status: str
    readiness: str
    lead_unit: UnitOut
    partner_units: list[PartnerUnitOut] = Field(
        description="partner municipalities; in lists only the confirmed ones")
    main_area: str | None
    other_areas: list[str]
    technologies: list[str]
    start_date: dt.date | None
    end_date: dt.date | None
    budget_total: Decimal | None = Field(None, description="null when the budget is private")
    progress: int
    completeness: int
    url: str
    version: int


class OutputOut(Schema):
    name: str
    unit: str
    baseline: Decimal | None
    target: Decimal | None
    target_year: int | None


class PartnerOut(Schema):
    name: str
    sector: str
    role: str


class ActivityOut(Schema):
    title: str
    start_date: dt.date | None
    end_date: dt.date | None
    progress: int


class IntentionDetailOut(IntentionOut):
    problem: str
    goals: str
    target_groups: str
    description: str
    contact_name: str = Field("", description="who answers questions about the intention")
    contact_email: str = ""
    contact_phone: str = ""
    sdgs: list[int]
    strategy_nodes: list[int]
    total_cost: Decimal | None
    budget_public: bool
    budget: list[BudgetLineOut] | None
    outputs: list[OutputOut]
    partners: list[PartnerOut]
    activities: list[ActivityOut]
    step_versions: dict


class IntentionPage(ListPage):
    items: list[IntentionOut]


class OutputIn(InputSchema):
    name: str = Field(..., min_length=1, max_length=300)
    unit: str = Field("", max_length=50)
    baseline: Decimal | None = Field(None, ge=-MAX_QUANTITY, le=MAX_QUANTITY,
                                     decimal_places=QUANTITY_PLACES)
    target: Decimal | None = Field(None, ge=-MAX_QUANTITY, le=MAX_QUANTITY,
                                   decimal_places=QUANTITY_PLACES)
    target_year: int | None = Field(None, ge=1990, le=2100)


class PartnerIn(InputSchema):
    name: str = Field(..., min_length=1, max_length=200)
    sector: SectorName
    role: str = Field("", max_length=300)


class ActivityIn(InputSchema):
    title: str = Field(..., min_length=1, max_length=300)
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    progress: int = Field(0, ge=0, le=100)


class BudgetLineIn(InputSchema):
    year: int = Field(..., ge=1990, le=2100)
    source: SourceName
    amount: Decimal = Field(..., ge=0, le=MAX_AMOUNT, decimal_places=2,
                            description="CZK as a decimal string, e.g. \"1250000.00\"")


class IntentionFieldsIn(InputSchema):
    title: str | None = Field(None, min_length=1, max_length=300)
    partner_units: list[str] | None = None
    problem: str | None = Field(None, max_length=TEXT_MAX_LENGTH)
    goals: str | None = Field(None, max_length=TEXT_MAX_LENGTH)
    target_groups: str | None = Field(None, max_length=TEXT_MAX_LENGTH)
    description: str | None = Field(None, max_length=TEXT_MAX_LENGTH)
    contact_name: str | None = Field(None, max_length=200)
    contact_email: str | None = Field(None, max_length=254, description="e.g. name@example.cz")
    contact_phone: str | None = Field(None, max_length=40, description="e.g. +420 386 801 111")
    main_area: str | None = None
    other_areas: list[str] | None = None
    technologies: list[str] | None = None
    sdgs: list[Annotated[int, Field(ge=1, le=MAX_ID)]] | None = None
    strategy_nodes: list[Annotated[int, Field(ge=1, le=MAX_ID)]] | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    readiness: ReadinessName | None = None
    total_cost: Decimal | None = Field(None, ge=0, le=MAX_AMOUNT, decimal_places=2)
    budget_public: bool | None = None
    budget: list[BudgetLineIn] | None = None
    outputs: list[OutputIn] | None = None
    partners: list[PartnerIn] | None = None
    activities: list[ActivityIn] | None = None


class IntentionIn(IntentionFieldsIn):
    title: str = Field(..., min_length=1, max_length=300)
    lead_unit: str = Field(..., description="code of the leading unit")


class IntentionUpdateIn(IntentionFieldsIn):
    version: int = Field(..., description="the version you edited; a newer one is a 409")


class ReturnIn(InputSchema):
    comment: str = Field(..., min_length=1, max_length=COMMENT_MAX_LENGTH)


class ReasonOut(Schema):
    criterion: str
    points: int
    max_points: int
    message: str


class MatchOut(Schema):
    call_id: int
    identifier: str
    title: str
    programme: str
    opens_on: dt.date
    closes_on: dt.date
    state: str
    score: int
    requested_support: Decimal | None  # null when the budget is not public to the viewer
    url: str
    reasons: list[ReasonOut]


class MatchPage(Schema):
    count: int
    items: list[MatchOut]
    too_late: list[MatchOut] = Field(
        default_factory=list,
        description="present when there are any: calls on the intention's subject that "
                    "close before it can have its application ready at its readiness, best "
                    "first (not matches)")


def _unit(u) -> dict:
    return {"code": u.code, "name": u.name, "kind": u.kind}


def intention_out(intention, show_budget: bool) -> dict:
    return {
        "id": intention.pk, "title": intention.title, "status": intention.status,
        "readiness": intention.readiness, "lead_unit": _unit(intention.lead_unit),
        "partner_units": [{**_unit(u), "state": "confirmed"}
                          for u in intention.partner_units.all()],
        "main_area": intention.main_area.code if intention.main_area_id else None,
        "other_areas": [a.code for a in intention.other_areas.all()],
        "technologies": [t.code for t in intention.technologies.all()],
        "start_date": intention.start_date, "end_date": intention.end_date,
        "budget_total": intention.budget_total if show_budget else None,
        "progress": intention.progress, "completeness": intention.completeness,
        "url": intention.get_absolute_url(), "version": intention.version,
    }


def _detail(request, intention) -> dict:
    show = queries.can_see_budget(request.user, intention)
    data = intention_out(intention, show)
    data.update({
        "partner_units": [{**_unit(p.unit), "state": p.state}
                          for p, _a in queries.partnerships_shown(request.user, intention)
                          if p.state != "declined"],
        "problem": intention.problem, "goals": intention.goals,
        "target_groups": intention.target_groups, "description": intention.description,
        "contact_name": intention.contact_name, "contact_email": intention.contact_email,
        "contact_phone": intention.contact_phone,
        "sdgs": [s.code for s in intention.sdgs.all()],
        "strategy_nodes": [n.pk for n in queries.shown_strategy_nodes(request.user,
                                                                      intention)],
        "total_cost": intention.total_cost if show else None,
        "budget_public": intention.budget_public,
        "budget": [{"year": b.year, "source": b.source, "amount": b.amount}
                   for b in intention.budget.all()] if show else None,
        "outputs": [{"name": o.name, "unit": o.unit, "baseline": o.baseline,
                     "target": o.target, "target_year": o.target_year}
                    for o in intention.outputs.all()],
        "partners": [{"name": p.name, "sector": p.sector, "role": p.role}
                     for p in intention.partners.all()],
        "activities": [{"title": a.title, "start_date": a.start_date,
                        "end_date": a.end_date, "progress": a.progress}
                       for a in intention.activities.all()],
        "step_versions": {k: v for k, v in intention.step_versions.items() if ":" not in k},
    })
    return data


ORDERINGS = {"title": ["sort_key"], "start_date": ["start_date", "sort_key"],
             "budget": ["budget_total", "sort_key"], "id": ["id"], "updated": ["updated_at"],
             "completeness": ["completeness", "sort_key"]}


@router.get("", **replies(IntentionPage, 400, export=True),
            summary="List intentions (or export them)")
def list_intentions(request, params: Query[IntentionParams]):
    filters = queries.IntentionFilters(
        search=params.search, kraj=params.kraj, orp=params.orp, unit=params.unit,
        size_class=params.size_class, area=params.area, pillar=params.pillar,
        technology=params.technology, status=params.status or "",
        readiness=params.readiness or "", year=params.year, source=params.source or "",
        budget=params.budget, budget_min=params.budget_min, budget_max=params.budget_max)
    intentions = queries.filter_intentions(queries.visible_intentions(request.user), filters,
                                           request.user)
    if filters.errors:
        raise ApiError(400, "; ".join(filters.errors))
    if params.ordering.lstrip("-") == "budget":
        intentions = intentions.filter(queries.budget_visible_q(request.user))
    intentions = queries.for_list(order(intentions, params.ordering, ORDERINGS,
                                        ["sort_key", "id"]))
    visible = exports._hidden_budget(request.user)
    sheets = params.format in ("csv", "xlsx")  # for people: names and the budget by year
    columns = exports.list_columns(request.user, names=sheets,
                                   years=exports.budget_years(intentions) if sheets else None)
    return page_or_export(intentions, params, lambda i: intention_out(i, visible(i)),
                          columns, "intentions", IntentionPage,
                          request=request, known=queries.known_intentions(request.user))


def _get(request, intention_id: int):
    intention = queries.intention_detail(request.user, intention_id)
    if intention is None:
        raise Http404(f"No intention {intention_id}, or you may not see it.")
    return intention


@router.get("/{intention_id}", **replies(IntentionDetailOut, *DETAIL, conditional=True),
            summary="One intention (fiche)")
def intention_detail(request, intention_id: int):
    intention = _get(request, intention_id)
    return conditional_record(request, intention) or _detail(request, intention)


@router.get("/{intention_id}/fiche.pdf", summary="The fiche as a typeset PDF",
            **replies(None, *DETAIL, content={"application/pdf": BINARY}))
def fiche_pdf(request, intention_id: int):
    from .pdf import render_fiches

    intention = _get(request, intention_id)
    show = queries.can_see_budget(request.user, intention)
    response = HttpResponse(render_fiches([intention], show_budget=lambda _i: show,
                                          viewer=request.user),
                            content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="fiche-{intention.pk}.pdf"'
    return response


@router.get("/{intention_id}/matching-calls", **replies(MatchPage, *DETAIL),
            summary="Open and upcoming calls ranked by fit, with the reasons",
            exclude_unset=True)
def matching_calls(request, intention_id: int):
    intention = _get(request, intention_id)

    def item(call, match) -> dict:
        return {
            "call_id": call.pk, "identifier": call.identifier, "title": call.title,
            "programme": call.programme.name, "opens_on": call.opens_on,
            "closes_on": call.closes_on, "state": call.state, "score": match.score,
            "requested_support": match.requested_support, "url": call.get_absolute_url(),
            "reasons": [{"criterion": r.criterion, "points": r.points,
                         "max_points": r.max_points, "message": r.message}
                        for r in match.reasons]}

    items = [item(call, match) for call, match
             in calls.matching_calls(intention, limit=100, viewer=request.user)]
    late = [item(call, match) for call, match
            in calls.too_late_calls(intention, limit=100, viewer=request.user)]
    page = {"count": len(items), "items": items}
    return {**page, "too_late": late} if late else page


def _values(payload: IntentionFieldsIn, actor) -> dict:
    data = payload.dict(exclude_unset=True)
    data.pop("version", None)
    data.pop("lead_unit", None)
    unknown: list[str] = []

    def lookup(model_or_rows, field, codes):
        rows = getattr(model_or_rows, "objects", model_or_rows)
        found = list(rows.filter(**{f"{field}__in": codes}))
        unknown.extend(str(c) for c in sorted(set(codes) - {getattr(o, field) for o in found},
                                              key=str))
        return found

    if "partner_units" in data:
        data["partner_units"] = lookup(TerritorialUnit, "code", data["partner_units"] or [])
    if "main_area" in data:
        data["main_area"] = (lookup(KeyArea, "code", [data["main_area"]]) or [None])[0] \
            if data["main_area"] else None
    for name, model, field in (("other_areas", KeyArea, "code"),
                               ("technologies", Technology, "code"),
                               ("sdgs", Sdg, "code")):
        if name in data:
            data[name] = lookup(model, field, data[name] or [])
    if "strategy_nodes" in data:  # an element the user may not see is an unknown id
        data["strategy_nodes"] = lookup(visible_nodes(actor), "pk", data["strategy_nodes"] or [])
    if unknown:
        raise ApiError(400, "Unknown codes or ids: " + ", ".join(unknown))
    if "budget" in data:
        data["budget"] = [(b["year"], b["source"], b["amount"]) for b in data["budget"] or []]
    for name in ("outputs", "partners", "activities"):
        if name in data and data[name] is None:
            data[name] = []
    return data


@router.post("", **replies(IntentionDetailOut, *WRITE, *BODY, status=201), auth=write_auth,
             summary="Create an intention")
def create_intention(request, payload: IntentionIn):
    unit = TerritorialUnit.objects.filter(code=payload.lead_unit).first()
    if unit is None:
        raise ApiError(400, f"Unknown unit {payload.lead_unit}")
    values = _values(payload, request.auth)
    title = values.pop("title")
    intention = services.create_intention(request.auth, title=title, lead_unit=unit, **values)
    return Reply(201, _detail(request, _get(request, intention.pk)))


@router.patch("/{intention_id}", **replies(IntentionDetailOut, *WRITE, *BODY, 404, 409),
              auth=write_auth, summary="Change fields of an intention (with version check)")
def update_intention(request, intention_id: int, payload: IntentionUpdateIn):
    # The service locks and re-reads the row: the visibility check needs no prefetching.
    intention = queries.visible_intentions(request.user).filter(pk=intention_id).first()
    if intention is None:
        raise Http404(f"No intention {intention_id}, or you may not see it.")
    services.update_intention(request.auth, intention, _values(payload, request.auth),
                              expected_version=payload.version)
    return Reply(200, _detail(request, _get(request, intention_id)))


def _transition(request, intention_id: int, function, *args):
    return intention_out(function(request.auth, _get(request, intention_id), *args), True)


@router.post("/{intention_id}/submit", **replies(IntentionOut, *WRITE, 404), auth=write_auth)
def submit(request, intention_id: int):
    return _transition(request, intention_id, services.submit_intention)


@router.post("/{intention_id}/publish", **replies(IntentionOut, *WRITE, 404),
             auth=write_auth)
def publish(request, intention_id: int):
    return _transition(request, intention_id, services.publish_intention)


@router.post("/{intention_id}/return", **replies(IntentionOut, *WRITE, *BODY, 404),
             auth=write_auth)
def return_(request, intention_id: int, payload: ReturnIn):
    return _transition(request, intention_id, services.return_intention, payload.comment)


@router.post("/{intention_id}/withdraw", **replies(IntentionOut, *WRITE, 404),
             auth=write_auth,
             summary="Withdraw a submission back into draft (its editors, before review)")
def withdraw(request, intention_id: int):
    return _transition(request, intention_id, services.withdraw_intention)


@router.post("/{intention_id}/status/{change}", **replies(IntentionOut, *WRITE, 404),
             auth=write_auth, summary="start (implementation), complete or cancel")
def change_status(request, intention_id: int, change: Literal["start", "complete", "cancel"]):
    function = {"start": services.start_implementation, "complete": services.complete_intention,
                "cancel": services.cancel_intention}[change]
    return _transition(request, intention_id, function)
