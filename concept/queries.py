from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from .models import KeyArea, Pillar, Technology


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


def technologies_with_use() -> QuerySet[Technology]:
    """Every technology, offered ones first, with how many (not deleted) intentions use it."""
    return Technology.objects.annotate(
        use_count=Count("intentions", filter=Q(intentions__deleted_at__isnull=True))
    ).order_by("-is_active", "position", "code")
