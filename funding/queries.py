"""Reads of programmes and calls, matching both ways, the calendar and followers' news."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects

from accounts.permissions import scope_of
from core.models import HistoryEntry
from core.text import fold
from intentions.models import Status
from intentions.queries import budget_visible_q, can_see_budget, visible_intentions
from intentions.queries import for_list as intentions_for_list
from territory.models import TerritorialUnit

from . import matching
from .models import UNIT_APPLICANT, Call, CallState, Follow, Programme


@dataclass
class CallFilters:
    search: str = ""
    state: str = ""  # upcoming, open, closed, or "active" (open and upcoming)
    area: str = ""
    applicant_type: str = ""
    provider_type: str = ""
    programme: str = ""
    kraj: str = ""  # calls open to this kraj (or to the whole country)
    errors: list[str] = field(default_factory=list)


def filter_calls(calls: QuerySet[Call], filters: CallFilters,
                 today: dt.date | None = None) -> QuerySet[Call]:
    today = today or dt.date.today()
    for word in fold(filters.search).split():
        calls = calls.filter(search_text__contains=word)
    if filters.state == CallState.UPCOMING:
        calls = calls.filter(opens_on__gt=today)
    elif filters.state == CallState.OPEN:
        calls = calls.filter(opens_on__lte=today, closes_on__gte=today)
    elif filters.state == CallState.CLOSED:
        calls = calls.filter(closes_on__lt=today)
    elif filters.state == "active":
        calls = calls.filter(closes_on__gte=today)
    elif filters.state:
        filters.errors.append(f"unknown state {filters.state}")
    if filters.area:
        calls = calls.filter(pk__in=Call.objects.filter(areas__code=filters.area).values("pk"))
    if filters.applicant_type:
        ids = [c.pk for c in Call.objects.only("pk", "applicant_types")
               if not c.applicant_types or filters.applicant_type in c.applicant_types]
        calls = calls.filter(pk__in=ids)
    if filters.provider_type:
        calls = calls.filter(programme__provider_type=filters.provider_type)
    if filters.programme:
        calls = calls.filter(programme__code=filters.programme)
    if filters.kraj:
        kraj = TerritorialUnit.objects.filter(code=filters.kraj, kind="kraj").first()
        if kraj is None:
            filters.errors.append(f"unknown kraj {filters.kraj}")
            return calls.none()
        restricted = Call.objects.filter(territories__isnull=False).values("pk")
        inside = Call.objects.filter(Q(territories=kraj) | Q(territories__kraj=kraj)
                                     | Q(territories__kind="stat")).values("pk")
        calls = calls.filter(~Q(pk__in=restricted) | Q(pk__in=inside))
    return calls


def for_list(calls: QuerySet[Call]) -> QuerySet[Call]:
    return calls.select_related("programme").prefetch_related("areas", "territories",
                                                              "documents")


def call_detail(pk: int) -> Call | None:
    return for_list(Call.objects.all()).filter(pk=pk).first()


def programmes() -> QuerySet[Programme]:
    return Programme.objects.all()


def deleted_calls() -> QuerySet[Call]:
    return (Call.all_objects.filter(deleted_at__isnull=False)
            .select_related("programme", "deleted_by").order_by("-deleted_at", "-id"))


# --- matching -------------------------------------------------------------------------------

def unit_territory(unit) -> frozenset[str]:
    """Codes of the unit and of everything it lies in (kraj, okres, ORP, its groups, the
    state): a call limited to any of them is open to the unit. Reads prefetched groups."""
    codes = {unit.code, "CZ"}
    for parent in (unit.kraj, unit.okres, unit.orp):
        if parent is not None:
            codes.add(parent.code)
    codes.update(group.code for group in unit.groups.all())
    return frozenset(codes)


# Text profiles (lemmatised and classified titles and texts) by record and its last change:
# ranking reads every open call's, and a call changes far more rarely than it is ranked.
_TEXT_PROFILES: dict[tuple[Any, ...], matching.TextProfile] = {}
TEXT_PROFILE_LIMIT = 20_000


def _text_profile(key: tuple[Any, ...], build) -> matching.TextProfile:
    profile = _TEXT_PROFILES.get(key)
    if profile is None:
        if len(_TEXT_PROFILES) >= TEXT_PROFILE_LIMIT:
            _TEXT_PROFILES.clear()
        profile = _TEXT_PROFILES[key] = build()
    return profile


def call_text(call: Call) -> matching.TextProfile:
    """What the call's title and description are about."""
    return _text_profile(("call", call.pk, call.updated_at, call.title),
                         lambda: matching.text_profile(call.title, call.description))


def intention_text(intention) -> matching.TextProfile:
    """What the intention's title, texts and technologies (their names) are about."""
    return _text_profile(
        ("intention", intention.pk, intention.updated_at, intention.title),
        lambda: matching.text_profile(
            intention.title, intention.problem, intention.goals, intention.description,
            technologies=[(t.code, t.name) for t in intention.technologies.all()]))


def intention_profile(intention, territory: frozenset[str] | None = None,
                      budget_hidden: bool = False):
    """The intention as matching sees it; with budget_hidden the budget stays out of it
    (the viewer may not see a budget that is not public)."""
    unit = intention.lead_unit
    return matching.IntentionProfile(
        main_area=intention.main_area.code if intention.main_area_id else "",
        other_areas=frozenset(a.code for a in intention.other_areas.all()),
        applicant_type=UNIT_APPLICANT.get(unit.kind, "obec"),
        population=unit.population,
        territory=territory if territory is not None else unit_territory(unit),
        budget_total=Decimal(0) if budget_hidden else intention.budget_total or Decimal(0),
        readiness=intention.readiness, start_date=intention.start_date,
        budget_hidden=budget_hidden, text=intention_text(intention))


def call_profile(call: Call, areas: frozenset[str] | None = None,
                 territory: frozenset[str] | None = None) -> matching.CallProfile:
    """The call as matching sees it; `areas` and `territory` (codes) when already read."""
    return matching.CallProfile(
        areas=frozenset(a.code for a in call.areas.all()) if areas is None else areas,
        applicant_types=frozenset(call.applicant_types or []),
        min_population=call.min_population, max_population=call.max_population,
        territory=frozenset(u.code for u in call.territories.all())
        if territory is None else territory,
        min_support=call.min_support, max_support=call.max_support,
        cofinancing_rate=call.cofinancing_rate or Decimal(0),
        opens_on=call.opens_on, closes_on=call.closes_on, text=call_text(call))


def _open_call_profiles(today: dt.date) -> list[tuple[Call, matching.CallProfile]]:
    """Every open and upcoming call with its profile. The areas and territories are read as
    codes, not as model instances: an intention's page ranks every open call, and building
    the related objects of all of them took most of that page's time."""
    calls = list(Call.objects.filter(closes_on__gte=today).select_related("programme"))
    ids = [call.pk for call in calls]
    areas: dict[int, set[str]] = defaultdict(set)
    for call_id, code in Call.areas.through.objects.filter(call_id__in=ids).values_list(
            "call_id", "keyarea__code"):
        areas[call_id].add(code)
    territories: dict[int, set[str]] = defaultdict(set)
    for call_id, code in Call.territories.through.objects.filter(call_id__in=ids).values_list(
            "call_id", "territorialunit__code"):
        territories[call_id].add(code)
    return [(call, call_profile(call, frozenset(areas[call.pk]),
                                frozenset(territories[call.pk]))) for call in calls]


def matching_calls(intention, today: dt.date | None = None, limit: int = 20,
                   viewer: Any = None, too_late: bool = False
                   ) -> list[tuple[Call, matching.Match]]:
    """Open and upcoming calls ranked by fit for the intention, best first: the calls it
    may apply to, on topic (key areas or texts), whose application it can have ready
    before they close. With `too_late`, instead the calls on its subject that close before
    that, best first. Without a viewer who may see it, a budget that is not public
    stays out of the match."""
    today = today or dt.date.today()
    shown = can_see_budget(viewer, intention)
    profile = intention_profile(intention, budget_hidden=not shown)
    profiles = _open_call_profiles(today)
    corpus = matching.Corpus.of(terms for _call, terms in profiles)
    scored = [(call, matching.score(profile, terms, today, corpus))
              for call, terms in profiles]
    if too_late:
        scored = [pair for pair in scored if pair[1].too_late and pair[1].on_topic]
    else:
        scored = [pair for pair in scored if pair[1].fits]
    scored.sort(key=lambda pair: (-pair[1].score, pair[0].closes_on, pair[0].pk))
    best = scored[:limit]
    prefetch_related_objects([call for call, _match in best], "areas", "territories",
                             "documents")  # what a list of calls shows
    return best


@dataclass
class CallDemand:
    matches: list[tuple[Any, matching.Match]]
    total: Decimal
    ratio: Decimal | None


def matching_intentions(user, call: Call, today: dt.date | None = None,
                        min_score: int = 50) -> CallDemand:
    """Intentions that fit the call (as far as the user may see them) and the support they
    would ask against its allocation."""
    today = today or dt.date.today()
    intentions = visible_intentions(user).exclude(
        status__in=[Status.DRAFT, Status.CANCELLED, Status.COMPLETED])
    areas = [a.pk for a in call.areas.all()]
    if areas:
        intentions = intentions.filter(Q(main_area__in=areas) | Q(other_areas__in=areas))
    intentions = intentions_for_list(intentions.distinct()).select_related(
        "lead_unit__okres").prefetch_related(
        Prefetch("lead_unit__groups", queryset=TerritorialUnit.objects.only("pk", "code")))
    budget_shown = set(visible_intentions(user).filter(budget_visible_q(user))
                       .values_list("pk", flat=True))
    profile = call_profile(call)
    others = [terms for other, terms in _open_call_profiles(today) if other.pk != call.pk]
    corpus = matching.Corpus.of([profile, *others])
    matches = []
    for intention in intentions:
        territory = unit_territory(intention.lead_unit)
        hidden = intention.pk not in budget_shown
        match = matching.score(intention_profile(intention, territory, hidden), profile,
                               today, corpus)
        if match.fits and match.score >= min_score:
            matches.append((intention, match))
    matches.sort(key=lambda pair: (-pair[1].score, pair[0].sort_key))
    total, ratio = matching.demand([m for _i, m in matches], call.allocation)
    return CallDemand(matches, total, ratio)


# --- calendar ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class CalendarEvent:
    day: dt.date
    kind: str  # "opens", "closes", or "open" (during the whole month)
    call: Call


def calendar(today: dt.date | None = None, months: int = 12):
    """Open and upcoming calls by month: the days they open and close, and, as kind "open"
    (dated the month's first day), the calls open during a whole month, so a month's page
    lists every call one can apply to in it."""
    today = today or dt.date.today()
    calls = Call.objects.filter(closes_on__gte=today).select_related("programme").order_by(
        "opens_on")
    first = today.replace(day=1)
    horizon = dt.date(today.year + (today.month - 1 + months) // 12,
                      (today.month - 1 + months) % 12 + 1, 1)
    by_month: dict[tuple[int, int], list[CalendarEvent]] = defaultdict(list)
    for call in calls:
        for day, kind in ((call.opens_on, "opens"), (call.closes_on, "closes")):
            if first <= day < horizon:
                by_month[(day.year, day.month)].append(CalendarEvent(day, kind, call))
        month = max(first, call.opens_on.replace(day=1))
        while month < horizon and month <= call.closes_on:
            following = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
            if call.opens_on < month and call.closes_on >= following:
                by_month[(month.year, month.month)].append(CalendarEvent(month, "open", call))
            month = following
    order = {"opens": 0, "open": 1, "closes": 2}
    return [(dt.date(y, m, 1), sorted(events, key=lambda e: (e.day, order[e.kind])))
            for (y, m), events in sorted(by_month.items())]


# --- following ------------------------------------------------------------------------------

@dataclass
class FollowNews:
    follows: list[Follow]
    new_calls: list[Call]  # in followed areas
    changes: list[HistoryEntry]  # to followed calls
    calls_by_id: dict[int, Call]


def applicants_of(user) -> list[matching.UnitApplicant] | None:
    """The units the user acts for, as the matching sees an applicant: the units the user
    edits for and, for a kraj coordinator, the kraj and every unit inside it. None for
    users who act for no unit, or nationwide (analysts, moderators, administrators): every
    call concerns them."""
    scope = scope_of(user)
    if scope.is_admin or scope.is_analyst or scope.is_moderator:
        return None
    kraj_ids = scope.coordinator_kraj_ids
    if not scope.editor_unit_ids and not kraj_ids:
        return None
    units = (TerritorialUnit.objects.filter(
        Q(pk__in=scope.editor_unit_ids) | Q(pk__in=kraj_ids) | Q(kraj_id__in=kraj_ids),
        is_active=True).select_related("kraj", "okres", "orp")
        .prefetch_related(Prefetch("groups", queryset=TerritorialUnit.objects.only("pk",
                                                                                 "code"))))
    return [matching.UnitApplicant(UNIT_APPLICANT.get(unit.kind, "obec"), unit.population,
                                   unit_territory(unit)) for unit in units]


def open_to(applicants: list[matching.UnitApplicant] | None, calls) -> list[Call]:
    """The calls at least one of the applicants may apply to (all of them for None), by
    the matching's rules on applicant type, size and territory."""
    if applicants is None:
        return list(calls)
    shown = []
    for call in calls:
        profile = call_profile(call)
        if any(matching.may_apply(applicant, profile) for applicant in applicants):
            shown.append(call)
    return shown


def followed_news(user, days: int = 60) -> FollowNews:
    """What is new in what the user follows: new calls in the followed areas that the
    user's units may apply to (`applicants_of`), and changes to the followed calls."""
    # Follows of a deleted call stay (they come back with the call) but are not shown.
    follows = list(Follow.objects.filter(user=user)
                   .filter(Q(call__isnull=True) | Q(call__deleted_at__isnull=True))
                   .select_related("call", "area"))
    since = dt.datetime.now(dt.UTC) - dt.timedelta(days=days)
    area_ids = [f.area_id for f in follows if f.area_id]
    new_calls = []
    if area_ids:
        new_calls = open_to(applicants_of(user), for_list(Call.objects.filter(
            pk__in=Call.objects.filter(areas__in=area_ids).values("pk"),
            created_at__gte=since, closes_on__gte=dt.date.today())
            .order_by("-created_at"))[:200])[:20]
    call_follows = {str(f.call_id): f for f in follows if f.call_id}
    changes = []
    if call_follows:
        entries = HistoryEntry.objects.filter(
            model_label="funding.call", object_id__in=list(call_follows),
            action=HistoryEntry.Action.UPDATE, at__gte=since).order_by("-at")[:50]
        changes = [e for e in entries if e.at >= call_follows[e.object_id].created_at]
    calls_by_id = {f.call.pk: f.call for f in follows if f.call is not None}
    return FollowNews(follows, new_calls, changes[:20], calls_by_id)


def is_following(user, *, call: Call | None = None, area=None) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    lookup = {"call": call} if call is not None else {"area": area}
    return Follow.objects.filter(user=user, **lookup).exists()


def closing_follows(user=None, today: dt.date | None = None,
                    days: int | None = None) -> QuerySet[Follow]:
    """Follows of calls (not deleted) closing within `days` (WORKQUEUE_DEADLINE_DAYS) from
    today, soonest first: the user's, or everybody's for the daily notices."""
    today = today or dt.date.today()
    days = settings.WORKQUEUE_DEADLINE_DAYS if days is None else days
    follows = Follow.objects.filter(
        call__isnull=False, call__deleted_at__isnull=True, call__closes_on__gte=today,
        call__closes_on__lte=today + dt.timedelta(days=days))
    if user is not None:
        follows = follows.filter(user=user)
    return follows.select_related("call__programme").order_by("call__closes_on", "call_id",
                                                              "pk")
