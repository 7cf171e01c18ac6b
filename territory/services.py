"""Writes on territorial units: loading the official reference data, managing MAS and
microregions (groups of municipalities)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import access, history
from core.access import Action, Actor
from core.models import HistoryEntry
from core.text import TEXT_MAX_LENGTH, czech_sort_bytes, fold, text_field
from core.validators import validate_link

from .models import GROUP_KINDS, OFFICIAL_KINDS, Kind, TerritorialUnit, size_class_for
from .reference import UnitRow

SYNCED_FIELDS = ("kind", "name", "alt_code", "status", "population", "lat", "lon",
                 "kraj_id", "okres_id", "orp_id")


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _with_derived_fields(unit: TerritorialUnit) -> TerritorialUnit:
    # bulk_create / bulk_update skip save(), so derived columns are filled here.
    unit.name_folded = fold(unit.name)
    unit.sort_key = czech_sort_bytes(unit.name)
    unit.size_class = size_class_for(unit.population) if unit.kind == Kind.OBEC else ""
    return unit


@transaction.atomic
def load_official_units(rows: list[UnitRow]) -> LoadReport:
    """Create or update the official units; units already equal are not written at all,
    so loading the same files twice changes nothing."""
    report = LoadReport()
    existing = {u.code: u for u in TerritorialUnit.objects.filter(kind__in=OFFICIAL_KINDS)}
    for kind in OFFICIAL_KINDS:
        ids = {code: unit.pk for code, unit in existing.items()}
        to_create, to_update = [], []
        for row in (r for r in rows if r.kind == kind):
            wanted = {
                "kind": row.kind, "name": row.name, "alt_code": row.alt_code,
                "status": row.status, "population": row.population, "lat": row.lat,
                "lon": row.lon, "kraj_id": ids.get(row.kraj) if row.kraj else None,
                "okres_id": ids.get(row.okres) if row.okres else None,
                "orp_id": ids.get(row.orp) if row.orp else None,
            }
            unit = existing.get(row.code)
            if unit is None:
                to_create.append(_with_derived_fields(TerritorialUnit(code=row.code, **wanted)))
            elif any(getattr(unit, name) != value for name, value in wanted.items()):
                for name, value in wanted.items():
                    setattr(unit, name, value)
                to_update.append(_with_derived_fields(unit))
            else:
                report.unchanged += 1
        for unit in TerritorialUnit.objects.bulk_create(to_create, batch_size=1000):
            existing[unit.code] = unit
        if to_create and any(u.pk is None for u in to_create):
            existing.update({u.code: u for u in TerritorialUnit.objects.filter(kind=kind)})
        TerritorialUnit.objects.bulk_update(
            to_update, [*SYNCED_FIELDS, "name_folded", "sort_key", "size_class"], batch_size=500
        )
        report.created += len(to_create)
        report.updated += len(to_update)
    return report


def _validate_group(kind: str, name: str, members: list[TerritorialUnit]) -> None:
    if kind not in GROUP_KINDS:
        raise ValidationError(_("Only a MAS or a microregion can be created here."))
    if not name.strip():
        raise ValidationError(_("Enter the name."))
    if not members:
        raise ValidationError(_("Choose at least one member municipality."))
    if any(member.kind != Kind.OBEC for member in members):
        raise ValidationError(_("Members must be municipalities (obce)."))


def _group_text(name: str, description: str, code: str = "") -> tuple[str, str, str]:
    """The group's text normalised (core.text.clean_text) and within its limits."""
    errors: dict[str, list[str]] = {}
    cleaned = (text_field(errors, "name", name, 200),
               text_field(errors, "description", description, TEXT_MAX_LENGTH,
                          multiline=True),
               text_field(errors, "code", code, 20))
    if errors:
        raise ValidationError(errors)
    return cleaned


def _next_group_code(kind: str) -> str:
    prefix = "MAS" if kind == Kind.MAS else "MR"
    taken = TerritorialUnit.objects.filter(kind=kind, code__startswith=f"{prefix}-").count()
    number = taken + 1
    while TerritorialUnit.objects.filter(code=f"{prefix}-{number:04d}").exists():
        number += 1
    return f"{prefix}-{number:04d}"


def _majority_kraj_id(members: list[TerritorialUnit]) -> int | None:
    counts: dict[int, int] = {}
    for member in members:
        if member.kraj_id:
            counts[member.kraj_id] = counts.get(member.kraj_id, 0) + 1
    return max(counts, key=lambda k: counts[k]) if counts else None


def _website(link: str) -> str:
    try:
        return validate_link(link)
    except ValidationError as error:
        raise ValidationError({"website": error.messages}) from None


@transaction.atomic
def create_group(actor: Actor, *, kind: str, name: str, members: list[TerritorialUnit],
                 description: str = "", website: str = "", code: str = "") -> TerritorialUnit:
    """A MAS or microregion grouping municipalities; it belongs to the kraj where most of its
    members lie, and that kraj's coordinator may manage it."""
    name, description, code = _group_text(name, description, code)
    _validate_group(kind, name, members)
    website = _website(website)
    kraj_id = _majority_kraj_id(members)
    assert kraj_id is not None, "members are obce (checked above), and every obec lies in a kraj"
    kraj = TerritorialUnit.objects.get(pk=kraj_id)
    access.require(actor, Action.MANAGE_GROUPS, kraj)
    code = code.strip() or _next_group_code(kind)
    if TerritorialUnit.objects.filter(code=code).exists():
        raise ValidationError(_("A unit with this code already exists."))
    unit = TerritorialUnit(kind=kind, code=code, name=name.strip(), kraj_id=kraj_id,
                           description=description, website=website,
                           population=sum(m.population or 0 for m in members))
    unit.save()
    unit.members.set(members)
    history.record(actor, unit, HistoryEntry.Action.CREATE, {
        "name": [None, unit.name], "kind": [None, kind],
        "members": [None, sorted(m.name for m in members)],
    })
    return unit


@transaction.atomic
def update_group(actor: Actor, unit: TerritorialUnit, *, expected_version: int, name: str,
                 members: list[TerritorialUnit], description: str = "",
                 website: str = "") -> TerritorialUnit:
    unit = TerritorialUnit.objects.select_for_update().get(pk=unit.pk)
    access.require(actor, Action.MANAGE_GROUPS, unit)
    name, description, _code = _group_text(name, description)
    _validate_group(unit.kind, name, members)
    website = _website(website)
    if unit.version != expected_version:
        raise ValidationError(_("Someone else has changed this record meanwhile. "
                                "Reload the page to see their changes."), code="conflict")
    before = history.snapshot(unit, ["name", "description", "website"])
    before["members"] = sorted(m.name for m in unit.members.all())
    unit.name, unit.description, unit.website = name.strip(), description, website
    unit.population = sum(m.population or 0 for m in members)
    unit.version += 1
    unit.save()
    unit.members.set(members)
    after = history.snapshot(unit, ["name", "description", "website"])
    after["members"] = sorted(m.name for m in members)
    history.record(actor, unit, HistoryEntry.Action.UPDATE, history.diff(before, after))
    return unit
