"""Tell Czech from English, cheaply: stopword counts plus Czech diacritics.

Only two languages matter for the platform's documents, so a full language identifier
would be slower without being more useful. Anything that is not clearly English is taken
as Czech, the platform's main language.
"""

from __future__ import annotations

import re

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


def detect_language(text: str) -> str:
    """Return ``"cs"`` or ``"en"`` for ``text``."""
    czech = english = 0
    diacritics = 0
    for match in _WORD.finditer(text[:5000].lower()):
        word = match.group()
        if word in _SHARED:
            continue
        if word in CZECH_STOPWORDS:
            czech += 1
        elif word in ENGLISH_STOPWORDS:
            english += 1
        if any(char in _CZECH_CHARS for char in word):
            diacritics += 1
    # A word with Czech diacritics is strong evidence, but English text quotes Czech
    # names ("Plzeň", "Ústí"), so it counts for less than a stopword.
    czech_score = czech + 0.5 * diacritics
    if english > czech_score:
        return ENGLISH
    return CZECH
