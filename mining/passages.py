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
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

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


# A line is (start offset in the page text, stripped text); an empty line has text "".
_Line = tuple[int, str]


def _lines(text: str) -> list[_Line]:
    lines = []
    position = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            lines.append((position + len(raw) - len(raw.lstrip()), stripped))
        else:
            lines.append((position, ""))
        position += len(raw) + 1
    return lines


@lru_cache(maxsize=4096)
def _normalise_line(text: str) -> str:
    # Running headers often carry the page number ("Strategie 2030 | 14"), so digits are
    # masked before lines from different pages are compared.
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", text.lower())).strip()


def _zone(lines: list[_Line]) -> list[int]:
    """Indexes of the non-empty lines where a running header or footer may be."""
    filled = [index for index, (_start, text) in enumerate(lines) if text]
    if len(filled) <= 2 * HEADER_ZONE_LINES:
        return filled
    return filled[:HEADER_ZONE_LINES] + filled[-HEADER_ZONE_LINES:]


def find_running_lines(pages: list[Page]) -> set[str]:
    """Normalised lines that repeat at the top or bottom of most pages (headers/footers)."""
    return _running_lines([_lines(page.text) for page in pages])


def _running_lines(page_lines: list[list[_Line]]) -> set[str]:
    if len(page_lines) < 3:
        return set()
    counts: Counter[str] = Counter()
    for lines in page_lines:
        counts.update({_normalise_line(lines[index][1]) for index in _zone(lines)})
    needed = max(3, (len(page_lines) + 1) // 2)
    return {
        line
        for line, count in counts.items()
        if count >= needed and line.strip("# ") and len(line) <= MAX_RUNNING_LINE_CHARS
    }


def cut_passages(
    pages: list[Page], *, min_chars: int = MIN_CHARS, max_chars: int = MAX_CHARS
) -> list[Passage]:
    """Split every page into passages, dropping running headers, footers and page numbers."""
    page_lines = [_lines(page.text) for page in pages]
    running = _running_lines(page_lines)
    passages: list[Passage] = []
    for page, lines in zip(pages, page_lines, strict=True):
        regular = "  " not in page.text and _IRREGULAR_SPACE_IN_PAGE.search(page.text) is None
        passages.extend(_page_passages(page.number, lines, running, regular, min_chars, max_chars))
    return passages


# Whitespace that is not a single plain space: such a line needs collapsing char by char.
_IRREGULAR_SPACE = re.compile(r"\s\s|[^\S ]")
# When a page has neither this nor two spaces in a row, none of its (stripped) lines has
# irregular whitespace. (One character class: as "[^\S\n]{2}|[^\S \n]" the scan of a
# page took four times as long.)
_IRREGULAR_SPACE_IN_PAGE = re.compile(r"[^\S \n]")
_SPACE_RUN = re.compile(r"\s+")


class _Paragraph:
    """Cleaned paragraph text plus, for every character, its offset in the page text.

    The text is kept as pieces whose characters come from consecutive page offsets
    (usually one piece per line), so a character's offset is found by bisection instead
    of being stored for every character.
    """

    __slots__ = ("pieces", "origins", "length", "_text", "_starts")

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.origins: list[int] = []  # page offset of each piece's first character
        self.length = 0
        self._text: str | None = None
        self._starts: list[int] = []

    def _append(self, piece: str, origin: int) -> None:
        self.pieces.append(piece)
        self.origins.append(origin)
        self.length += len(piece)

    def add_line(self, start: int, text: str, regular: bool = False) -> None:
        """Append a stripped line; ``regular`` promises it has no irregular whitespace."""
        pieces = self.pieces
        if pieces:
            last_piece = pieces[-1]
            last = last_piece[-1]
            if len(last_piece) > 1:
                before = last_piece[-2]
            else:
                before = pieces[-2][-1] if len(pieces) > 1 else ""
            if last in "-\u00ad" and before.isalpha() and text[:1].islower():
                # "rozvo-" + "jové": a word hyphenated at the line end is joined.
                if len(last_piece) > 1:
                    pieces[-1] = last_piece[:-1]
                else:
                    pieces.pop()
                    self.origins.pop()
                self.length -= 1
            else:
                pieces.append(" ")
                self.origins.append(start)
                self.length += 1
        if regular or _IRREGULAR_SPACE.search(text) is None:
            pieces.append(text)
            self.origins.append(start)
            self.length += len(text)
            return
        # Every run of whitespace becomes one space at the run's first character.
        position = 0
        for match in _SPACE_RUN.finditer(text):
            begin, end = match.span()
            if begin > position:
                self._append(text[position:begin], start + position)
            self._append(" ", start + begin)
            position = end
        if position < len(text):
            self._append(text[position:], start + position)

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = "".join(self.pieces)
            starts, total = [], 0
            for piece in self.pieces:
                starts.append(total)
                total += len(piece)
            self._starts = starts
        return self._text

    def origin(self, index: int) -> int:
        """Offset in the page text of character ``index`` of ``text``."""
        self.text  # noqa: B018 - computes the piece starts
        piece = bisect_right(self._starts, index) - 1
        return self.origins[piece] + index - self._starts[piece]

    def __len__(self) -> int:
        return self.length


def _paragraphs(lines: list[_Line], running: set[str]) -> list[list[_Line]]:
    """The kept lines of a page grouped into paragraphs."""
    zone = set(_zone(lines))
    kept: list[_Line | None] = []
    for index, line in enumerate(lines):
        text = line[1]
        if not text:
            kept.append(None)
            continue
        if index in zone and (_PAGE_NUMBER.match(text) or _normalise_line(text) in running):
            continue
        kept.append(line)

    long_lengths = sorted(len(line[1]) for line in kept if line is not None)
    typical = long_lengths[int(len(long_lengths) * 0.8)] if long_lengths else 0

    paragraphs: list[list[_Line]] = []
    current: list[_Line] = []
    previous: str | None = None
    for kept_line in kept:
        if kept_line is None:
            if current:
                paragraphs.append(current)
                current = []
            previous = None
            continue
        text = kept_line[1]
        if previous is not None and current and _starts_paragraph(previous, text, typical):
            paragraphs.append(current)
            current = []
        current.append(kept_line)
        previous = text
    if current:
        paragraphs.append(current)
    return paragraphs


# A hyphen or soft hyphen at the end of a line (lines are joined with "\n" first).
_LINE_END_HYPHEN = re.compile("[-\u00ad]\n")


def _join_hyphenated(match: re.Match[str]) -> str:
    text, start, end = match.string, match.start(), match.end()
    # "rozvo-" + "jové": a word hyphenated at the line end is joined (as ``add_line``).
    if start and text[start - 1].isalpha() and text[end : end + 1].islower():
        return ""
    return match.group()


def _paragraph_pieces(
    lines: list[_Line], regular: bool, max_chars: int
) -> list[tuple[int, int, str]]:
    """(start, end, text) pieces of one paragraph, in page coordinates."""
    if regular:
        # The usual case, on plain strings: lines without irregular whitespace, joined
        # by spaces, and short enough to be one piece, which spans first to last line.
        text = "\n".join([line[1] for line in lines])
        if "-\n" in text or "\u00ad\n" in text:
            text = _LINE_END_HYPHEN.sub(_join_hyphenated, text)
        text = text.replace("\n", " ")
        if len(text) <= max_chars:
            last_start, last_text = lines[-1]
            return [(lines[0][0], last_start + len(last_text), text)]
    paragraph = _Paragraph()
    for start, text in lines:
        paragraph.add_line(start, text, regular)
    return _split_long(paragraph, max_chars)


def _starts_paragraph(previous: str, line: str, typical: int) -> bool:
    """PDF text has no blank lines between paragraphs; guess the breaks from the layout."""
    if _BULLET.match(line):
        return True
    ends_sentence = previous[-1:] in ".!?:…"
    short = typical and len(previous) < typical * 0.75
    return bool(ends_sentence and short)


def _page_passages(
    page_number: int,
    lines: list[_Line],
    running: set[str],
    regular: bool,
    min_chars: int,
    max_chars: int,
) -> list[Passage]:
    pieces: list[tuple[int, int, str]] = []  # (start, end, text) in page coordinates
    for paragraph in _paragraphs(lines, running):
        pieces.extend(_paragraph_pieces(paragraph, regular, max_chars))

    passages: list[Passage] = []
    buffer: list[tuple[int, int, str]] = []
    size = 0
    for piece in pieces:
        piece_size = len(piece[2])
        if buffer and (size >= min_chars or size + 1 + piece_size > max_chars):
            passages.append(_join(page_number, buffer))
            buffer, size = [], 0
        buffer.append(piece)
        size += piece_size + (1 if size else 0)
    if buffer:
        # A short tail joins the previous passage when it fits, rather than standing alone.
        if passages and size < min_chars and len(passages[-1].text) + 1 + size <= max_chars:
            last = passages.pop()
            buffer.insert(0, (last.start, last.end, last.text))
        passages.append(_join(page_number, buffer))
    return passages


def _join(page_number: int, pieces: list[tuple[int, int, str]]) -> Passage:
    text = "\n".join(piece[2] for piece in pieces)
    return Passage(page_number, pieces[0][0], pieces[-1][1], text)


def _split_long(paragraph: _Paragraph, max_chars: int) -> list[tuple[int, int, str]]:
    full = paragraph.text
    text = full.strip()
    if not text:
        return []
    lead = len(full) - len(full.lstrip())
    if len(text) <= max_chars:
        return [(paragraph.origin(lead), paragraph.origin(lead + len(text) - 1) + 1, text)]

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
            result.append(
                (paragraph.origin(lead + first), paragraph.origin(lead + last) + 1, piece)
            )
    return result
