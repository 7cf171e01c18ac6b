"""Writes on the concept taxonomy (loaded from the reference file)."""

from __future__ import annotations

from django.db import transaction

from .models import KeyArea, Pillar
from .reference import PillarRow


@transaction.atomic
def load_concept(pillars: list[PillarRow]) -> tuple[int, int]:
    """Create or update pillars and areas; returns (created, updated). Equal rows are not
    written, so a second load changes nothing."""
    created = updated = 0

    def sync(model, lookup: dict, values: dict):
        nonlocal created, updated
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model.objects.create(**lookup, **values)
            created += 1
        elif any(getattr(obj, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(obj, k, v)
            obj.save()
            updated += 1
        return obj

    for position, row in enumerate(pillars):
        pillar = sync(Pillar, {"code": row.code}, {
            "name_cs": row.name_cs, "name_en": row.name_en, "motto_cs": row.motto_cs,
            "motto_en": row.motto_en, "position": position,
        })
        for area_position, area in enumerate(row.areas):
            sync(KeyArea, {"code": area.code}, {
                "name_cs": area.name_cs, "name_en": area.name_en, "pillar": pillar,
                "official_cs": area.official_cs, "position": position * 10 + area_position,
            })
    return created, updated
