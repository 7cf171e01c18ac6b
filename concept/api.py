from __future__ import annotations

from django.http import Http404
from ninja import Router, Schema

from core.api import DETAIL, replies

from . import queries
from .models import KeyArea

router = Router(tags=["concept"])


class AreaOut(Schema):
    code: str
    pillar: str
    name_cs: str
    name_en: str
    official_cs: bool
    url: str


class PillarOut(Schema):
    code: str
    name_cs: str
    name_en: str
    motto_cs: str
    motto_en: str
    areas: list[AreaOut]


def area_out(area: KeyArea) -> dict:
    return {"code": area.code, "pillar": area.pillar.code, "name_cs": area.name_cs,
            "name_en": area.name_en, "official_cs": area.official_cs,
            "url": area.get_absolute_url()}


@router.get("/pillars", **replies(list[PillarOut], 400),
            summary="The 4 pillars with their key areas")
def pillars(request):
    return [
        {"code": p.code, "name_cs": p.name_cs, "name_en": p.name_en, "motto_cs": p.motto_cs,
         "motto_en": p.motto_en, "areas": [area_out(a) for a in p.areas.all()]}
        for p in queries.pillars_with_areas()
    ]


class AreaPage(Schema):
    count: int
    items: list[AreaOut]


@router.get("/areas", **replies(AreaPage, 400), summary="The 16 key areas")
def areas(request):
    items = [area_out(a) for a in queries.areas()]
    return {"count": len(items), "items": items}


@router.get("/areas/{code}", **replies(AreaOut, *DETAIL),
            summary="One key area by code (e.g. C4)")
def area_detail(request, code: str):
    area = queries.area_by_code(code)
    if area is None:
        raise Http404(f"No key area has the code '{code}'.")
    return area_out(area)
