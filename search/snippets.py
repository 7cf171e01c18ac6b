"""Highlighted snippets in the original text.

The index only knows search keys, so matches are found again in the stored original: each
distinct word of the body gets its key as ``mining.lemmas.lemmatize`` computes it
(``search_key``, cached per word form), and the occurrences of words whose key the query
asked for (or that start with a queried prefix) are wrapped in ``<mark>``. Everything else
is HTML-escaped, so the result is safe to render as is. The scanning is done by regular
expressions (in C): a page of results costs about a millisecond.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from mining.lemmas import is_stopword, search_key

WINDOW_CHARS = 260
LEAD_CHARS = 50
MAX_SCANNED_CHARS = 20_000
_WORD = re.compile(r"[^\W_]+")


def _matching_words(text: str, keys: set[str], prefixes: tuple[str, ...],
                    language: str) -> set[str]:
    found = set()
    for word in set(_WORD.findall(text)):
        if is_stopword(word, language):
            continue
        key = search_key(word, language)
        if key in keys or (prefixes and key.startswith(prefixes)):
            found.add(word)
    return found


def _snap(text: str, start: int, end: int) -> tuple[int, int]:
    """Move a character window to word boundaries (inside it)."""
    if start > 0:
        boundary = _WORD.search(text, start)
        if boundary and text[start - 1:start].isalnum():
            boundary = _WORD.search(text, boundary.end())
        start = boundary.start() if boundary else start
    if end < len(text):
        last = end
        while last > start and text[last - 1].isalnum() and text[last:last + 1].isalnum():
            last -= 1
        end = last if last > start else end
    return start, end


def highlight(text: str, keys: set[str], prefixes: Iterable[str] = (), language: str = "cs",
              width: int = WINDOW_CHARS) -> SafeString:
    """The window of ``text`` with the most distinct matches, matches in ``<mark>``."""
    text = text[:MAX_SCANNED_CHARS]
    words = _matching_words(text, keys, tuple(prefixes), language)
    spans: list[tuple[int, int]] = []
    if words:
        alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
        pattern = re.compile(rf"(?<![^\W_])(?:{alternatives})(?![^\W_])")
        spans = [m.span() for m in pattern.finditer(text)]
    start, end = 0, min(len(text), width)
    if spans and len(text) > width:
        best = (-1, -1)
        for first, _end in spans:  # windows opening a little before each match
            begin = max(0, min(first - LEAD_CHARS, len(text) - width))
            inside = [text[a:b].lower() for a, b in spans if begin <= a and b <= begin + width]
            score = (len(set(inside)), len(inside))
            if score > best:
                best, start = score, begin
        end = min(len(text), start + width)
    start, end = _snap(text, start, end)
    parts = ["…"] if start > 0 else []
    position = start
    for a, b in spans:
        if start <= a and b <= end:
            parts += [escape(text[position:a]), f"<mark>{escape(text[a:b])}</mark>"]
            position = b
    parts.append(escape(text[position:end]))
    if end < len(text):
        parts.append("…")
    return mark_safe("".join(parts))  # every piece of text is escaped above
