"""Tell Czech from English, cheaply: stopword counts plus Czech diacritics.

Only two languages matter for the platform's documents, so a full language identifier
would be slower without being more useful. Anything that is not clearly English is taken
as Czech, the platform's main language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

CZECH = "cs"
ENGLISH = "en"

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

CZECH_STOPWORDS = frozenset(
    [
        "a",
        "aby",
        "ale",
        "ani",
        "aniž",
        "ano",
        "asi",
        "až",
        "bez",
        "bude",
        "budou",
        "by",
        "byl",
        "byla",
        "byli",
        "bylo",
        "být",
        "co",
        "což",
        "či",
        "další",
        "do",
        "ho",
        "i",
        "jak",
        "jako",
        "je",
        "jeho",
        "jejich",
        "její",
        "jen",
        "jsou",
        "již",
        "jsme",
        "jsem",
        "k",
        "kde",
        "kdy",
        "když",
        "ke",
        "která",
        "které",
        "který",
        "kteří",
        "má",
        "mají",
        "mezi",
        "mi",
        "může",
        "na",
        "nad",
        "nebo",
        "než",
        "nich",
        "ní",
        "o",
        "od",
        "pak",
        "po",
        "pod",
        "podle",
        "pro",
        "proto",
        "při",
        "s",
        "se",
        "si",
        "sice",
        "stejně",
        "svůj",
        "své",
        "svých",
        "tak",
        "také",
        "takže",
        "tam",
        "tato",
        "tedy",
        "ten",
        "tento",
        "této",
        "to",
        "tomu",
        "tu",
        "u",
        "už",
        "v",
        "ve",
        "však",
        "všech",
        "z",
        "za",
        "ze",
        "že",
    ]
)
ENGLISH_STOPWORDS = frozenset(
    [
        "a",
        "about",
        "all",
        "also",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "but",
        "by",
        "can",
        "could",
        "do",
        "for",
        "from",
        "had",
        "has",
        "have",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "may",
        "more",
        "most",
        "not",
        "of",
        "on",
        "or",
        "other",
        "our",
        "should",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "was",
        "we",
        "were",
        "which",
        "will",
        "with",
        "would",
    ]
)
# Both lists contain "a"; it says nothing, so it is not counted.
_SHARED = CZECH_STOPWORDS & ENGLISH_STOPWORDS
_CZECH_CHARS = set("áčďéěíňóřšťúůýž")


# Stopword and diacritics counts only look at the beginning of a long text.
MAX_CHARS = 5000


def _evidence(words: Iterable[str]) -> tuple[int, int, int]:
    """Among lowered `words`: Czech stopwords, English stopwords, words with diacritics."""
    czech = english = diacritics = 0
    for word in words:
        if word in _SHARED:
            continue
        if word in CZECH_STOPWORDS:
            czech += 1
        elif word in ENGLISH_STOPWORDS:
            english += 1
        if any(char in _CZECH_CHARS for char in word):
            diacritics += 1
    return czech, english, diacritics


def detect_language(text: str) -> str:
    """Return ``"cs"`` or ``"en"`` for ``text``."""
    czech, english, diacritics = _evidence(
        match.group() for match in _WORD.finditer(text[:MAX_CHARS].lower()))
    return _decide(czech + 0.5 * diacritics, english)


def _decide(czech_score: float, english: float) -> str:
    # A word with Czech diacritics is strong evidence, but English text quotes Czech
    # names ("Plzeň", "Ústí"), so it counts for less than a stopword.
    if english > czech_score:
        return ENGLISH
    return CZECH


# Surface token → its evidence for English: English stopwords minus the Czech score
# (a stopword 1, a word with diacritics 0.5). A text is English when the sum is positive,
# i.e. ``english > czech_score`` as in ``_decide``; sums of halves are exact floats.
SIGNAL_CACHE_LIMIT = 100_000
_signals: dict[str, float] = {}


def _signal(token: str) -> float:
    lowered = token.lower()
    # A token (``core.lemmas.words``) is a run of letters and digits; the words counted
    # here are runs of letters, found in the lowered text exactly as ``detect_language``.
    parts = [lowered] if lowered.isalpha() else _WORD.findall(lowered)
    czech, english, diacritics = _evidence(parts)
    return english - (czech + 0.5 * diacritics)


def detect_language_words(text: str, tokens: list[str]) -> str:
    """``detect_language(text)`` computed from ``tokens``, the words of ``text`` as
    ``core.lemmas.words`` splits them, with per-word results memoised."""
    if len(text) > MAX_CHARS:
        return detect_language(text)
    signals = _signals
    try:
        total = sum(map(signals.__getitem__, tokens), 0.0)
    except KeyError:
        missing = set(tokens).difference(signals)
        if len(signals) + len(missing) > SIGNAL_CACHE_LIMIT:
            signals.clear()
            missing = set(tokens)
        for token in missing:
            signals[token] = _signal(token)
        total = sum(map(signals.__getitem__, tokens), 0.0)
    return ENGLISH if total > 0 else CZECH
