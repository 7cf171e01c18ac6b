from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from .models import KeyArea, Pillar


def pillars_with_areas() -> QuerySet[Pillar]:
    return Pillar.objects.prefetch_related(
        Prefetch("areas", queryset=KeyArea.objects.order_by("position"))
    )


def areas() -> QuerySet[KeyArea]:
    return KeyArea.objects.select_related("pillar").order_by("position")


def area_by_code(code: str) -> KeyArea | None:
    return areas().filter(code=code).first()


def pillar_by_code(code: str) -> Pillar | None:
    return pillars_with_areas().filter(code=code).first()
