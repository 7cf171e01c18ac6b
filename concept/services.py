"""Writes on the concept taxonomy (loaded from the reference file)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.permissions import Action, require
from core import history
from core.access import Actor
from core.models import HistoryEntry

from .models import KeyArea, Pillar, Sdg, Technology
from .reference import PillarRow, read_sdgs, read_technologies


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
    created = 0
    for position, row in enumerate(rows):
        _, was_created = Technology.objects.get_or_create(
            code=row.code, defaults={"name_cs": row.name_cs, "name_en": row.name_en,
                                     "position": position})
        created += was_created
    return created


@transaction.atomic
def add_technology(actor: Actor, *, code: str, name_cs: str, name_en: str):
    """A moderator extends the vocabulary of technologies."""
    require(actor, Action.MANAGE_TAXONOMY)
    raw_code = (code or "").strip()
    code = slugify(raw_code or name_en or "")[:50]
    name_cs, name_en, errors = _technology_names(name_cs, name_en)
    if raw_code and slugify(raw_code) != raw_code.lower():
        errors["code"] = [_("Enter a code of lowercase letters, digits and hyphens, e.g. "
                            "smart-parking.")]
    elif len(slugify(raw_code)) > 50:
        errors["code"] = [_("Enter at most %(limit)s characters.") % {"limit": 50}]
    elif not code:
        errors["code"] = [_("Enter a code (letters, digits and hyphens).")]
    elif Technology.objects.filter(code=code).exists():
        errors["code"] = [_("A technology with this code exists already.")]
    if errors:
        raise ValidationError(errors)
    last = Technology.objects.order_by("-position").first()
    technology = Technology.objects.create(
        code=code, name_cs=name_cs, name_en=name_en,
        position=(last.position + 1) if last else 0)
    history.record(actor, technology, HistoryEntry.Action.CREATE,
                   {"code": [None, code], "name_cs": [None, technology.name_cs]})
    return technology


def load_vocabularies() -> tuple[int, int]:
    """SDGs and technologies from the bundled files (idempotent)."""
    return load_sdgs(read_sdgs()), load_technologies(read_technologies())


TECHNOLOGY_FIELDS = ["code", "name_cs", "name_en", "is_active"]


def _technology_names(name_cs: str, name_en: str) -> tuple[str, str, dict[str, list[str]]]:
    name_cs, name_en = (name_cs or "").strip(), (name_en or "").strip()
    errors: dict[str, list[str]] = {}
    for field, value, missing in (("name_cs", name_cs, _("Enter the Czech name.")),
                                  ("name_en", name_en, _("Enter the English name."))):
        if not value:
            errors[field] = [missing]
        elif len(value) > 300:
            errors[field] = [_("Enter at most %(limit)s characters.") % {"limit": 300}]
    return name_cs, name_en, errors


@transaction.atomic
def rename_technology(actor: Actor, technology, *, name_cs: str, name_en: str):
    """A moderator corrects the names of a technology; its code (used by the API and
    exports) stays."""
    require(actor, Action.MANAGE_TAXONOMY)
    name_cs, name_en, errors = _technology_names(name_cs, name_en)
    if errors:
        raise ValidationError(errors)
    technology = Technology.objects.select_for_update().get(pk=technology.pk)
    before = history.snapshot(technology, TECHNOLOGY_FIELDS)
    technology.name_cs, technology.name_en = name_cs, name_en
    changes = history.diff(before, history.snapshot(technology, TECHNOLOGY_FIELDS))
    if changes:
        technology.save(update_fields=["name_cs", "name_en"])
        history.record(actor, technology, HistoryEntry.Action.UPDATE, changes)
    return technology


@transaction.atomic
def set_technology_active(actor: Actor, technology, active: bool):
    """Retire a technology (it stays on the intentions that use it but is no longer offered
    for choosing) or offer a retired one again."""
    require(actor, Action.MANAGE_TAXONOMY)
    technology = Technology.objects.select_for_update().get(pk=technology.pk)
    if technology.is_active == active:
        raise ValidationError(_("This technology is offered already.") if active
                              else _("This technology has been retired already."))
    technology.is_active = active
    technology.save(update_fields=["is_active"])
    history.record(actor, technology, HistoryEntry.Action.UPDATE,
                   {"is_active": [not active, active]},
                   note="" if active else _("retired"))
    return technology
