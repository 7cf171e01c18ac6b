"""Every write on project intentions: one function each, checking permission, validating,
running in one transaction and recording history.

Concurrent editing: the wizard saves one step at a time and each step carries its own
version, so two editors working on different steps never clash, while two saving the same
step get an `EditConflict` (nothing written) instead of silently overwriting each other.
Whole-record writes (the API) check the record's `version`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.permissions import Action, can, require
from core import history, workflow
from core.access import Actor, signed_in
from core.conflicts import EditConflict
from core.models import HistoryEntry
from core.money import MAX_AMOUNT, MoneyError, clean_amount, clean_quantity, format_czk
from core.text import (
    TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    clean_text,
    text_field,
)
from search.index import reindex_on_commit
from strategies.queries import visible_nodes

from . import completeness
from .models import (
    EDITABLE_STATUSES,
    Activity,
    BudgetLine,
    FundingSource,
    Intention,
    OutputIndicator,
    Partner,
    Partnership,
    PartnerState,
    Readiness,
    Sector,
    Status,
)
from .queries import fiche_data, linkable_strategy_ids


def _conflict(current: dict[str, Any]) -> EditConflict:
    return EditConflict(current, _(
        "Someone else has changed this part of the intention meanwhile. Your changes were "
        "not saved; compare both versions below and save again."))


# The wizard's steps as people call them (the pages' headings; the history's notes).
STEP_TITLES = {
    "basics": gettext_lazy("Basics"),
    "classification": gettext_lazy("Areas, technologies and strategies"),
    "outputs": gettext_lazy("Outputs and indicators"),
    "budget": gettext_lazy("Timeline and budget"),
    "partners": gettext_lazy("Partners and activities"),
}

STEP_FIELDS: dict[str, list[str]] = {
    "basics": ["title", "lead_unit", "partner_units", "problem", "goals", "target_groups",
               "description", "contact_name", "contact_email", "contact_phone"],
    "classification": ["main_area", "other_areas", "technologies", "sdgs", "strategy_nodes"],
    "outputs": ["outputs"],
    "budget": ["start_date", "end_date", "readiness", "total_cost", "budget_public", "budget"],
    "partners": ["partners", "activities"],
}
ALL_FIELDS = [name for names in STEP_FIELDS.values() for name in names]
SCALAR = ["title", "problem", "goals", "target_groups", "description", "start_date", "end_date",
          "readiness", "total_cost", "budget_public", "contact_name", "contact_email",
          "contact_phone"]
# A phone number as people write it: digits, spaces, "+", brackets, dashes and slashes.
PHONE = re.compile(r"^\+?[0-9][0-9 ()/\-]{5,38}$")


# --- snapshots for history and conflicts ------------------------------------------------

def _row_text(row: Any) -> str:
    if isinstance(row, BudgetLine):
        return f"{row.year} {row.source} {row.amount}"
    if isinstance(row, OutputIndicator):
        return f"{row.name} [{row.unit}] {row.baseline}→{row.target} ({row.target_year})"
    if isinstance(row, Partner):
        return f"{row.name} ({row.sector}) {row.role}".strip()
    if isinstance(row, Activity):
        return f"{row.title} {row.start_date}–{row.end_date} {row.progress} %"
    return str(row)


def _row_record(row: Any) -> dict[str, Any]:
    """A budget line, output, partner or activity as the history keeps it: its values by
    field (codes, ISO dates, decimals as text), so the history reads it in words."""
    if isinstance(row, BudgetLine):
        names = ["year", "source", "amount"]
    elif isinstance(row, OutputIndicator):
        names = ["name", "unit", "baseline", "target", "target_year"]
    elif isinstance(row, Partner):
        names = ["name", "sector", "role"]
    elif isinstance(row, Activity):
        names = ["title", "start_date", "end_date", "progress"]
    else:
        return {"name": str(row)}
    return history.snapshot(row, names)


def values_of(intention: Intention, fields: list[str] | None = None, *,
              records: bool = False) -> dict[str, Any]:
    """The fields' values for a conflict's comparison (rows as text) or, with `records`,
    for the history (rows as their values by field)."""
    fields = fields or ALL_FIELDS
    values: dict[str, Any] = {}
    for name in fields:
        if name in SCALAR:
            values[name] = history.serialisable(getattr(intention, name))
        elif name in ("lead_unit", "main_area"):
            obj = getattr(intention, name)
            values[name] = obj.code if obj else None
        elif name == "partner_units":  # invited and confirmed: what the lead asked for
            values[name] = sorted(p.unit.code for p in intention.partnerships.all()
                                  if p.state != PartnerState.DECLINED)
        elif name in ("other_areas", "technologies"):
            values[name] = sorted(o.code for o in getattr(intention, name).all())
        elif name == "sdgs":
            values[name] = sorted(o.code for o in intention.sdgs.all())
        elif name == "strategy_nodes":
            values[name] = sorted(str(n) for n in intention.strategy_nodes.all())
        else:
            rows = getattr(intention, name).all()
            values[name] = [_row_record(r) if records else _row_text(r) for r in rows]
    return values


# --- validation ---------------------------------------------------------------------------

def _money(value: Any, field: str, errors: dict, prefix: str = "") -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return clean_amount(value)
    except MoneyError as error:
        errors.setdefault(field, []).append(f"{prefix}{error}")
        return None


def _quantity(value: Any, field: str, errors: dict, prefix: str = "") -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return clean_quantity(value)
    except MoneyError as error:
        errors.setdefault(field, []).append(f"{prefix}{error}")
        return None


def _year_ok(year: Any) -> bool:
    return isinstance(year, int) and 1990 <= year <= 2100


def _validate(intention: Intention, values: dict[str, Any], actor: Actor) -> dict[str, Any]:
    """Check and normalise the given fields; raise ValidationError listing every problem."""
    errors: dict[str, list[str]] = {}
    clean = dict(values)
    if "title" in values:
        clean["title"] = text_field(errors, "title", values["title"], TITLE_MAX_LENGTH)
        if not clean["title"]:
            errors.setdefault("title", []).append(_("Enter the title."))
    for name in ("problem", "goals", "target_groups", "description"):
        if name in values:
            clean[name] = text_field(errors, name, values[name], TEXT_MAX_LENGTH,
                                     multiline=True)
    if "contact_name" in values:
        clean["contact_name"] = text_field(errors, "contact_name", values["contact_name"], 200)
    if "contact_email" in values:
        clean["contact_email"] = text_field(errors, "contact_email", values["contact_email"],
                                            254)
        try:
            if clean["contact_email"]:
                validate_email(clean["contact_email"])
        except ValidationError:
            errors.setdefault("contact_email", []).append(
                _("Enter the e-mail address as name@example.cz."))
    if "contact_phone" in values:
        clean["contact_phone"] = text_field(errors, "contact_phone", values["contact_phone"],
                                            40)
        if clean["contact_phone"] and not PHONE.match(clean["contact_phone"]):
            errors.setdefault("contact_phone", []).append(
                _("Enter the phone number in digits, e.g. +420 386 801 111."))
    if "lead_unit" in values:
        unit = values["lead_unit"]
        if unit is None:
            errors.setdefault("lead_unit", []).append(_("Choose the leading unit."))
        elif unit.pk != intention.lead_unit_id and not can(actor, Action.CREATE, unit):
            errors.setdefault("lead_unit", []).append(
                _("You cannot prepare intentions for %(unit)s.") % {"unit": unit.name})
    if "partner_units" in values:
        lead = values.get("lead_unit") or getattr(intention, "lead_unit", None)
        clean["partner_units"] = list({u.pk: u for u in values["partner_units"]
                                       if lead is None or u.pk != lead.pk}.values())
    if "readiness" in values and values["readiness"] not in Readiness.values:
        errors.setdefault("readiness", []).append(_("Unknown readiness."))
    if "total_cost" in values:
        clean["total_cost"] = _money(values["total_cost"], "total_cost", errors)
    if "budget_public" in values:
        clean["budget_public"] = bool(values["budget_public"])
    for name in ("start_date", "end_date"):
        value = values.get(name)
        if value is not None and not (isinstance(value, dt.date) and _year_ok(value.year)):
            errors.setdefault(name, []).append(_("Enter a date between 1990 and 2100."))
    if "budget" in values:
        lines: dict[tuple[int, str], Decimal] = {}
        for year, source, amount in values["budget"]:
            if not _year_ok(year):
                errors.setdefault("budget", []).append(
                    _("%(year)s is not a year between 1990 and 2100.") % {"year": year})
                continue
            if source not in FundingSource.values:
                errors.setdefault("budget", []).append(
                    _("Unknown funding source %(source)s.") % {"source": source})
                continue
            money = _money(amount, "budget", errors,
                           prefix=f"{year} / {FundingSource(source).label}: ")
            if money is None:
                continue
            if (year, source) in lines:
                errors.setdefault("budget", []).append(
                    _("%(year)s / %(source)s is entered twice.") % {
                        "year": year, "source": FundingSource(source).label})
            lines[(year, source)] = money
        clean["budget"] = [(y, s, a) for (y, s), a in sorted(lines.items()) if a]
        # The sum is stored as the budget total (and each year's sum is at most the total),
        # so it must fit the same bound as a single amount.
        if sum(lines.values(), Decimal(0)) > MAX_AMOUNT:
            errors.setdefault("budget", []).append(
                _("The budget lines add up to more than %(max)s.")
                % {"max": format_czk(MAX_AMOUNT)})
    if "outputs" in values:
        rows = []
        for index, row in enumerate(values["outputs"], start=1):
            name = clean_text(row.get("name"))
            if not name:
                errors.setdefault("outputs", []).append(
                    _("Row %(n)s: enter the name of the output or indicator.") % {"n": index})
                continue
            target_year = row.get("target_year")
            if target_year is not None and not _year_ok(target_year):
                errors.setdefault("outputs", []).append(
                    _("Row %(n)s: enter a year between 1990 and 2100.") % {"n": index})
            row_prefix = _("Row %(n)s: ") % {"n": index}
            rows.append({"name": name[:300], "unit": clean_text(row.get("unit"))[:50],
                         "baseline": _quantity(row.get("baseline"), "outputs", errors,
                                               row_prefix),
                         "target": _quantity(row.get("target"), "outputs", errors,
                                             row_prefix),
                         "target_year": target_year})
        clean["outputs"] = rows
    if "partners" in values:
        rows = []
        for index, row in enumerate(values["partners"], start=1):
            name = clean_text(row.get("name"))
            if not name or row.get("sector") not in Sector.values:
                errors.setdefault("partners", []).append(
                    _("Row %(n)s: enter the partner's name and sector.") % {"n": index})
                continue
            rows.append({"name": name[:200], "sector": row["sector"],
                         "role": clean_text(row.get("role"))[:300]})
        clean["partners"] = rows
    if "activities" in values:
        rows = []
        for index, row in enumerate(values["activities"], start=1):
            title = clean_text(row.get("title"))
            progress = row.get("progress") or 0
            if not title:
                errors.setdefault("activities", []).append(
                    _("Row %(n)s: enter the activity.") % {"n": index})
                continue
            if not isinstance(progress, int) or not 0 <= progress <= 100:
                errors.setdefault("activities", []).append(
                    _("Row %(n)s: progress is a whole number from 0 to 100.") % {"n": index})
                continue
            start, end = row.get("start_date"), row.get("end_date")
            if start and end and end < start:
                errors.setdefault("activities", []).append(
                    _("Row %(n)s: the activity ends before it starts.") % {"n": index})
                continue
            rows.append({"title": title[:300], "start_date": start, "end_date": end,
                         "progress": progress})
        clean["activities"] = rows
    if "technologies" in values and values["technologies"]:
        kept = set(intention.technologies.values_list("pk", flat=True)) if intention.pk \
            else set()
        retired = [t for t in values["technologies"]
                   if not t.is_active and t.pk not in kept]
        if retired:
            errors.setdefault("technologies", []).append(
                _("%(name)s has been retired and can no longer be chosen.")
                % {"name": retired[0].name})
    if "strategy_nodes" in values and values["strategy_nodes"]:
        units = [clean.get("lead_unit") or intention.lead_unit,
                 *(clean["partner_units"] if "partner_units" in clean
                   else (intention.partner_units.all() if intention.pk else []))]
        allowed = linkable_strategy_ids(actor, units)
        foreign = [n for n in values["strategy_nodes"] if n.strategy_id not in allowed]
        hidden = _hidden_nodes(actor, foreign)
        if hidden:  # named by id only, like an id that does not exist
            errors.setdefault("strategy_nodes", []).append(
                _("No strategy element you can see has the id %(ids)s.")
                % {"ids": ", ".join(str(n.pk) for n in hidden)})
        elif foreign:
            errors.setdefault("strategy_nodes", []).append(
                _("%(node)s is not in a strategy of the intention's municipalities or their "
                  "parent strategies.") % {"node": foreign[0]})
    if errors:
        raise ValidationError(errors)
    return clean


def _hidden_nodes(actor: Actor, nodes: list[Any]) -> list[Any]:
    """The elements among `nodes` that belong to strategies the actor may not see."""
    if not nodes:
        return []
    seen = set(visible_nodes(actor).filter(pk__in=[n.pk for n in nodes])
               .values_list("pk", flat=True))
    return [n for n in nodes if n.pk not in seen]


# --- applying values ----------------------------------------------------------------------

def _apply(intention: Intention, clean: dict[str, Any], actor: Actor = None) -> None:
    for name in SCALAR:
        if name in clean:
            setattr(intention, name, clean[name])
    if "lead_unit" in clean:
        intention.lead_unit = clean["lead_unit"]
    if "main_area" in clean:
        intention.main_area = clean["main_area"]
    intention.save()
    if "partner_units" in clean:
        _invite_partners(actor, intention, clean["partner_units"])
    for name in ("technologies", "sdgs", "strategy_nodes"):
        if name in clean:
            getattr(intention, name).set(clean[name])
    if "other_areas" in clean:
        main_id = intention.main_area_id
        intention.other_areas.set([a for a in clean["other_areas"] if a.pk != main_id])
    elif "main_area" in clean and intention.main_area_id:
        intention.other_areas.remove(intention.main_area_id)
    if "budget" in clean:
        intention.budget.all().delete()
        BudgetLine.objects.bulk_create([
            BudgetLine(intention=intention, year=y, source=s, amount=a)
            for y, s, a in clean["budget"]])
    rows_of: tuple[tuple[str, type[models.Model]], ...] = (
        ("outputs", OutputIndicator), ("partners", Partner), ("activities", Activity))
    for name, model in rows_of:
        if name in clean:
            getattr(intention, name).all().delete()
            model._default_manager.bulk_create([model(intention=intention, position=i, **row)
                                                for i, row in enumerate(clean[name])])
    _refresh(intention)
    reindex_on_commit("intention", intention.pk)  # a public fiche's search entry follows it


def _refresh(intention: Intention) -> None:
    """Recompute the denormalised figures: budget total, progress, completeness score."""
    lines = list(BudgetLine.objects.filter(intention=intention).values_list("amount",
                                                                            flat=True))
    shares = list(Activity.objects.filter(intention=intention).values_list("progress",
                                                                           flat=True))
    intention.budget_total = sum(lines, Decimal(0))
    intention.progress = round(sum(shares) / len(shares)) if shares else (
        100 if intention.status == Status.COMPLETED else 0)
    intention.completeness = completeness.check(fiche_data(intention)).score
    Intention.objects.filter(pk=intention.pk).update(
        budget_total=intention.budget_total, progress=intention.progress,
        completeness=intention.completeness)


def _locked(intention: Intention) -> Intention:
    return Intention.objects.select_for_update().select_related("lead_unit").get(
        pk=intention.pk)


def _require_editable(actor: Actor, intention: Intention) -> None:
    require(actor, Action.EDIT, intention)
    if intention.status not in EDITABLE_STATUSES:
        raise ValidationError(
            _("An intention that is %(status)s cannot be changed.")
            % {"status": Status(intention.status).label})


# --- create and edit ----------------------------------------------------------------------

@transaction.atomic
def create_intention(actor: Actor, *, title: str, lead_unit, **values: Any) -> Intention:
    """A new draft for `lead_unit`; any further fields (see STEP_FIELDS) may be given."""
    if lead_unit is None:
        raise ValidationError({"lead_unit": [_("Choose the leading unit.")]})
    if not can(actor, Action.CREATE, lead_unit):
        raise PermissionDenied(
            _("You cannot prepare intentions for %(unit)s.") % {"unit": lead_unit.name})
    unknown = set(values) - set(ALL_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(names)s") % {"names": ", ".join(unknown)})
    draft = Intention(lead_unit=lead_unit, title=title)
    clean = _validate(draft, {"title": title, **values}, actor)
    intention = Intention(lead_unit=lead_unit, title=clean["title"],
                          created_by=signed_in(actor))
    intention.save()
    _apply(intention, clean, actor)
    history.record(actor, intention, HistoryEntry.Action.CREATE,
                   history.diff({}, values_of(intention, records=True)))
    return intention


@transaction.atomic
def save_step(actor: Actor, intention: Intention, step: str, values: dict[str, Any], *,
              expected_version: int, pending: dict[str, str] | None = None,
              session: str = "") -> Intention:
    """Save one wizard step as a draft (valid fields) and keep invalid input in `pending`.

    `expected_version` is the step's version the editor loaded; if someone saved the same
    step since, nothing is written and `EditConflict` carries the saved values. `session`
    identifies the open form: quick successive saves from the same form (whose reply with
    the new version has not arrived yet) are not a conflict, a save from anywhere else is."""
    if step not in STEP_FIELDS:
        raise ValidationError(_("Unknown step."))
    intention = _locked(intention)
    _require_editable(actor, intention)
    current = intention.step_versions.get(step, 0)
    last_session = intention.step_versions.get(f"{step}:session")
    same_form = bool(session) and last_session == session and expected_version < current
    if current != expected_version and not same_form:
        raise _conflict(values_of(intention, STEP_FIELDS[step]))
    values = {k: v for k, v in values.items() if k in STEP_FIELDS[step]}
    clean = _validate(intention, values, actor)
    before = values_of(intention, STEP_FIELDS[step], records=True)
    old_pending = intention.pending_input.get(step, {})
    if pending:
        intention.pending_input[step] = pending
    else:
        intention.pending_input.pop(step, None)
    intention.step_versions[step] = current + 1
    if session:
        intention.step_versions[f"{step}:session"] = session[:40]
    else:
        intention.step_versions.pop(f"{step}:session", None)
    intention.version += 1
    _apply(intention, clean, actor)
    changes = history.diff(before, values_of(intention, STEP_FIELDS[step], records=True))
    if changes or old_pending != (pending or {}):
        history.record(actor, intention, HistoryEntry.Action.UPDATE, changes,
                       note=_("draft saved (%(step)s)") % {"step": STEP_TITLES[step]})
    return intention


@transaction.atomic
def update_intention(actor: Actor, intention: Intention, values: dict[str, Any], *,
                     expected_version: int) -> Intention:
    """Replace any of the fields at once (the API); checks the whole record's version."""
    intention = _locked(intention)
    _require_editable(actor, intention)
    if intention.version != expected_version:
        raise _conflict(values_of(intention))
    unknown = set(values) - set(ALL_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(names)s") % {"names": ", ".join(unknown)})
    clean = _validate(intention, values, actor)
    before = values_of(intention, records=True)
    intention.version += 1
    for step, names in STEP_FIELDS.items():
        if any(n in values for n in names):
            intention.step_versions[step] = intention.step_versions.get(step, 0) + 1
    _apply(intention, clean, actor)
    history.record(actor, intention, HistoryEntry.Action.UPDATE,
                   history.diff(before, values_of(intention, records=True)))
    return intention


@transaction.atomic
def set_activity_progress(actor: Actor, activity: Activity, progress: int) -> Activity:
    activity = Activity.objects.select_related("intention").get(pk=activity.pk)
    intention = _locked(activity.intention)
    _require_editable(actor, intention)
    if not isinstance(progress, int) or not 0 <= progress <= 100:
        raise ValidationError({"progress": [_("Progress is a whole number from 0 to 100.")]})
    old = activity.progress
    activity.progress = progress
    activity.save(update_fields=["progress"])
    intention.version += 1
    intention.step_versions["partners"] = intention.step_versions.get("partners", 0) + 1
    intention.save(update_fields=["version", "step_versions", "updated_at"])
    _refresh(intention)
    history.record(actor, intention, HistoryEntry.Action.UPDATE,
                   {f"{activity.title}.progress": [old, progress]})
    return activity


# --- partner municipalities -------------------------------------------------------------
#
# The leading unit invites; the invited unit answers. Only a confirmed partnership makes a
# partner: `partner_units` holds exactly the confirmed ones. Partners see the intention
# (unpublished too) but act on it only through their answer: editing, state changes and
# deletion stay with the leading unit and the reviewers (see `Intention.permission_units`).

def _sync_partner_units(intention: Intention) -> None:
    intention.partner_units.set(
        [p.unit_id for p in intention.partnerships.all() if p.state == PartnerState.CONFIRMED])


def _invite_partners(actor: Actor, intention: Intention, units: list) -> None:
    """Make the invited and confirmed partners those in `units`: invite the new ones (and
    those that declined before, when the lead asks them again), withdraw the others. A
    user who may answer for the invited unit themselves confirms at once."""
    current = {p.unit_id: p for p in intention.partnerships.select_related("unit")}
    wanted = {u.pk: u for u in units}
    for unit_id, withdrawn in current.items():
        if unit_id in wanted or withdrawn.state == PartnerState.DECLINED:
            continue
        withdrawn.delete()
        history.record(actor, intention, HistoryEntry.Action.UPDATE,
                       {f"partner {withdrawn.unit.code}": [str(withdrawn.state), None]},
                       note=_("%(unit)s is no longer invited as a partner.")
                       % {"unit": withdrawn.unit.name})
    for unit_id, unit in wanted.items():
        existing = current.get(unit_id)
        if existing is not None and existing.state != PartnerState.DECLINED:
            continue
        before = existing.state if existing else None
        partnership = existing or Partnership(intention=intention, unit=unit)
        partnership.state = PartnerState.PENDING
        partnership.invited_by = signed_in(actor)
        partnership.invited_at = timezone.now()
        partnership.answered_by, partnership.answered_at = None, None
        partnership.save()
        history.record(actor, intention, HistoryEntry.Action.UPDATE,
                       {f"partner {unit.code}": [before and str(before), "pending"]},
                       note=_("%(unit)s has been invited as a partner.") % {"unit": unit.name})
        if can(actor, Action.EDIT, partnership):
            _answer(actor, intention, partnership, accept=True)
    _sync_partner_units(intention)


def _answer(actor: Actor, intention: Intention, partnership: Partnership, *,
            accept: bool) -> None:
    before = partnership.state
    partnership.state = PartnerState.CONFIRMED if accept else PartnerState.DECLINED
    partnership.answered_by = signed_in(actor)
    partnership.answered_at = timezone.now()
    partnership.save(update_fields=["state", "answered_by", "answered_at"])
    if accept:
        note = _("%(unit)s has confirmed the partnership.")
    elif before == PartnerState.CONFIRMED:
        note = _("%(unit)s has left the partnership.")
    else:
        note = _("%(unit)s has declined the partnership.")
    history.record(actor, intention, HistoryEntry.Action.UPDATE,
                   {f"partner {partnership.unit.code}": [str(before), str(partnership.state)]},
                   note=note % {"unit": partnership.unit.name})


@transaction.atomic
def answer_partnership(actor: Actor, partnership: Partnership, *, accept: bool) -> Partnership:
    """The invited unit confirms or declines (a confirmed partner may leave later)."""
    intention = Intention.all_objects.select_for_update().get(pk=partnership.intention_id)
    partnership = Partnership.objects.select_for_update().select_related("unit").get(
        pk=partnership.pk)
    require(actor, Action.EDIT, partnership)
    allowed = (PartnerState.PENDING,) if accept else (PartnerState.PENDING,
                                                       PartnerState.CONFIRMED)
    if intention.deleted_at is not None:
        raise ValidationError(_("This intention has been deleted."))
    if partnership.state not in allowed:
        raise ValidationError(_("This partnership has already been answered."))
    _answer(actor, intention, partnership, accept=accept)
    _sync_partner_units(intention)
    intention.version += 1
    if not accept:
        # The invited partners are part of the basics step: a form opened before the
        # answer must not invite the unit again behind the lead's back.
        intention.step_versions["basics"] = intention.step_versions.get("basics", 0) + 1
        intention.step_versions.pop("basics:session", None)
    intention.save(update_fields=["version", "step_versions", "updated_at"])
    reindex_on_commit("intention", intention.pk)  # the partners are part of its search entry
    return partnership


# --- lifecycle ----------------------------------------------------------------------------

def _require_complete(intention: Intention) -> None:
    """Only a fiche that passes the completeness check goes to the reviewers."""
    report = completeness.check(fiche_data(Intention.objects.get(pk=intention.pk)))
    if not report.can_submit:
        raise ValidationError(
            [_("The intention cannot be submitted yet:")] + [c.message for c in report.blocking],
            code="incomplete")


def _after_change(intention: Intention) -> None:
    _refresh(intention)  # the progress of a completed intention
    reindex_on_commit("intention", intention.pk)  # published: indexed; still public or not


def _deletable(intention: Intention) -> str | None:
    if intention.published_at is not None:
        return _("A published intention cannot be deleted; cancel it instead.")
    return None


_REVIEW = workflow.review_transitions(refusals={
    workflow.SUBMIT: gettext_lazy("Only a draft or a returned intention can be submitted."),
    workflow.RETURN: gettext_lazy("Only a submitted intention can be returned."),
    workflow.PUBLISH: gettext_lazy("Only a submitted intention can be published."),
    workflow.WITHDRAW: gettext_lazy("Only a submitted intention can be withdrawn."),
})
START, COMPLETE, CANCEL = "start", "complete", "cancel"
# The review workflow (core.workflow), then the intention's own life once published: its
# editors start the implementation, complete it, or cancel the intention at any time before.
WORKFLOW: workflow.Workflow[Intention] = workflow.declare(workflow.Workflow(
    Intention, state_field="status", units_path="lead_unit", related=("partnerships__unit",),
    transitions={
        **_REVIEW,
        workflow.SUBMIT: replace(_REVIEW[workflow.SUBMIT], check=_require_complete),
        START: workflow.Transition(
            START, (Status.PUBLISHED,), Status.IN_IMPLEMENTATION, Action.EDIT,
            stamp="started_at",
            refusal=gettext_lazy("Only a published intention can go into implementation.")),
        COMPLETE: workflow.Transition(
            COMPLETE, (Status.IN_IMPLEMENTATION,), Status.COMPLETED, Action.EDIT,
            stamp="completed_at",
            refusal=gettext_lazy("Only an intention in implementation can be completed.")),
        CANCEL: workflow.Transition(
            CANCEL, (Status.DRAFT, Status.RETURNED, Status.SUBMITTED, Status.PUBLISHED,
                     Status.IN_IMPLEMENTATION), Status.CANCELLED, Action.EDIT,
            stamp="cancelled_at", comment="optional",
            refusal=gettext_lazy("A completed or cancelled intention cannot be cancelled.")),
    },
    editable_states=EDITABLE_STATUSES,
    deletable=_deletable,
    already_deleted=gettext_lazy("This intention has been deleted."),
    not_deleted=gettext_lazy("This intention is not deleted."),
    on_change=_after_change))


def submit_intention(actor: Actor, intention: Intention) -> Intention:
    return workflow.submit(actor, WORKFLOW, intention)


def publish_intention(actor: Actor, intention: Intention) -> Intention:
    return workflow.publish(actor, WORKFLOW, intention)


def return_intention(actor: Actor, intention: Intention, comment: str) -> Intention:
    return workflow.return_for_changes(actor, WORKFLOW, intention, comment)


def withdraw_intention(actor: Actor, intention: Intention) -> Intention:
    """The editors take their submission back into draft before it is reviewed."""
    return workflow.withdraw(actor, WORKFLOW, intention)


def start_implementation(actor: Actor, intention: Intention) -> Intention:
    return workflow.transition(actor, WORKFLOW, intention, START)


def complete_intention(actor: Actor, intention: Intention) -> Intention:
    return workflow.transition(actor, WORKFLOW, intention, COMPLETE)


def cancel_intention(actor: Actor, intention: Intention, reason: str = "") -> Intention:
    return workflow.transition(actor, WORKFLOW, intention, CANCEL, comment=reason)


def delete_intention(actor: Actor, intention: Intention) -> Intention:
    """Soft delete of a draft (published intentions are cancelled instead); an
    administrator can restore it."""
    return workflow.soft_delete(actor, WORKFLOW, intention)


def restore_intention(actor: Actor, intention_id: int) -> Intention:
    return workflow.restore(actor, WORKFLOW, intention_id)
