"""Every write on programmes, calls and follows: permission, validation, one transaction,
history. Moderators (and administrators) maintain programmes and calls."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.permissions import Action, require
from core import history, workflow
from core.access import Actor, signed_in
from core.conflicts import EditConflict
from core.models import HistoryEntry
from core.money import (
    MAX_POPULATION,
    MoneyError,
    clean_amount,
    clean_percent,
    clean_whole_number,
)
from core.text import TEXT_MAX_LENGTH, TITLE_MAX_LENGTH, URL_MAX_LENGTH, text_field
from core.validators import validate_link
from search.index import reindex_on_commit

from .models import ApplicantType, Call, CallDocument, Follow, Programme, ProviderType


def _require_moderator(actor: Actor) -> None:
    # Funding programmes and calls are a shared register kept by moderators, like the
    # taxonomies.
    require(actor, Action.MANAGE_TAXONOMY)


PROGRAMME_FIELDS = ["code", "name", "provider_type", "provider", "description", "web_url"]


def programme_values(programme: Programme) -> dict[str, Any]:
    return history.snapshot(programme, PROGRAMME_FIELDS)


@transaction.atomic
def save_programme(actor: Actor, programme: Programme | None = None, *,
                   expected_version: int | None = None, **values: Any) -> Programme:
    """Add a programme, or change one. A change given `expected_version` is refused with
    `EditConflict` when someone else saved the programme meanwhile."""
    _require_moderator(actor)
    if programme is not None:
        programme = Programme.objects.select_for_update().get(pk=programme.pk)
        if expected_version is not None and programme.version != expected_version:
            raise EditConflict(programme_values(programme))
    errors: dict[str, list[str]] = {}
    for name, limit, multiline in (("code", 40, False), ("name", TITLE_MAX_LENGTH, False),
                                   ("provider", 200, False),
                                   ("description", TEXT_MAX_LENGTH, True),
                                   ("web_url", URL_MAX_LENGTH, False)):
        if name in values:
            values[name] = text_field(errors, name, values[name], limit, multiline=multiline,
                                      required=name in ("code", "name", "provider"))
        elif name in ("code", "name", "provider"):
            errors.setdefault(name, []).append(_("This field is required."))
    if values.get("provider_type") not in ProviderType.values:
        errors.setdefault("provider_type", []).append(_("Unknown provider type."))
    duplicate = Programme.objects.filter(code=values.get("code") or "")
    if programme is not None:
        duplicate = duplicate.exclude(pk=programme.pk)
    if duplicate.exists():
        errors.setdefault("code", []).append(_("A programme with this code exists already."))
    if "web_url" in values:
        try:
            values["web_url"] = validate_link(values["web_url"])
        except ValidationError as error:
            errors.setdefault("web_url", []).extend(error.messages)
    if errors:
        raise ValidationError(errors)
    created = programme is None
    programme = programme or Programme()
    before = {} if created else programme_values(programme)
    for name in PROGRAMME_FIELDS:
        if name in values:
            setattr(programme, name, (values[name] or "").strip())
    changes = history.diff(before, programme_values(programme))
    if not created and not changes:
        return programme
    if not created:
        programme.version += 1
    programme.save()
    history.record(actor, programme,
                   HistoryEntry.Action.CREATE if created else HistoryEntry.Action.UPDATE,
                   changes)
    for call_id in programme.calls.values_list("pk", flat=True):  # they show its name
        reindex_on_commit("call", call_id)
    return programme


@dataclass
class CallData:
    programme: Programme
    identifier: str
    title: str
    opens_on: dt.date
    closes_on: dt.date
    provider: str = ""
    description: str = ""
    applicant_types: list[str] = field(default_factory=list)
    min_population: int | None = None
    max_population: int | None = None
    territories: list[Any] = field(default_factory=list)
    areas: list[Any] = field(default_factory=list)
    allocation: Decimal | None = None
    min_support: Decimal | None = None
    max_support: Decimal | None = None
    cofinancing_rate: Decimal = Decimal(0)
    web_url: str = ""
    documents: list[tuple[str, str]] = field(default_factory=list)  # (title, url)


CALL_FIELDS = ["identifier", "title", "provider", "description", "applicant_types",
               "min_population", "max_population", "allocation", "min_support", "max_support",
               "cofinancing_rate", "opens_on", "closes_on", "web_url"]


def call_values(call: Call) -> dict[str, Any]:
    values = history.snapshot(call, CALL_FIELDS)
    values["programme"] = call.programme.code
    values["territories"] = sorted(u.code for u in call.territories.all())
    values["areas"] = sorted(a.code for a in call.areas.all())
    values["documents"] = [f"{d.title} <{d.url}>" for d in call.documents.all()]
    return values


def validate_call(data: CallData, call: Call | None = None) -> None:
    """Check `data` and normalise it in place (text cleaned, numbers within their bounds);
    raise ValidationError listing every problem."""
    errors: dict[str, list[str]] = {}
    for name, limit, multiline in (("identifier", 60, False), ("title", TITLE_MAX_LENGTH, False),
                                   ("provider", 200, False),
                                   ("description", TEXT_MAX_LENGTH, True),
                                   ("web_url", URL_MAX_LENGTH, False)):
        setattr(data, name, text_field(errors, name, getattr(data, name), limit,
                                       multiline=multiline))
    documents = []
    for title, url in data.documents:
        title = text_field(errors, "documents", title, TITLE_MAX_LENGTH)
        url = text_field(errors, "documents", url, URL_MAX_LENGTH)
        documents.append((title or url, url))
    data.documents = documents
    if not data.identifier.strip():
        errors.setdefault("identifier", []).append(_("Enter the call's identifier."))
    else:
        same = Call.all_objects.filter(identifier=data.identifier.strip())
        if call is not None:
            same = same.exclude(pk=call.pk)
        duplicate = same.only("pk", "deleted_at").first()
        if duplicate is not None and duplicate.deleted_at is not None:
            errors.setdefault("identifier", []).append(
                _("A deleted call has this identifier; an administrator can restore it."))
        elif duplicate is not None:
            errors.setdefault("identifier", []).append(
                _("A call with this identifier exists already."))
    if not data.title.strip():
        errors.setdefault("title", []).append(_("Enter the title."))
    if data.opens_on and data.closes_on and data.closes_on < data.opens_on:
        errors.setdefault("closes_on", []).append(_("The call cannot close before it opens."))
    unknown = [t for t in data.applicant_types if t not in ApplicantType.values]
    if unknown:
        errors.setdefault("applicant_types", []).append(
            _("Unknown applicant types: %(types)s") % {"types": ", ".join(unknown)})
    amounts: dict[str, Decimal] = {}
    for name in ("allocation", "min_support", "max_support"):
        value = getattr(data, name)
        if value is not None:
            try:
                amounts[name] = clean_amount(value)
            except MoneyError as error:
                errors.setdefault(name, []).append(str(error))
            else:
                setattr(data, name, amounts[name])
    if ("min_support" in amounts and "max_support" in amounts
            and amounts["max_support"] < amounts["min_support"]):
        errors.setdefault("max_support", []).append(
            _("The maximum support is lower than the minimum."))
    try:
        data.cofinancing_rate = clean_percent(data.cofinancing_rate)
    except MoneyError:
        errors.setdefault("cofinancing_rate", []).append(
            _("The co-financing rate is a percentage from 0 to 100."))
    populations: dict[str, int] = {}
    for name in ("min_population", "max_population"):
        value = getattr(data, name)
        if value is not None:
            try:
                populations[name] = clean_whole_number(value, maximum=MAX_POPULATION)
            except MoneyError as error:
                errors.setdefault(name, []).append(str(error))
            else:
                setattr(data, name, populations[name])
    if ("min_population" in populations and "max_population" in populations
            and populations["max_population"] < populations["min_population"]):
        errors.setdefault("max_population", []).append(
            _("The maximum population is lower than the minimum."))
    try:
        data.web_url = validate_link(data.web_url)
    except ValidationError as error:
        errors.setdefault("web_url", []).extend(error.messages)
    documents = []
    for title, url in data.documents:
        try:
            link = validate_link(url)
        except ValidationError as error:
            errors.setdefault("documents", []).append(
                _("%(title)s: %(problem)s") % {"title": title, "problem": error.messages[0]})
            continue
        if not link:
            errors.setdefault("documents", []).append(
                _("Each document needs a link starting with https://."))
        documents.append(((title or "").strip() or link, link))
    data.documents = documents
    if errors:
        raise ValidationError(errors)


def _write_call(call: Call, data: CallData) -> None:
    call.programme = data.programme
    for name in CALL_FIELDS:
        value = getattr(data, name)
        setattr(call, name, value.strip() if isinstance(value, str) else value)
    call.provider = call.provider or data.programme.provider
    call.save()
    call.territories.set(data.territories)
    call.areas.set(data.areas)
    call.documents.all().delete()
    CallDocument.objects.bulk_create([CallDocument(call=call, title=t[:300], url=u)
                                      for t, u in data.documents])


@transaction.atomic
def create_call(actor: Actor, data: CallData) -> Call:
    _require_moderator(actor)
    validate_call(data)
    call = Call(created_by=signed_in(actor))
    _write_call(call, data)
    history.record(actor, call, HistoryEntry.Action.CREATE, history.diff({}, call_values(call)))
    reindex_on_commit("call", call.pk)
    return call


@transaction.atomic
def update_call(actor: Actor, call: Call, data: CallData, expected_version: int) -> Call:
    _require_moderator(actor)
    call = Call.objects.select_for_update().get(pk=call.pk)
    if call.version != expected_version:
        raise EditConflict(call_values(call))
    validate_call(data, call)
    before = call_values(call)
    call.version += 1
    _write_call(call, data)
    history.record(actor, call, HistoryEntry.Action.UPDATE,
                   history.diff(before, call_values(call)))
    reindex_on_commit("call", call.pk)
    return call


def _reindex(call: Call) -> None:
    reindex_on_commit("call", call.pk)


# Calls have no review (moderators publish them directly); they are deleted softly through
# the workflow like every record, by moderators, and restored by an administrator.
WORKFLOW: workflow.Workflow[Call] = workflow.Workflow(
    Call, delete_permission=Action.MANAGE_TAXONOMY,
    already_deleted=gettext_lazy("This call has been deleted already."),
    not_deleted=gettext_lazy("This call is not deleted."),
    on_change=_reindex)


def delete_call(actor: Actor, call: Call) -> Call:
    """Soft delete: the call disappears from lists, matching, the calendar and the API;
    an administrator can restore it."""
    return workflow.soft_delete(actor, WORKFLOW, call)


def restore_call(actor: Actor, call_id: int) -> Call:
    return workflow.restore(actor, WORKFLOW, call_id)


@transaction.atomic
def import_calls(actor: Actor, rows: list[CallData]) -> tuple[int, int]:
    """Create or update calls by identifier, all or nothing. Returns (created, updated)."""
    _require_moderator(actor)
    created = updated = 0
    problems: list[str] = []
    for number, data in enumerate(rows, start=2):
        existing = Call.objects.filter(identifier=data.identifier.strip()).first()
        try:
            if existing is None:
                create_call(actor, data)
                created += 1
            else:
                update_call(actor, existing, data, existing.version)
                updated += 1
        except ValidationError as error:
            problems.append(_("Row %(row)s (%(id)s): %(errors)s") % {
                "row": number, "id": data.identifier, "errors": " ".join(error.messages)})
    if problems:
        raise ValidationError(problems)
    return created, updated


# --- following ------------------------------------------------------------------------------

@transaction.atomic
def follow(actor: Actor, *, call: Call | None = None, area=None) -> Follow:
    user = signed_in(actor)
    if user is None:
        raise ValidationError(_("Log in to follow calls and areas."))
    if (call is None) == (area is None):
        raise ValidationError(_("Follow either a call or a key area."))
    lookup = {"call": call} if call is not None else {"area": area}
    existing = Follow.objects.filter(user=user, **lookup).first()
    return existing or Follow.objects.create(user=user, **lookup)


@transaction.atomic
def unfollow(actor: Actor, *, call: Call | None = None, area=None) -> None:
    lookup = {"call": call} if call is not None else {"area": area}
    Follow.objects.filter(user=signed_in(actor), **lookup).delete()
