"""Facts found in strategy text: years, periods, money amounts and structure headings.

Money is always ``Decimal`` (never float): "1,5 mil. Kč" is exactly 1 500 000 CZK.
Headings of visions, priorities, goals, measures and activities become a proposed
structure tree that an editor can accept into the strategy's own tree.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

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
_DASH = r"\s*[-–—]\s*"
# Speed matters here (every page of every document is scanned): Python's regex engine
# scans fast only for a pattern that starts with a literal or a character set, not with
# a lookbehind, ``\b`` or a case-insensitive letter. The patterns are therefore written
# in an equivalent form that starts with one (see ``_finditer`` and the notes below).
_PERIOD_PATTERNS = [
    # (?<![\d.,])YEAR–YEAR: the lookbehind is checked by ``_finditer``.
    re.compile(rf"({_YEAR}){_DASH}({_YEAR}|\d\d)(?![\d.,]\d)"),
    # \bv\s+letech ... (case-insensitive): "[vV](?<!\w.)" is "\bv", as v is a word char.
    re.compile(rf"[vV](?<!\w.)(?i:\s+letech\s+({_YEAR})\s*(?:až|-|–|—|do)\s*({_YEAR})\b)"),
    # \bod\s+roku ... do roku ...
    re.compile(rf"[oO](?<!\w.)(?i:d\s+roku\s+({_YEAR})\s+do\s+roku\s+({_YEAR})\b)"),
    # \bobdobí ...
    re.compile(rf"[oO](?<!\w.)(?i:bdobí\s+({_YEAR})\s*(?:až|-|–|—)\s*({_YEAR})\b)"),
    # Run only where ``_ENGLISH_PERIOD`` (a part of every match) occurs; see find_periods.
    re.compile(rf"\b(?:from\s+)?({_YEAR})\s+(?:to|until)\s+({_YEAR})\b", re.IGNORECASE),
]
_ENGLISH_PERIOD = re.compile(rf"{_YEAR}(?i:\s+(?:to|until)\s+){_YEAR}\b")
_PERIOD_LOOKBEHIND: list[re.Pattern[str] | None] = [re.compile(r"[\d.,]"), None, None, None, None]
# A word every match of the pattern contains, in lower case: ``text.lower()`` keeps each
# letter of these words a single letter, so when the word is missing there is no match.
_PERIOD_WORD = [None, "letech", "roku", "období", None]
# (?<![\d.,/])YEAR(?![\d]|[.,]\d), the lookbehind checked by ``_finditer``.
_SINGLE_YEAR = re.compile(rf"({_YEAR})(?![\d]|[.,]\d)")
_SINGLE_YEAR_LOOKBEHIND = re.compile(r"[\d.,/]")


def _finditer(
    pattern: re.Pattern[str], text: str, not_after: re.Pattern[str] | None
) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` as if ``pattern`` began with ``(?<!not_after)``.

    A rejected match is retried one character further on, as the regex engine would;
    matches are never empty.
    """
    if not_after is None:
        yield from pattern.finditer(text)
        return
    position = 0
    search = pattern.search
    while True:
        match = search(text, position)
        if match is None:
            return
        start = match.start()
        if start and not_after.match(text, start - 1):
            position = start + 1
            continue
        yield match
        position = match.end()


def _without_overlaps(candidates: list, span) -> list:
    """Keep the longest of overlapping matches, in text order."""
    kept: list = []
    taken: list[tuple[int, int]] = []
    for candidate in sorted(
        candidates, key=lambda item: (-(span(item)[1] - span(item)[0]), span(item)[0])
    ):
        begin, end = span(candidate)
        if all(end <= other_begin or begin >= other_end for other_begin, other_end in taken):
            kept.append(candidate)
            taken.append((begin, end))
    return sorted(kept, key=lambda item: span(item)[0])


def _fact_span(fact) -> tuple[int, int]:
    return fact.offset, fact.offset + len(fact.text)


def find_periods(text: str, page: int | None = None) -> list[Period]:
    candidates = []
    lowered = text.lower()
    for pattern, not_after, word in zip(
        _PERIOD_PATTERNS, _PERIOD_LOOKBEHIND, _PERIOD_WORD, strict=True
    ):
        if word is not None and word not in lowered:
            continue
        if pattern is _PERIOD_PATTERNS[-1] and not _ENGLISH_PERIOD.search(text):
            continue
        for match in _finditer(pattern, text, not_after):
            start = int(match.group(1))
            end_text = match.group(2)
            # "2021–27" abbreviates the end year to its last two digits.
            end = int(end_text) if len(end_text) == 4 else start // 100 * 100 + int(end_text)
            if end <= start or end - start > 50:
                continue
            candidates.append(Period(start, end, match.group(), page, match.start()))
    return _without_overlaps(candidates, _fact_span)


_THOUSANDS_GROUP_BEFORE = re.compile(r"\d[ \u00a0\u202f]")
_THOUSANDS_GROUP_AFTER = re.compile(r"[ \u00a0\u202f]\d{3}(?!\d)")


def find_years(text: str, page: int | None = None) -> list[YearMention]:
    """Years mentioned anywhere (years that are part of a period are included too)."""
    years = []
    for match in _finditer(_SINGLE_YEAR, text, _SINGLE_YEAR_LOOKBEHIND):
        preceding = text[max(0, match.start() - 2) : match.start()]
        following = text[match.end() : match.end() + 5]
        # "2 025 000 Kč": a group of digits of a larger number, not a year.
        if _THOUSANDS_GROUP_BEFORE.fullmatch(preceding) or _THOUSANDS_GROUP_AFTER.match(following):
            continue
        years.append(YearMention(int(match.group(1)), match.group(), page, match.start()))
    return years


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


def parse_number(text: str) -> Decimal | None:
    """Czech number notation: spaces or dots group thousands, a comma is the decimal mark."""
    compact = re.sub(r"[ \u00a0\u202f]", "", text)
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", compact):
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
    for pattern in (_MONEY, _MONEY_PREFIX):
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
        facts.periods.extend(find_periods(page.text, page.number))
        facts.years.extend(find_years(page.text, page.number))
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
