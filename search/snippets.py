"""Highlighted snippets in the original text.

The index only knows search keys, so matches are found again in the stored original: each
distinct word gets its key as ``core.lemmas.lemmatize`` computes it (``word_infos``,
cached per word form), and the occurrences of words whose key the query asked for (or that
start with a queried prefix) are wrapped in ``<mark>``. Everything else is HTML-escaped, so
the result is safe to render as is.

A page of results is highlighted at once (``highlight_page``): its passages share most of
their words, so each distinct word is looked up once per page, and one regular expression
(in C) finds the matches in every text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from html import escape  # Django's escape() wraps this, lazily: a cost per call

from django.utils.safestring import SafeString, mark_safe

from core.lemmas import word_infos

WINDOW_CHARS = 260
LEAD_CHARS = 50
MAX_SCANNED_CHARS = 20_000
_WORD = re.compile(r"[^\W_]+")


def _matching_words(words: Iterable[str], keys: set[str], prefixes: tuple[str, ...],
                    language: str) -> set[str]:
    words = list(words)
    infos = word_infos(words, language)  # one dict lookup per word once it has been seen
    if prefixes:
        return {word for word, info in zip(words, infos, strict=True) if not info.stopword
                and (info.key in keys or info.key.startswith(prefixes))}
    return {word for word, info in zip(words, infos, strict=True)
            if info.key in keys and not info.stopword}


def _pattern(words: set[str]) -> re.Pattern | None:
    if not words:
        return None
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![^\W_])(?:{alternatives})(?![^\W_])")


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
    return highlight_page([(text, language)], keys, prefixes, width)[0]


def highlight_page(texts: Sequence[tuple[str, str]], keys: set[str],
                   prefixes: Iterable[str] = (), width: int = WINDOW_CHARS) -> list[SafeString]:
    """``highlight`` for each (text, language) of a page of results."""
    prefixes = tuple(prefixes)
    texts = [(text[:MAX_SCANNED_CHARS], language) for text, language in texts]
    words_by_language: dict[str, set[str]] = {}
    for text, language in texts:
        words_by_language.setdefault(language, set()).update(_WORD.findall(text))
    patterns = {language: _pattern(_matching_words(words, keys, prefixes, language))
                for language, words in words_by_language.items()}
    return [_window(text, patterns[language], width) for text, language in texts]


def _window(text: str, pattern: re.Pattern | None, width: int) -> SafeString:
    spans = [m.span() for m in pattern.finditer(text)] if pattern else []
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
