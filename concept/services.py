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


@transaction.atomic
def load_sdgs(rows) -> int:
    """Create or update the 17 goals; returns how many were written."""
    from .models import Sdg

    written = 0
    for row in rows:
        goal = Sdg.objects.filter(code=int(row.code)).first()
        if goal is None:
            Sdg.objects.create(code=int(row.code), name_cs=row.name_cs, name_en=row.name_en)
            written += 1
        elif (goal.name_cs, goal.name_en) != (row.name_cs, row.name_en):
            goal.name_cs, goal.name_en = row.name_cs, row.name_en
            goal.save()
            written += 1
    return written


@transaction.atomic
def load_technologies(rows) -> int:
    """Add the starting technologies that are missing; entries moderators added or renamed
    are left alone. Returns how many were created."""
    from .models import Technology

    created = 0
    for position, row in enumerate(rows):
        _, was_created = Technology.objects.get_or_create(
            code=row.code, defaults={"name_cs": row.name_cs, "name_en": row.name_en,
                                     "position": position})
        created += was_created
    return created


@transaction.atomic
def add_technology(actor, *, code: str, name_cs: str, name_en: str):
    """A moderator extends the vocabulary of technologies."""
    from django.core.exceptions import ValidationError
    from django.utils.text import slugify
    from django.utils.translation import gettext as _

    from accounts.permissions import Action, require
    from core import history
    from core.models import HistoryEntry

    from .models import Technology

    require(actor, Action.MANAGE_TAXONOMY)
    code = slugify(code or name_en)[:50]
    errors: dict[str, list[str]] = {}
    if not name_cs.strip():
        errors["name_cs"] = [_("Enter the Czech name.")]
    if not name_en.strip():
        errors["name_en"] = [_("Enter the English name.")]
    if not code:
        errors["code"] = [_("Enter a code (letters, digits and hyphens).")]
    elif Technology.objects.filter(code=code).exists():
        errors["code"] = [_("A technology with this code exists already.")]
    if errors:
        raise ValidationError(errors)
    last = Technology.objects.order_by("-position").first()
    technology = Technology.objects.create(
        code=code, name_cs=name_cs.strip(), name_en=name_en.strip(),
        position=(last.position + 1) if last else 0)
    history.record(actor, technology, HistoryEntry.Action.CREATE,
                   {"code": [None, code], "name_cs": [None, technology.name_cs]})
    return technology


def load_vocabularies() -> tuple[int, int]:
    """SDGs and technologies from the bundled files (idempotent)."""
    from .reference import read_sdgs, read_technologies

    return load_sdgs(read_sdgs()), load_technologies(read_technologies())
