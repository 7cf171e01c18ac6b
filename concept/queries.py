from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from .models import KeyArea, Pillar, Sdg, Technology


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


def area_names(codes: set[str], user: Any = None) -> dict[str, str]:
    """{code: "name (code)"} of key areas in the active language (the name first, the code
    beside it), for recorded codes such as the history's."""
    return {a.code: f"{a.name} ({a.code})" for a in KeyArea.objects.filter(code__in=codes)}


def technology_names(codes: set[str], user: Any = None) -> dict[str, str]:
    """{code: name} of technologies in the active language."""
    return {t.code: t.name for t in Technology.objects.filter(code__in=codes)}


def sdg_names(codes: set[str], user: Any = None) -> dict[str, str]:
    """{number: "SDG n name"} of the UN Sustainable Development Goals."""
    numbers = [int(code) for code in codes if str(code).isdigit() and len(str(code)) < 4]
    return {str(s.code): str(s) for s in Sdg.objects.filter(code__in=numbers)}
