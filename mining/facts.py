"""Facts found in strategy text: years, periods, money amounts and structure headings.

Money is always ``Decimal`` (never float): "1,5 mil. Kč" is exactly 1 500 000 CZK.
Headings of visions, priorities, goals, measures and activities become a proposed
structure tree that an editor can accept into the strategy's own tree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from mining.extract import Page

CZK = "CZK"
EUR = "EUR"


@dataclass(frozen=True)
class Period:
    """A span of years such as "2021–2027" or "v letech 2022 až 2025"."""

    start: int
    end: int
    text: str
    page: int | None = None
    offset: int = 0


@dataclass(frozen=True)
class YearMention:
    year: int
    text: str
    page: int | None = None
    offset: int = 0


@dataclass(frozen=True)
class MoneyAmount:
    amount: Decimal
    currency: str  # "CZK" or "EUR"
    text: str
    page: int | None = None
    offset: int = 0


@dataclass
class ProposedNode:
    """A heading found in the text; ``level`` is one of ``LEVELS``."""

    level: str
    code: str
    title: str
    page: int | None = None
    children: list[ProposedNode] = field(default_factory=list)


@dataclass
class Facts:
    periods: list[Period] = field(default_factory=list)
    years: list[YearMention] = field(default_factory=list)
    amounts: list[MoneyAmount] = field(default_factory=list)


# ----------------------------------------------------------------------------- years

_YEAR = r"(?:19[5-9]\d|20\d\d|21[0-4]\d)"
# Every year and period starts with a year, or with words right before one ("v letech
# 2022 až 2025", "from 2021 to 2030"). A page is therefore scanned once, for the years
# that begin a run of digits (no other can be a year or begin a period), and each form
# of period is tried only where it can begin: a scan per form cost five times as much.
_YEAR_AT = re.compile(_YEAR)
# What follows the first year of a period, per form; the end year is group 1.
_DASH_END = re.compile(rf"\s*[-–—]\s*({_YEAR}|\d\d)(?![\d.,]\d)")  # 2021–2027, 2023–25
_ENGLISH_END = re.compile(rf"(?i:\s+(?:to|until)\s+({_YEAR})\b)")  # (from) 2021 to 2030
_LEAD_ENDS = {
    "letech": re.compile(rf"(?i:\s*(?:až|-|–|—|do)\s*({_YEAR})\b)"),  # v letech 2022 až 2025
    "roku": re.compile(rf"(?i:\s+do\s+roku\s+({_YEAR})\b)"),  # od roku 2024 do roku 2030
    "období": re.compile(rf"(?i:\s*(?:až|-|–|—)\s*({_YEAR})\b)"),  # období 2021–2027
    "from": _ENGLISH_END,
}
# The words that open a period, ending right before its first year; looked for in the
# LEAD_WINDOW characters before a year (a longer run of spaces is not taken for a lead).
_LEAD = re.compile(r"(?<!\w)(?:v\s+(letech)|od\s+(roku)|(období)|(from))\s+\Z", re.IGNORECASE)
LEAD_WINDOW = 48
_LEAD_WORDS = tuple(_LEAD_ENDS)
_FORMS = ("dash", "english", *_LEAD_ENDS)


class _YearAt(NamedTuple):
    """A year that begins a run of digits: ``text[start:end]``."""

    start: int
    end: int
    year: int


def _years_at(text: str) -> list[_YearAt]:
    return [
        _YearAt(match.start(), match.end(), int(match.group()))
        for match in _YEAR_AT.finditer(text)
        if not match.start() or not text[match.start() - 1].isdigit()
    ]


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def _without_overlaps(candidates: list, span) -> list:
    """Keep the longest of overlapping matches, in text order."""
    spans = [span(candidate) for candidate in candidates]
    in_order = sorted(range(len(candidates)), key=spans.__getitem__)
    if all(
        spans[before][1] <= spans[after][0]
        for before, after in zip(in_order, in_order[1:], strict=False)
    ):
        return [candidates[index] for index in in_order]  # the usual case: none overlap
    kept: list[int] = []
    for index in sorted(in_order, key=lambda item: spans[item][0] - spans[item][1]):
        begin, end = spans[index]
        if all(end <= spans[other][0] or begin >= spans[other][1] for other in kept):
            kept.append(index)
    return [candidates[index] for index in sorted(kept, key=spans.__getitem__)]


def _fact_span(fact) -> tuple[int, int]:
    return fact.offset, fact.offset + len(fact.text)


def _lead(text: str, year_start: int) -> re.Match[str] | None:
    """The words opening a period that end, with whitespace, at ``year_start``."""
    cursor = year_start - 1
    while cursor and text[cursor - 1].isspace():
        cursor -= 1
    # The regex is tried only after one of the last words (most years have none before).
    if not text[max(0, cursor - 6) : cursor].lower().endswith(_LEAD_WORDS):
        return None
    return _LEAD.search(text, max(0, year_start - LEAD_WINDOW), year_start)


def find_periods(text: str, page: int | None = None) -> list[Period]:
    return _periods(text, _years_at(text), page)


def _periods(text: str, years: list[_YearAt], page: int | None) -> list[Period]:
    candidates = []
    # Where each form's previous match ended: as in a scan per form, a match is not
    # looked for inside an earlier one of the same form (even one rejected below).
    taken = dict.fromkeys(_FORMS, 0)
    for year in years:
        before = text[year.start - 1] if year.start else " "
        forms: list[tuple[str, int, re.Pattern[str]]] = []
        if before not in ".,":
            forms.append(("dash", year.start, _DASH_END))
        if not _is_word_char(before):
            forms.append(("english", year.start, _ENGLISH_END))
        lead = _lead(text, year.start) if before.isspace() else None
        if lead is not None:
            word = next(group for group in lead.groups() if group).lower()
            forms.append((word, lead.start(), _LEAD_ENDS[word]))
        for form, start, pattern in forms:
            if start < taken[form]:
                continue
            match = pattern.match(text, year.end)
            if match is None:
                continue
            taken[form] = match.end()
            end_text = match.group(1)
            # "2021–27" abbreviates the end year to its last two digits.
            end = int(end_text) if len(end_text) == 4 else year.year // 100 * 100 + int(end_text)
            if end <= year.year or end - year.year > 50:
                continue
            candidates.append(Period(year.year, end, text[start : match.end()], page, start))
    return _without_overlaps(candidates, _fact_span)


_THOUSANDS_GROUP_BEFORE = re.compile(r"\d[ \u00a0\u202f]")
_THOUSANDS_GROUP_AFTER = re.compile(r"[ \u00a0\u202f]\d{3}(?!\d)")
_NOT_YEAR_AFTER = re.compile(r"\d|[.,]\d")


def find_years(text: str, page: int | None = None) -> list[YearMention]:
    """Years mentioned anywhere (years that are part of a period are included too)."""
    return _years(text, _years_at(text), page)


def _years(text: str, years: list[_YearAt], page: int | None) -> list[YearMention]:
    found = []
    for start, end, year in years:
        # "1/2024", "2024.5" and "12024" are not years.
        if (start and text[start - 1] in ".,/") or _NOT_YEAR_AFTER.match(text, end):
            continue
        # "2 025 000 Kč": a group of digits of a larger number, not a year.
        if _THOUSANDS_GROUP_BEFORE.fullmatch(text, max(0, start - 2), start) or (
            _THOUSANDS_GROUP_AFTER.match(text, end)
        ):
            continue
        found.append(YearMention(year, text[start:end], page, start))
    return found


# ----------------------------------------------------------------------------- money

_NUMBER = r"\d{1,3}(?:[ \u00a0\u202f.]\d{3})+(?:,\d+)?|\d+(?:[,.]\d+)?"
_MULTIPLIERS = {
    "tis": Decimal(1000),
    "mil": Decimal(1_000_000),
    "mld": Decimal(1_000_000_000),
}
_MULTIPLIER = (
    r"(?P<mult>tisíc[eů]?|tis\.?|milion(?:ů|u|y|a)?|mil\.?|miliard(?:a|y|u)?|mld\.?|"
    r"thousand|million|billion)"
)
_CURRENCY = r"(?P<cur>Kč|Kc|korun[ay]?|CZK|EUR|eur|€)"
# (?<![\w,.])(?P<num>NUMBER) ... CURRENCY, written to start with a digit so the engine
# scans fast: "\d(?<![\w,.]\d)" is "(?<![\w,.])\d", and the rest of the group is
# NUMBER without its first digit (same alternatives, same backtracking order).
_NUMBER_AFTER_FIRST_DIGIT = r"\d{0,2}(?:[ \u00a0\u202f.]\d{3})+(?:,\d+)?|\d*(?:[,.]\d+)?"
_MONEY = re.compile(
    rf"(?P<num>\d(?<![\w,.]\d)(?:{_NUMBER_AFTER_FIRST_DIGIT}))\s*(?:{_MULTIPLIER}\s*)?"
    rf"{_CURRENCY}(?![^\W\d_])",
)
_MONEY_PREFIX = re.compile(
    rf"(?P<cur>EUR|€|CZK)\s*(?P<num>{_NUMBER})(?:\s*{_MULTIPLIER})?(?![\w])",
)


def _multiplier(word: str | None) -> Decimal:
    if not word:
        return Decimal(1)
    word = word.lower().rstrip(".")
    if word.startswith(("tis", "thousand")):
        return _MULTIPLIERS["tis"]
    if word.startswith(("mld", "miliard", "billion")):
        return _MULTIPLIERS["mld"]
    return _MULTIPLIERS["mil"]


_GROUP_SPACE = re.compile(r"[ \u00a0\u202f]")
_DOT_GROUPS = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")


def parse_number(text: str) -> Decimal | None:
    """Czech number notation: spaces or dots group thousands, a comma is the decimal mark."""
    compact = _GROUP_SPACE.sub("", text)
    if "." in compact and _DOT_GROUPS.fullmatch(compact):
        compact = compact.replace(".", "")  # 1.500.000 → 1500000
    compact = compact.replace(",", ".")
    try:
        return Decimal(compact)
    except InvalidOperation:
        return None


def _normalise(amount: Decimal) -> Decimal:
    if amount == amount.to_integral_value():
        return amount.quantize(Decimal(1))
    return amount.normalize()


def find_amounts(text: str, page: int | None = None) -> list[MoneyAmount]:
    candidates = []
    # The currency-first form is rare: its scan runs only where its currency occurs.
    prefixed = "EUR" in text or "€" in text or "CZK" in text
    for pattern in (_MONEY, _MONEY_PREFIX) if prefixed else (_MONEY,):
        for match in pattern.finditer(text):
            number = parse_number(match.group("num"))
            if number is None:
                continue
            currency = EUR if match.group("cur") in ("EUR", "eur", "€") else CZK
            amount = _normalise(number * _multiplier(match.group("mult")))
            candidates.append(MoneyAmount(amount, currency, match.group(), page, match.start()))
    return _without_overlaps(candidates, _fact_span)


def find_facts(pages: list[Page]) -> Facts:
    facts = Facts()
    for page in pages:
        years = _years_at(page.text)  # one scan for both
        facts.periods.extend(_periods(page.text, years, page.number))
        facts.years.extend(_years(page.text, years, page.number))
        facts.amounts.extend(find_amounts(page.text, page.number))
    return facts


# -------------------------------------------------------------------------- headings

LEVELS = ("vision", "priority", "strategic_goal", "specific_goal", "measure", "activity")
_RANK = {level: rank for rank, level in enumerate(LEVELS)}

_CODE = r"(?P<code>[A-Z]?\d{1,2}(?:\.\d{1,2}){0,3}|[A-Z](?:\.\d{1,2}){0,3})\.?"
_SEPARATOR = r"\s*[:–—\-.)]?\s*"
_HEADING_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("vision", re.compile(r"^(?:strategická\s+)?vize(?:\s+(?:města|obce|kraje|regionu|\d{4}))?\s*[:–—\-]?\s*(?P<title>.*)$", re.I)),
    ("priority", re.compile(rf"^(?:prioritní\s+(?:oblast|osa)|priorita|rozvojová\s+oblast|klíčová\s+oblast)\s+{_CODE}{_SEPARATOR}(?P<title>.*)$", re.I)),
    ("strategic_goal", re.compile(rf"^(?:strategický|hlavní|dlouhodobý)\s+cíl\s+{_CODE}{_SEPARATOR}(?P<title>.*)$", re.I)),
    ("specific_goal", re.compile(rf"^(?:specifický|dílčí|operační)\s+cíl\s+{_CODE}{_SEPARATOR}(?P<title>.*)$", re.I)),
    ("strategic_goal", re.compile(rf"^cíl\s+{_CODE}{_SEPARATOR}(?P<title>.*)$", re.I)),
    ("measure", re.compile(rf"^opatření\s+{_CODE}{_SEPARATOR}(?P<title>.*)$", re.I)),
    ("activity", re.compile(rf"^(?:aktivita|projekt(?:ový\s+záměr)?)\s+{_CODE}{_SEPARATOR}(?P<title>.*)$", re.I)),
]  # fmt: skip
# Every heading pattern starts with one of these words (same flags): a quick test that
# spares most lines the seven patterns and the table-of-contents search.
_HEADING_START = re.compile(
    r"(?:strategick|vize|prioritn|priorita|rozvojov|klíčov|hlavní|dlouhodob|specifick|dílčí"
    r"|operační|cíl|opatření|aktivita|projekt)",
    re.I,
)
# Table-of-contents lines ("Opatření 2.1 Doprava ........ 14") repeat the headings.
_TOC_LINE = re.compile(r"(?:\.{4,}|…{2,}|(?:\s\.){3,})\s*\d*\s*$")
MAX_HEADING_CHARS = 200


def match_heading(line: str) -> tuple[str, str, str] | None:
    """``(level, code, title)`` when ``line`` is a structure heading, else None."""
    line = line.strip()
    if not line or len(line) > MAX_HEADING_CHARS or not _HEADING_START.match(line):
        return None
    if _TOC_LINE.search(line):
        return None
    for level, pattern in _HEADING_PATTERNS:
        match = pattern.match(line)
        if match:
            code = (match.groupdict().get("code") or "").rstrip(".")
            title = match.group("title").strip(" :–—-")
            # A heading title is a phrase, not the middle of a sentence ("Vize je ...").
            if title and title[0].islower():
                continue
            return level, code, title
    return None


def propose_tree(pages: list[Page]) -> list[ProposedNode]:
    """Headings in reading order, nested by level (a measure goes under the goal above it)."""
    roots: list[ProposedNode] = []
    stack: list[ProposedNode] = []
    seen: set[tuple[str, str]] = set()
    for page in pages:
        lines = page.text.split("\n")
        for number, line in enumerate(lines):
            found = match_heading(line)
            if not found:
                continue
            level, code, title = found
            if not title:
                # "Vize" or "Opatření 2.1" alone on a line: the title is the next line.
                following = next((text.strip() for text in lines[number + 1 :] if text.strip()), "")
                title = following[:MAX_HEADING_CHARS]
            key = (level, code or title.lower())
            if key in seen:
                continue  # the same heading again (a running title or a cross-reference)
            seen.add(key)
            node = ProposedNode(level, code, title, page.number)
            while stack and _RANK[stack[-1].level] >= _RANK[level]:
                stack.pop()
            (stack[-1].children if stack else roots).append(node)
            stack.append(node)
    return roots
