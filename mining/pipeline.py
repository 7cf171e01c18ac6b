"""The whole mining pipeline for one document, as one pure function.

``process_document`` takes bytes and returns a ``DocumentResult``; it never touches a
database or the file system, so the caller (a background task) decides what to store and
can rerun it safely. Bad input raises ``MiningError`` with a reason for the user; problems
that still leave something useful (scanned pages without OCR, a very short text) become
warnings on the result.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from core.language import detect_language, detect_language_words
from core.lemmas import word_infos, words
from mining import detect
from mining.classify import (
    NONE,
    PILLAR_OF_AREA,
    PILLARS,
    AreaScore,
    Model,
    default_model,
)
from mining.errors import MiningError
from mining.extract import DEFAULT_MAX_PAGES, Page, extract_pages, ocr_available
from mining.facts import Facts, ProposedNode, find_facts, propose_tree
from mining.passages import cut_passages

ProgressCallback = Callable[[str, int, int], None]

DEFAULT_MAX_BYTES = 200 * 1024 * 1024
# Below this many characters of text there is too little to classify meaningfully.
MIN_USEFUL_CHARS = 200


@dataclass
class DocumentWarning:
    """Something the user should know about a processed document."""

    code: str
    message_cs: str
    message_en: str
    pages: list[int] = field(default_factory=list)


@dataclass
class PassageResult:
    """A passage with everything the search index and the concept profile need."""

    index: int
    page: int
    start: int
    end: int
    text: str
    language: str
    index_terms: list[str]
    areas: list[AreaScore]

    @property
    def main_area(self) -> str:
        return self.areas[0].code if self.areas else NONE


@dataclass
class ConceptProfile:
    """Share of passages per area and per pillar (0..1); ``none`` is the unclassified share.

    A passage with two areas counts half to each, so the area shares and ``none`` sum to 1.
    """

    areas: dict[str, float]
    pillars: dict[str, float]
    none: float
    passages: int


@dataclass
class DocumentResult:
    kind: str
    mime: str
    language: str
    page_count: int
    pages: list[Page]
    passages: list[PassageResult]
    facts: Facts
    tree: list[ProposedNode]
    profile: ConceptProfile
    warnings: list[DocumentWarning]


def process_document(
    data: bytes,
    filename: str = "",
    *,
    max_pages: int = DEFAULT_MAX_PAGES,
    max_bytes: int = DEFAULT_MAX_BYTES,
    model: Model | None = None,
    progress: ProgressCallback | None = None,
) -> DocumentResult:
    """Detect, extract, cut, lemmatise, classify and mine one document.

    ``filename`` is used only in messages; the format is always recognised from content.
    ``progress(stage, done, total)`` is called as work advances (stages: ``extract``,
    ``passages``, ``classify``, ``facts``).
    """
    if len(data) > max_bytes:
        raise MiningError(
            "too_large",
            f"Soubor je příliš velký ({len(data) // (1024 * 1024)} MB, nejvýše {max_bytes // (1024 * 1024)} MB).",
            f"The file is too large ({len(data) // (1024 * 1024)} MB, at most {max_bytes // (1024 * 1024)} MB).",
        )
    detected = detect.detect_type(data)
    pages = extract_pages(data, detected.kind, max_pages=max_pages, progress=progress)
    warnings = _page_warnings(pages)

    passages = cut_passages(pages)
    if progress:
        progress("passages", len(passages), len(passages))
    total_text = sum(len(passage.text) for passage in passages)
    if total_text < MIN_USEFUL_CHARS and not any(w.code == "scanned_without_ocr" for w in warnings):
        warnings.append(
            DocumentWarning(
                "little_text",
                "Dokument obsahuje jen velmi málo textu; klasifikace nemusí být spolehlivá.",
                "The document contains very little text; the classification may be unreliable.",
            )
        )

    document_language = detect_language(" ".join(passage.text for passage in passages[:50]))
    model = model or default_model()
    results: list[PassageResult] = []
    for number, passage in enumerate(passages):
        # The words of a passage are found once and looked up once (lemma, search key,
        # stopword: memoised per distinct word); language detection, the index terms
        # and the classifier all work from them.
        surfaces = words(passage.text)
        language = (
            detect_language_words(passage.text, surfaces)
            if len(passage.text) >= 200
            else document_language
        )
        scored = model.score(word_infos(surfaces, language), language)
        results.append(
            PassageResult(
                index=number,
                page=passage.page,
                start=passage.start,
                end=passage.end,
                text=passage.text,
                language=language,
                # The search keys of the content words: what the classifier read.
                index_terms=scored.keys,
                areas=model.areas(scored),
            )
        )
        if progress and (number + 1) % 50 == 0:
            progress("classify", number + 1, len(passages))
    if progress:
        progress("classify", len(passages), len(passages))

    facts = find_facts(pages)
    tree = propose_tree(pages)
    if progress:
        progress("facts", 1, 1)

    return DocumentResult(
        kind=detected.kind,
        mime=detected.mime,
        language=document_language,
        page_count=len(pages),
        pages=pages,
        passages=results,
        facts=facts,
        tree=tree,
        profile=concept_profile(results),
        warnings=warnings,
    )


def _page_warnings(pages: list[Page]) -> list[DocumentWarning]:
    warnings = []
    scanned = [page.number for page in pages if not page.has_text_layer and not page.ocr]
    if scanned:
        listed = _page_list(scanned)
        if ocr_available():
            warnings.append(
                DocumentWarning(
                    "ocr_failed",
                    f"Strany bez textové vrstvy se nepodařilo přečíst ani pomocí OCR: {listed}.",
                    f"Pages without a text layer could not be read even with OCR: {listed}.",
                    scanned,
                )
            )
        else:
            warnings.append(
                DocumentWarning(
                    "scanned_without_ocr",
                    f"Strany {listed} jsou naskenované (bez textové vrstvy) a OCR není k dispozici; jejich text nebyl zpracován.",
                    f"Pages {listed} are scanned (no text layer) and OCR is not available; their text was not processed.",
                    scanned,
                )
            )
    ocr_pages = [page.number for page in pages if page.ocr]
    if ocr_pages:
        listed = _page_list(ocr_pages)
        warnings.append(
            DocumentWarning(
                "ocr_used",
                f"Text stran {listed} byl získán pomocí OCR a může obsahovat chyby.",
                f"The text of pages {listed} was obtained by OCR and may contain errors.",
                ocr_pages,
            )
        )
    return warnings


def _page_list(numbers: list[int]) -> str:
    """ "1–3, 7" rather than a list of hundreds of page numbers."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][1] + 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    return ", ".join(str(first) if first == last else f"{first}–{last}" for first, last in runs)


def concept_profile(passages: list[PassageResult]) -> ConceptProfile:
    area_share: defaultdict[str, float] = defaultdict(float)
    none_share = 0.0
    for passage in passages:
        codes = [score.code for score in passage.areas if score.code != NONE]
        if not codes or passage.areas[0].code == NONE:
            none_share += 1
            continue
        for code in codes:
            area_share[code] += 1 / len(codes)
    count = len(passages) or 1
    areas = {code: round(area_share[code] / count, 4) for code in PILLAR_OF_AREA}
    pillars = {
        pillar: round(sum(area_share[code] for code in codes) / count, 4)
        for pillar, codes in PILLARS.items()
    }
    return ConceptProfile(areas, pillars, round(none_share / count, 4), len(passages))
