"""Cut page text into passages: the unit that is classified, indexed and shown in search.

A passage is roughly a paragraph, merged with its neighbours or split at sentence ends so
that it lands between ``min_chars`` and ``max_chars`` (about 300-1200 characters): long
enough to classify, short enough to be a useful search hit. Passages never cross pages, so
each one has a single page number for citation.

``Passage.text`` is cleaned (running headers/footers and page numbers removed, words
hyphenated across line ends joined, lines joined with spaces); ``start``/``end`` are
offsets into the original ``Page.text`` covering the source of the passage.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from mining.extract import Page

MIN_CHARS = 300
MAX_CHARS = 1200

_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-–—]\s*)?(?:(?:strana|str\.|page|s\.)\s*)?\d{1,4}"
    r"(?:\s*(?:/|z|ze|of)\s*\d{1,4})?(?:\s*[-–—])?\s*$",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^\s*(?:[•●▪■◦‣∙·*\-–—]|\(?\d{1,2}[.)]|[a-z][.)])\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”“»)]*\s+(?=[\"„“«(]?[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ0-9])")
# How many lines at the top and bottom of a page may be a running header or footer.
HEADER_ZONE_LINES = 3
# Running headers and footers are short; a long repeated line is content (e.g. a boilerplate
# sentence on every page of a form) and is better kept.
MAX_RUNNING_LINE_CHARS = 120


@dataclass
class Passage:
    """A piece of one page; ``page`` is 1-based, ``start``/``end`` index ``Page.text``."""

    page: int
    start: int
    end: int
    text: str


@dataclass
class _Line:
    start: int
    end: int
    text: str


def _lines(text: str) -> list[_Line]:
    lines = []
    position = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            start = position + len(raw) - len(raw.lstrip())
            lines.append(_Line(start, start + len(stripped), stripped))
        else:
            lines.append(_Line(position, position, ""))
        position += len(raw) + 1
    return lines


def _normalise_line(text: str) -> str:
    # Running headers often carry the page number ("Strategie 2030 | 14"), so digits are
    # masked before lines from different pages are compared.
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", text.lower())).strip()


def _zone(lines: list[_Line]) -> list[_Line]:
    filled = [line for line in lines if line.text]
    if len(filled) <= 2 * HEADER_ZONE_LINES:
        return filled
    return filled[:HEADER_ZONE_LINES] + filled[-HEADER_ZONE_LINES:]


def find_running_lines(pages: list[Page]) -> set[str]:
    """Normalised lines that repeat at the top or bottom of most pages (headers/footers)."""
    if len(pages) < 3:
        return set()
    counts: Counter[str] = Counter()
    for page in pages:
        seen = {_normalise_line(line.text) for line in _zone(_lines(page.text))}
        counts.update(seen)
    needed = max(3, (len(pages) + 1) // 2)
    return {
        line
        for line, count in counts.items()
        if count >= needed and line.strip("# ") and len(line) <= MAX_RUNNING_LINE_CHARS
    }


def cut_passages(
    pages: list[Page], *, min_chars: int = MIN_CHARS, max_chars: int = MAX_CHARS
) -> list[Passage]:
    """Split every page into passages, dropping running headers, footers and page numbers."""
    running = find_running_lines(pages)
    passages: list[Passage] = []
    for page in pages:
        passages.extend(_page_passages(page, running, min_chars, max_chars))
    return passages


class _Paragraph:
    """Cleaned paragraph text plus, for every character, its offset in the page text."""

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.origin: list[int] = []

    def add_line(self, line: _Line) -> None:
        text, start = line.text, line.start
        if self.chars:
            last = self.chars[-1]
            before = self.chars[-2] if len(self.chars) > 1 else ""
            if last in "-\u00ad" and before.isalpha() and text[:1].islower():
                # "rozvo-" + "jové": a word hyphenated at the line end is joined.
                self.chars.pop()
                self.origin.pop()
            else:
                self.chars.append(" ")
                self.origin.append(start)
        previous_space = False
        for offset, char in enumerate(text):
            is_space = char.isspace()
            if is_space and previous_space:
                continue
            previous_space = is_space
            self.chars.append(" " if is_space else char)
            self.origin.append(start + offset)

    @property
    def text(self) -> str:
        return "".join(self.chars)

    def __len__(self) -> int:
        return len(self.chars)


def _paragraphs(page: Page, running: set[str]) -> list[_Paragraph]:
    lines = _lines(page.text)
    zone_ids = {id(line) for line in _zone(lines)}
    kept: list[_Line | None] = []
    for line in lines:
        if not line.text:
            kept.append(None)
            continue
        in_zone = id(line) in zone_ids
        if in_zone and (_PAGE_NUMBER.match(line.text) or _normalise_line(line.text) in running):
            continue
        kept.append(line)

    long_lengths = sorted(len(line.text) for line in kept if line is not None)
    typical = long_lengths[int(len(long_lengths) * 0.8)] if long_lengths else 0

    paragraphs: list[_Paragraph] = []
    current = _Paragraph()
    previous: _Line | None = None
    for kept_line in kept:
        if kept_line is None:
            if len(current):
                paragraphs.append(current)
                current = _Paragraph()
            previous = None
            continue
        if (
            previous is not None
            and len(current)
            and _starts_paragraph(previous, kept_line, typical)
        ):
            paragraphs.append(current)
            current = _Paragraph()
        current.add_line(kept_line)
        previous = kept_line
    if len(current):
        paragraphs.append(current)
    return paragraphs


def _starts_paragraph(previous: _Line, line: _Line, typical: int) -> bool:
    """PDF text has no blank lines between paragraphs; guess the breaks from the layout."""
    if _BULLET.match(line.text):
        return True
    ends_sentence = previous.text[-1:] in ".!?:…"
    short = typical and len(previous.text) < typical * 0.75
    return bool(ends_sentence and short)


def _page_passages(page: Page, running: set[str], min_chars: int, max_chars: int) -> list[Passage]:
    pieces: list[tuple[int, int, str]] = []  # (start, end, text) in page coordinates
    for paragraph in _paragraphs(page, running):
        pieces.extend(_split_long(paragraph, max_chars))

    passages: list[Passage] = []
    buffer: list[tuple[int, int, str]] = []
    size = 0
    for piece in pieces:
        piece_size = len(piece[2])
        if buffer and (size >= min_chars or size + 1 + piece_size > max_chars):
            passages.append(_join(page.number, buffer))
            buffer, size = [], 0
        buffer.append(piece)
        size += piece_size + (1 if size else 0)
    if buffer:
        # A short tail joins the previous passage when it fits, rather than standing alone.
        if passages and size < min_chars and len(passages[-1].text) + 1 + size <= max_chars:
            last = passages.pop()
            buffer.insert(0, (last.start, last.end, last.text))
        passages.append(_join(page.number, buffer))
    return passages


def _join(page_number: int, pieces: list[tuple[int, int, str]]) -> Passage:
    text = "\n".join(piece[2] for piece in pieces)
    return Passage(page_number, pieces[0][0], pieces[-1][1], text)


def _split_long(paragraph: _Paragraph, max_chars: int) -> list[tuple[int, int, str]]:
    text = paragraph.text.strip()
    if not text:
        return []
    lead = len(paragraph.text) - len(paragraph.text.lstrip())
    origin = paragraph.origin[lead : lead + len(text)]
    if len(text) <= max_chars:
        return [(origin[0], origin[-1] + 1, text)]

    # Cut at sentence ends; a sentence longer than the limit is cut at a space.
    bounds = [0] + [match.end() for match in _SENTENCE_END.finditer(text)] + [len(text)]
    chunks: list[tuple[int, int]] = []
    chunk_start = 0
    for previous_bound, bound in zip(bounds, bounds[1:], strict=False):
        if bound - chunk_start > max_chars and previous_bound > chunk_start:
            chunks.append((chunk_start, previous_bound))
            chunk_start = previous_bound
        while bound - chunk_start > max_chars:
            cut = text.rfind(" ", chunk_start, chunk_start + max_chars)
            if cut <= chunk_start:
                cut = chunk_start + max_chars
            chunks.append((chunk_start, cut))
            chunk_start = cut
    if chunk_start < len(text):
        chunks.append((chunk_start, len(text)))

    result = []
    for begin, end in chunks:
        piece = text[begin:end]
        stripped_lead = len(piece) - len(piece.lstrip())
        piece = piece.strip()
        if piece:
            first = begin + stripped_lead
            last = first + len(piece) - 1
            result.append((origin[first], origin[last] + 1, piece))
    return result
