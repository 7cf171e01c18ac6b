"""Matching project intentions and funding calls: pure scoring functions with reasons,
testable without a database.

A score is the share of the attainable points a pair gets over the criteria (area, text,
applicant, size, territory, budget, dates); each criterion says why it gave what it gave.
Hard conditions (applicant type, size, territory, a closed call) make the pair ineligible
whatever the points; a call that closes before the intention can have its application
ready is eligible but `too_late`: not a match, shown apart.

What the topic weighs depends on the calls being ranked (a `Corpus`): a key area carried
by half of them tells less than a rare one, and so do words of the titles and texts (the
"text" criterion: the search keys shared by the call's and the intention's title and texts,
the intention's technologies included, weighted by how rare they are among the calls, and
how far the mining classifier reads the same key areas in both texts). Without a corpus
and text profiles the score is the area, eligibility, budget and dates alone.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol

from django.utils.translation import gettext as _

from core.language import CZECH
from core.lemmas import word_infos, words
from core.money import format_czk
from mining.classify import NONE, classify_words

# Months an applicant typically needs from each readiness stage to a complete application.
MONTHS_TO_APPLY = {"idea": 12, "study": 8, "documentation": 4, "permit": 2, "ready": 0}
HUNDRED = Decimal(100)
# What a key area carried by every ranked call still weighs against a rare one (1.0).
COMMON_AREA_WEIGHT = 0.4
# Cosine similarity of two texts' words (see `text_fit`) from which the text criterion gives
# full points: short texts on the same subject share a few rare words, never most of them.
FULL_TEXT_FIT = 0.1
# How much of the text criterion is the classifier reading the same key areas in both, and
# how much the call naming the intention's technologies (when it has any).
CLASSIFIER_SHARE = 0.15
TECHNOLOGY_SHARE = 0.25
# A call is on topic when it supports the intention's main key area, or when the shares of
# the area and text points add up to this: a rare secondary area with texts that say the
# same, or texts alone that clearly fit.
ON_TOPIC = 1.0


@dataclass(frozen=True)
class TextProfile:
    """What a title and texts are about: their search keys, each weighing 1 (2 when the
    title has it: the words chosen to name the thing) and, for a key of six letters or
    more, its first six letters as a key too ("~parkov" joins "parkovací" and
    "parkoviště", "~doprav" "doprava" and "dopravní"); a word as written for each key (for
    explanations); the key areas the mining classifier reads in the text with its scores;
    and for an intention the technologies it uses (code → name and the keys of each way
    of naming it, see `technology_terms`)."""

    keys: Mapping[str, float]
    shown: Mapping[str, str]
    areas: Mapping[str, float]
    technologies: Mapping[str, tuple[str, tuple[frozenset[str], ...]]] = field(
        default_factory=dict)


PREFIX = 6


def _content_keys(text: str) -> list[tuple[str, str]]:
    """(search key, word as written) of the content words of `text`."""
    surfaces = words(text or "")
    return [(info.key, surface) for surface, info in zip(surfaces, word_infos(surfaces, CZECH),
                                                         strict=True)
            if not info.stopword and len(info.key) >= 2 and not info.key.isdigit()]


def _with_prefix(key: str) -> list[str]:
    return [key, "~" + key[:PREFIX]] if len(key) >= PREFIX else [key]


def technology_terms(name: str) -> tuple[frozenset[str], ...]:
    """The ways a technology's name says it ("Senzory / internet věcí (IoT)": senzory,
    internet věcí, IoT), each as the keys a text must have all of to name it."""
    ways = []
    for part in re.split(r"\s*/\s*|\s+a\s+|[()]", name):
        keys = frozenset(key for key, _word in _content_keys(part))
        if keys:
            ways.append(keys)
    return tuple(ways)


def text_profile(title: str, *texts: str,
                 technologies: Iterable[tuple[str, str]] = ()) -> TextProfile:
    """The `TextProfile` of a record's title and texts (Czech), with the technologies
    (code, name) an intention uses."""
    keys: dict[str, float] = {}
    shown: dict[str, str] = {}
    for weight, text in ((2.0, title), *((1.0, t) for t in texts)):
        for key, word in _content_keys(text):
            for form in _with_prefix(key):
                keys[form] = max(keys.get(form, 0.0), weight)
            shown.setdefault(key, word.lower())
    whole = " ".join((title, *texts))
    areas = {a.code: a.score for a in classify_words(word_infos(words(whole), CZECH),
                                                     lang=CZECH)
             if a.code != NONE} if whole.strip() else {}
    return TextProfile(keys, shown, areas,
                       {code: (name, technology_terms(name)) for code, name in technologies})


def names_technology(text: TextProfile, ways: tuple[frozenset[str], ...]) -> bool:
    """Whether the text names the technology in one of its `ways` (every key of it, or a
    key with the same first six letters)."""
    return any(all(key in text.keys or (len(key) >= PREFIX and "~" + key[:PREFIX] in text.keys)
                   for key in way) for way in ways)


@dataclass(frozen=True)
class Corpus:
    """How common key areas, words and technologies are among the calls being ranked: the
    rarer a shared one, the more it tells."""

    calls: int
    area_calls: Mapping[str, int]  # area code → calls carrying it
    key_calls: Mapping[str, int]  # search key → calls whose title or text has it
    texts: tuple[TextProfile, ...] = ()
    _named: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, calls: Iterable[CallProfile]) -> Corpus:
        areas: Counter[str] = Counter()
        keys: Counter[str] = Counter()
        texts = []
        count = 0
        for call in calls:
            count += 1
            areas.update(call.areas)
            if call.text is not None:
                keys.update(call.text.keys.keys())
                texts.append(call.text)
        return cls(count, dict(areas), dict(keys), tuple(texts))

    def specificity(self, area: str) -> float:
        """1 for an area no other call carries, near 0 for one every call carries (among
        a few calls nothing is common yet)."""
        if self.calls <= 1:
            return 1.0
        carried = max(1, self.area_calls.get(area, 0))
        return math.log((self.calls + 1) / carried) / math.log(self.calls + 1)

    def area_weight(self, area: str) -> float:
        return COMMON_AREA_WEIGHT + (1 - COMMON_AREA_WEIGHT) * self.specificity(area)

    def key_weight(self, key: str) -> float:
        """Inverse document frequency of a search key among the calls (smoothed)."""
        return math.log((self.calls + 1) / (self.key_calls.get(key, 0) + 1)) + 0.1

    def technology_weight(self, code: str, ways: tuple[frozenset[str], ...]) -> float:
        """Inverse document frequency of a technology among the calls that name it."""
        if code not in self._named:
            self._named[code] = sum(1 for text in self.texts if names_technology(text, ways))
        return math.log((self.calls + 1) / (self._named[code] + 1)) + 0.1


@dataclass(frozen=True)
class IntentionProfile:
    main_area: str
    other_areas: frozenset[str]
    applicant_type: str
    population: int | None
    territory: frozenset[str]  # codes of the leading unit and every unit above it
    budget_total: Decimal
    readiness: str
    start_date: dt.date | None = None
    # The viewer may not see the budget: no amount, no budget reason, no budget points.
    budget_hidden: bool = False
    # Title, texts and technologies (None: the text criterion is left out).
    text: TextProfile | None = None


@dataclass(frozen=True)
class CallProfile:
    areas: frozenset[str]
    applicant_types: frozenset[str]
    min_population: int | None
    max_population: int | None
    territory: frozenset[str]  # empty: the whole country
    min_support: Decimal | None
    max_support: Decimal | None
    cofinancing_rate: Decimal
    opens_on: dt.date
    closes_on: dt.date
    text: TextProfile | None = None  # title and description


@dataclass(frozen=True)
class Reason:
    criterion: str
    points: int
    max_points: int
    message: str
    hard_fail: bool = False


@dataclass
class Match:
    score: int
    eligible: bool
    reasons: list[Reason] = field(default_factory=list)
    requested_support: Decimal | None = Decimal(0)  # None: the budget is not public
    # Eligible, but the application cannot be ready before the call closes.
    too_late: bool = False
    main_area_supported: bool = False

    @property
    def on_topic(self) -> bool:
        """Whether the call is about the intention's subject: it supports the main key area,
        or the area and text points together say so (`ON_TOPIC`); without the text
        criterion, any shared area."""
        shares = {r.criterion: r.points / r.max_points for r in self.reasons
                  if r.criterion in ("area", "text")}
        if "text" not in shares:
            return shares.get("area", 0) > 0
        return self.main_area_supported or shares["area"] + shares["text"] >= ON_TOPIC

    @property
    def fits(self) -> bool:
        """A match to offer: eligible, reachable in time and on topic."""
        return self.eligible and not self.too_late and self.score > 0 and self.on_topic


WEIGHTS = {"area": 35, "text": 35, "applicant": 15, "size": 10, "territory": 10, "budget": 20,
           "dates": 10}


def requested_support(intention: IntentionProfile, call: CallProfile) -> Decimal:
    """What the intention would ask from the call: its cost less the co-financing, capped
    by the call's maximum."""
    share = (HUNDRED - call.cofinancing_rate) / HUNDRED
    support = (intention.budget_total * share).quantize(Decimal("0.01"))
    if call.max_support is not None and support > call.max_support:
        support = call.max_support
    return support


def score(intention: IntentionProfile, call: CallProfile, today: dt.date,
          corpus: Corpus | None = None) -> Match:
    """How well the call fits the intention on `today`; `corpus` (the calls being ranked)
    weighs areas and words by how specific they are."""
    reasons: list[Reason] = [_area_reason(intention, call, corpus)]

    # Title and texts, when both sides have them.
    if intention.text is not None and call.text is not None:
        reasons.append(_text_reason(intention.text, call.text, corpus))

    # Who may apply: applicant type, size of the municipality, territory.
    reasons.extend(eligibility_reasons(intention, call))

    # Budget within the limits of support (left out when the viewer may not see it).
    support: Decimal | None = None
    if not intention.budget_hidden:
        support = _budget_reason(intention, call, reasons)

    # Dates: can the applicant be ready before the call closes?
    too_late = _dates_reason(intention, call, today, reasons)

    total = round(100 * sum(r.points for r in reasons) / sum(r.max_points for r in reasons))
    eligible = not any(r.hard_fail for r in reasons)
    return Match(total if eligible else 0, eligible, reasons, support,
                 too_late=eligible and too_late,
                 main_area_supported=bool(intention.main_area)
                 and intention.main_area in call.areas)


def _area_reason(intention: IntentionProfile, call: CallProfile,
                 corpus: Corpus | None) -> Reason:
    """The key areas of the Smart Cities Concept: the main one supported by the call gives
    full points, a secondary one fewer; each weighed by how specific the area is among the
    calls (`corpus`)."""
    def weighted(points: int, area: str) -> int:
        return round(points * (corpus.area_weight(area) if corpus is not None else 1.0))

    if not call.areas:
        points = 20 if corpus is None else round(WEIGHTS["area"] * COMMON_AREA_WEIGHT)
        return Reason("area", points, WEIGHTS["area"], _("The call is open to every key area."))
    if intention.main_area in call.areas:
        return Reason("area", weighted(35, intention.main_area), WEIGHTS["area"],
                      _("The main key area %(area)s is supported by the call.")
                      % {"area": intention.main_area} + _carried(intention.main_area, corpus))
    shared_areas = intention.other_areas & call.areas
    if shared_areas:
        best = max(sorted(shared_areas),
                   key=lambda a: corpus.area_weight(a) if corpus is not None else 1.0)
        shared = ", ".join(sorted(shared_areas))
        return Reason("area", weighted(20, best), WEIGHTS["area"],
                      _("A secondary key area (%(areas)s) is supported by the call.")
                      % {"areas": shared} + _carried(best, corpus))
    return Reason("area", 0, WEIGHTS["area"],
                  _("None of the intention's key areas is supported by the call."))


def _carried(area: str, corpus: Corpus | None) -> str:
    if corpus is None or corpus.calls <= 1:
        return ""
    return " " + _("(%(area)s: %(count)s of %(total)s calls compared.)") % {
        "area": area, "count": corpus.area_calls.get(area, 0), "total": corpus.calls}


@dataclass(frozen=True)
class TextFit:
    fit: float  # 0..1
    words: list[str]  # shared words that tell most, as the intention writes them
    technologies: list[str]  # names of the intention's technologies the call names


def text_fit(intention: TextProfile, call: TextProfile,
             corpus: Corpus | None = None) -> TextFit:
    """How far the call's title and text are about what the intention's are.

    Three parts: the cosine of the two texts' keys (each times its rarity among the
    calls), full from `FULL_TEXT_FIT`; the share of the intention's technologies the call
    names (each weighed by how rare it is among the calls); and how far the classifier
    reads the same key areas in both (`CLASSIFIER_SHARE`)."""
    def weight(key: str) -> float:
        return corpus.key_weight(key) if corpus is not None else 1.0

    shared = set(intention.keys) & set(call.keys)
    dot = sum(intention.keys[k] * call.keys[k] * weight(k) ** 2 for k in shared)
    norm_i = math.sqrt(sum((v * weight(k)) ** 2 for k, v in intention.keys.items()))
    norm_c = math.sqrt(sum((v * weight(k)) ** 2 for k, v in call.keys.items()))
    lexical = min(1.0, (dot / (norm_i * norm_c) if norm_i and norm_c else 0.0)
                  / FULL_TEXT_FIT)
    areas = min(1.0, sum(min(score, call.areas.get(code, 0.0))
                         for code, score in intention.areas.items()))
    named, total = [], 0.0
    named_weight = 0.0
    for _code, (name, ways) in sorted(intention.technologies.items()):
        tech_weight = corpus.technology_weight(_code, ways) if corpus is not None else 1.0
        total += tech_weight
        if names_technology(call, ways):
            named.append(name)
            named_weight += tech_weight
    if total:
        fit = (1 - CLASSIFIER_SHARE - TECHNOLOGY_SHARE) * lexical \
            + TECHNOLOGY_SHARE * named_weight / total + CLASSIFIER_SHARE * areas
    else:
        fit = (1 - CLASSIFIER_SHARE) * lexical + CLASSIFIER_SHARE * areas
    telling = sorted((k for k in shared if not k.startswith("~")),
                     key=lambda k: (-intention.keys[k] * call.keys[k] * weight(k), k))
    return TextFit(fit, [intention.shown[k] for k in telling[:5]], named)


def _text_reason(intention: TextProfile, call: TextProfile, corpus: Corpus | None) -> Reason:
    found = text_fit(intention, call, corpus)
    points = round(WEIGHTS["text"] * found.fit)
    if found.words:
        message = _("The call's title and text share with the intention: %(words)s.") % {
            "words": ", ".join(found.words)}
    else:
        message = _("The call's title and text share no telling words with the intention.")
    if found.technologies:
        message += " " + _("The call names its technologies: %(names)s.") % {
            "names": ", ".join(found.technologies)}
    return Reason("text", points, WEIGHTS["text"], message)


class Applicant(Protocol):
    """Who would apply: an intention's leading unit, or any unit a user acts for (read
    only: a frozen `UnitApplicant` is one)."""

    @property
    def applicant_type(self) -> str: ...

    @property
    def population(self) -> int | None: ...

    @property
    def territory(self) -> frozenset[str]: ...  # codes of the unit and every unit above it


@dataclass(frozen=True)
class UnitApplicant:
    applicant_type: str
    population: int | None
    territory: frozenset[str]


def _type_fits(applicant: Applicant, call: CallProfile) -> bool:
    return not call.applicant_types or applicant.applicant_type in call.applicant_types


def _size_fits(applicant: Applicant, call: CallProfile) -> bool:
    population = applicant.population
    too_small = call.min_population is not None and (population or 0) < call.min_population
    too_big = call.max_population is not None and population is not None \
        and population > call.max_population
    return not (too_small or too_big)


def _territory_fits(applicant: Applicant, call: CallProfile) -> bool:
    return not call.territory or bool(applicant.territory & call.territory)


def may_apply(applicant: Applicant, call: CallProfile) -> bool:
    """Whether the applicant meets every condition of the call on who may apply (type,
    size, territory): the hard conditions of `score`."""
    return (_type_fits(applicant, call) and _size_fits(applicant, call)
            and _territory_fits(applicant, call))


def eligibility_reasons(applicant: Applicant, call: CallProfile) -> list[Reason]:
    """The call's conditions on who may apply, each met or not, with why; one not met makes
    the pair ineligible (`hard_fail`)."""
    reasons = []
    if _type_fits(applicant, call):
        reasons.append(Reason("applicant", 15, WEIGHTS["applicant"],
                              _("The leading unit is an eligible applicant.")))
    else:
        reasons.append(Reason("applicant", 0, WEIGHTS["applicant"],
                              _("The leading unit is not an eligible type of applicant."),
                              hard_fail=True))
    if _size_fits(applicant, call):
        reasons.append(Reason("size", 10, WEIGHTS["size"],
                              _("The size of the municipality fits the call.")))
    else:
        population = applicant.population
        reasons.append(Reason("size", 0, WEIGHTS["size"],
                              _("The population (%(population)s) is outside the call's limits "
                                "%(low)s–%(high)s.") % {
                                  "population": population if population is not None else "?",
                                  "low": call.min_population or 0,
                                  "high": call.max_population or "…"}, hard_fail=True))
    if _territory_fits(applicant, call):
        reasons.append(Reason("territory", 10, WEIGHTS["territory"],
                              _("The intention lies in the call's eligible territory.")))
    else:
        reasons.append(Reason("territory", 0, WEIGHTS["territory"],
                              _("The intention lies outside the call's eligible territory."),
                              hard_fail=True))
    return reasons


def _budget_reason(intention: IntentionProfile, call: CallProfile,
                   reasons: list[Reason]) -> Decimal:
    support = requested_support(intention, call)
    uncapped = (intention.budget_total * (HUNDRED - call.cofinancing_rate) / HUNDRED
                ).quantize(Decimal("0.01"))
    if intention.budget_total <= 0:
        reasons.append(Reason("budget", 0, WEIGHTS["budget"],
                              _("The intention has no budget yet.")))
    elif call.min_support is not None and uncapped < call.min_support:
        reasons.append(Reason("budget", 0, WEIGHTS["budget"],
                              _("The support it would ask (%(support)s) is below the call's "
                                "minimum %(minimum)s.") % {
                                  "support": format_czk(uncapped),
                                  "minimum": format_czk(call.min_support)}))
    elif call.max_support is not None and uncapped > call.max_support:
        reasons.append(Reason("budget", 10, WEIGHTS["budget"],
                              _("The support would be capped at the call's maximum %(maximum)s "
                                "(the intention would need %(support)s).") % {
                                  "maximum": format_czk(call.max_support),
                                  "support": format_czk(uncapped)}))
    else:
        reasons.append(Reason("budget", 20, WEIGHTS["budget"],
                              _("The support it would ask (%(support)s at %(rate)s %% "
                                "co-financing) is within the call's limits.") % {
                                  "support": format_czk(support),
                                  "rate": f"{call.cofinancing_rate.normalize():f}"}))
    return support


def _dates_reason(intention: IntentionProfile, call: CallProfile, today: dt.date,
                  reasons: list[Reason]) -> bool:
    """Adds the dates reason; True when the application cannot be ready in time."""
    if call.closes_on < today:
        reasons.append(Reason("dates", 0, WEIGHTS["dates"], _("The call is closed."),
                              hard_fail=True))
        return False
    else:
        months = MONTHS_TO_APPLY.get(intention.readiness, 12)
        ready_on = _add_months(today, months)
        if ready_on <= call.closes_on:
            reasons.append(Reason("dates", 10, WEIGHTS["dates"],
                                  _("At this readiness the application can be ready (about "
                                    "%(months)s months) before the call closes.")
                                  % {"months": months}))
            return False
        else:
            reasons.append(Reason("dates", 0, WEIGHTS["dates"],
                                  _("The call closes on %(date)s; at this readiness the "
                                    "application needs about %(months)s more months.") % {
                                      "date": f"{call.closes_on.day}. {call.closes_on.month}. "
                                              f"{call.closes_on.year}",
                                      "months": months}))
            return True


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return dt.date(year, month, min(day.day, 28))


def demand(matches: list[Match], allocation: Decimal | None) -> tuple[Decimal, Decimal | None]:
    """Total support the fitting intentions would ask, and its ratio to the allocation."""
    total = sum((m.requested_support for m in matches if m.requested_support is not None),
                Decimal(0))
    ratio = (total / allocation).quantize(Decimal("0.01")) if allocation else None
    return total, ratio
