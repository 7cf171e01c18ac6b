"""Turn a document's bytes into plain text, page by page.

Every extractor returns ``list[Page]`` with 1-based page numbers. Formats without a fixed
layout (DOCX, ODT, HTML, TXT, RTF) become one logical page unless the author put explicit
page breaks in (Word page breaks, LibreOffice's soft page breaks, form feeds in text).
"""

from __future__ import annotations

import io
import logging
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser

from mining import detect
from mining.errors import MiningError

logger = logging.getLogger(__name__)

ProgressCallback = Callable[[str, int, int], None]

DEFAULT_MAX_PAGES = 3000
# Rendering for OCR at 300 dpi: PDF user space is 72 units per inch.
OCR_SCALE = 300 / 72
OCR_TIMEOUT_SECONDS = 120


@dataclass
class Page:
    """Text of one page; ``number`` is 1-based.

    ``has_text_layer`` is False for a page that carried no extractable text (typically a
    scan); ``ocr`` tells whether ``text`` came from OCR instead.
    """

    number: int
    text: str
    has_text_layer: bool = True
    ocr: bool = False


def extract_pages(
    data: bytes,
    kind: str | None = None,
    *,
    max_pages: int = DEFAULT_MAX_PAGES,
    ocr: bool = True,
    progress: ProgressCallback | None = None,
) -> list[Page]:
    """Extract ``data`` (format ``kind``, detected from content when None) into pages."""
    if kind is None:
        kind = detect.detect_type(data).kind
    if kind == detect.PDF:
        return list(iter_pdf_pages(data, max_pages=max_pages, ocr=ocr, progress=progress))
    extractor = _EXTRACTORS.get(kind)
    if extractor is None:
        raise MiningError(
            "unsupported", f"Nepodporovaný formát: {kind}.", f"Unsupported format: {kind}."
        )
    try:
        pages = extractor(data)
    except MiningError:
        raise
    except Exception as error:  # noqa: BLE001 - any parser failure means a damaged file
        logger.info("extraction of %s failed: %r", kind, error)
        raise MiningError(
            "damaged",
            f"Soubor ({kind.upper()}) je poškozený a nelze jej přečíst.",
            f"The file ({kind.upper()}) is damaged and cannot be read.",
        ) from error
    if len(pages) > max_pages:
        raise _too_many_pages(len(pages), max_pages)
    if progress:
        progress("extract", len(pages), len(pages))
    return pages


def _too_many_pages(count: int, limit: int) -> MiningError:
    return MiningError(
        "too_many_pages",
        f"Dokument má {count} stran, víc než povolených {limit}.",
        f"The document has {count} pages, more than the allowed {limit}.",
    )


# --------------------------------------------------------------------------- PDF


def iter_pdf_pages(
    data: bytes,
    *,
    max_pages: int = DEFAULT_MAX_PAGES,
    ocr: bool = True,
    progress: ProgressCallback | None = None,
) -> Iterator[Page]:
    """Yield pages one at a time, closing each PDFium page before the next is loaded.

    Keeping only one page open is what keeps a 1,000-page document's memory flat.
    """
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_raw

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if error.err_code in (pdfium_raw.FPDF_ERR_PASSWORD, pdfium_raw.FPDF_ERR_SECURITY):
            raise detect.encrypted_pdf_error() from error
        raise detect.damaged_pdf_error() from error
    try:
        count = len(document)
        if count == 0:
            raise MiningError(
                "empty", "PDF neobsahuje žádnou stranu.", "The PDF contains no pages."
            )
        if count > max_pages:
            raise _too_many_pages(count, max_pages)
        tesseract = shutil.which("tesseract") if ocr else None
        for index in range(count):
            try:
                page = document[index]
            except pdfium.PdfiumError as error:
                raise detect.damaged_pdf_error() from error
            try:
                text = _pdf_page_text(page)
                has_text = bool(text.strip())
                used_ocr = False
                if not has_text and tesseract:
                    text = _ocr_page(page, tesseract)
                    used_ocr = bool(text.strip())
            finally:
                page.close()
            yield Page(index + 1, text, has_text_layer=has_text, ocr=used_ocr)
            if progress:
                progress("extract", index + 1, count)
    finally:
        document.close()


def _pdf_page_text(page) -> str:
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range()
    finally:
        textpage.close()
    # PDFium reports CRLF line ends, and marks a hyphen that ended a line with U+FFFE
    # (dropping the line break): "rozvo\ufffejové". A lowercase continuation means a word
    # split by hyphenation, so it is joined; otherwise the hyphen was real ("Česko-Slovensko").
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    text = _PDFIUM_LINE_HYPHEN.sub(lambda match: "" if match.group(1).islower() else "-", text)
    return text.replace("\ufffe", "-").replace("\x02", "-")


_PDFIUM_LINE_HYPHEN = re.compile(r"[\ufffe\x02](?=(\w))")


def _ocr_page(page, tesseract: str) -> str:
    """OCR one rendered page with the Tesseract CLI; any failure just yields no text."""
    try:
        bitmap = page.render(scale=OCR_SCALE, grayscale=True)
        image = bitmap.to_pil()
    except Exception:  # noqa: BLE001 - Pillow missing or render failure: no OCR for this page
        logger.info("OCR rendering failed", exc_info=True)
        return ""
    handle, path = tempfile.mkstemp(suffix=".png")
    os.close(handle)
    try:
        image.save(path)
        languages = _tesseract_languages(tesseract)
        result = subprocess.run(  # noqa: S603 - fixed argument list, no shell
            [tesseract, path, "stdout", "-l", languages],
            capture_output=True,
            timeout=OCR_TIMEOUT_SECONDS,
            check=False,
        )
        if result.returncode != 0:
            return ""
        return result.stdout.decode("utf-8", errors="replace")
    except (OSError, subprocess.TimeoutExpired):
        return ""
    finally:
        os.unlink(path)


_tesseract_language_cache: dict[str, str] = {}


def _tesseract_languages(tesseract: str) -> str:
    """Use Czech and English data when installed, whatever exists otherwise."""
    if tesseract not in _tesseract_language_cache:
        try:
            listed = subprocess.run(  # noqa: S603 - fixed argument list, no shell
                [tesseract, "--list-langs"], capture_output=True, timeout=30, check=False
            ).stdout.decode("utf-8", errors="replace")
        except (OSError, subprocess.TimeoutExpired):
            listed = ""
        available = set(listed.split())
        wanted = [lang for lang in ("ces", "eng") if lang in available]
        _tesseract_language_cache[tesseract] = "+".join(wanted) or "eng"
    return _tesseract_language_cache[tesseract]


def ocr_available() -> bool:
    return shutil.which("tesseract") is not None


# --------------------------------------------------------------------------- DOCX

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def extract_docx(data: bytes) -> list[Page]:
    """Body paragraphs and tables in document order; explicit page breaks start a new page."""
    import docx

    document = docx.Document(io.BytesIO(data))
    pages: list[list[str]] = [[]]
    for element in document.element.body.iterchildren():
        if element.tag == _W + "p":
            _docx_paragraph(element, pages)
        elif element.tag == _W + "tbl":
            for row in element.iter(_W + "tr"):
                cells = []
                for cell in row.iter(_W + "tc"):
                    cell_text = " ".join(
                        _docx_run_text(paragraph) for paragraph in cell.iter(_W + "p")
                    ).strip()
                    if cell_text:
                        cells.append(cell_text)
                if cells:
                    pages[-1].append(" | ".join(cells))
    return _pages_from_blocks(pages)


def _docx_paragraph(paragraph, pages: list[list[str]]) -> None:
    properties = paragraph.find(_W + "pPr")
    if properties is not None:
        before = properties.find(_W + "pageBreakBefore")
        if before is not None and before.get(_W + "val", "true") not in ("0", "false"):
            pages.append([])
    parts: list[str] = []
    for node in paragraph.iter():
        if node.tag == _W + "t":
            parts.append(node.text or "")
        elif node.tag == _W + "tab":
            parts.append("\t")
        elif node.tag in (_W + "br", _W + "cr"):
            if node.get(_W + "type") == "page":
                pages[-1].append("".join(parts))
                parts = []
                pages.append([])
            else:
                parts.append("\n")
    pages[-1].append("".join(parts))


def _docx_run_text(paragraph) -> str:
    return "".join(node.text or "" for node in paragraph.iter(_W + "t"))


def _pages_from_blocks(pages: list[list[str]]) -> list[Page]:
    """Paragraphs are separated by blank lines so passage cutting sees their boundaries."""
    texts = ["\n\n".join(block for block in blocks if block.strip()) for blocks in pages]
    # Drop empty pages that page breaks at the very start or end would otherwise create.
    while len(texts) > 1 and not texts[-1].strip():
        texts.pop()
    while len(texts) > 1 and not texts[0].strip():
        texts.pop(0)
    return [Page(number, text) for number, text in enumerate(texts, start=1)]


# --------------------------------------------------------------------------- ODT


def extract_odt(data: bytes) -> list[Page]:
    """Paragraphs and headings in order; LibreOffice's soft page breaks split pages."""
    from odf import teletype
    from odf.namespaces import TEXTNS
    from odf.opendocument import load

    document = load(io.BytesIO(data))
    pages: list[list[str]] = [[]]

    def walk(node) -> None:
        for child in node.childNodes:
            qname = getattr(child, "qname", None)
            if qname in ((TEXTNS, "p"), (TEXTNS, "h")):
                if (
                    any(
                        getattr(grandchild, "qname", None) == (TEXTNS, "soft-page-break")
                        for grandchild in child.childNodes
                    )
                    and pages[-1]
                ):
                    pages.append([])
                pages[-1].append(teletype.extractText(child))
            elif qname == (TEXTNS, "soft-page-break"):
                if pages[-1]:
                    pages.append([])
            elif child.nodeType == child.ELEMENT_NODE:
                walk(child)

    walk(document.text)
    return _pages_from_blocks(pages)


# --------------------------------------------------------------------------- HTML

_BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
    "main", "nav", "ol", "p", "pre", "section", "table", "tr", "ul", "title",
}  # fmt: skip
_SKIPPED_TAGS = {"script", "style", "noscript", "template", "svg", "iframe", "object", "head"}


class _TextCollector(HTMLParser):
    """Collects visible text; the content of scripts, styles and similar is never kept."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0
        self.in_title = False

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "title":
            self.in_title = True
        elif tag == "body":
            self.skip_depth = 0  # sloppy pages omit </head>; the body is always content
        elif tag in _SKIPPED_TAGS:
            self.skip_depth += 1
        if tag in _BLOCK_TAGS:
            self.parts.append("\n\n")
        elif tag == "br":
            self.parts.append(" ")
        elif tag in ("td", "th"):
            self.parts.append(" | ")

    def handle_startendtag(self, tag: str, attrs) -> None:
        self.parts.append(" " if tag == "br" else "\n\n" if tag in _BLOCK_TAGS else "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        elif tag in _SKIPPED_TAGS and self.skip_depth:
            self.skip_depth -= 1
        if tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        # The title sits inside <head>, which is otherwise skipped.
        if self.in_title or not self.skip_depth:
            self.parts.append(data)


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-:.]+)""", re.I)


def extract_html(data: bytes) -> list[Page]:
    declared = _META_CHARSET.search(data[:4096])
    text = decode_text(data, declared.group(1).decode("ascii") if declared else None)
    collector = _TextCollector()
    collector.feed(text)
    collector.close()
    body = "".join(collector.parts)
    # Whitespace inside a block is layout, not content; keep paragraph breaks only.
    blocks = [re.sub(r"\s+", " ", block).strip() for block in re.split(r"\n\s*\n", body)]
    return [Page(1, "\n\n".join(block for block in blocks if block))]


# --------------------------------------------------------------------------- TXT

_CZECH_LETTERS = set("áčďéěíňóřšťúůýžÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ")
# Characters a Czech text practically never contains, but which a wrong single-byte code
# page produces from Czech letters (e.g. Windows-1250 read as ISO 8859-2 or Windows-1252).
_SUSPICIOUS = set("¹º»¼¾ąĄśŚźŹĽľÈèìÌòÒùÙøØ¦¨©«®°±²³´µ¶·¸ŕŔĺĹĆćęĘăĂőŐűŰţŢ") | {
    chr(code) for code in range(0x80, 0xA0)
}


def decode_text(data: bytes, declared: str | None = None) -> str:
    """Decode text bytes: BOM, then declared charset, then UTF-8, then the best Czech guess."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    if declared:
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    candidates = ["cp1250", "iso-8859-2"]
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:200_000]).best()
        if best is not None and best.encoding not in candidates:
            candidates.append(best.encoding)
    except Exception:  # noqa: BLE001 - the detector is only an extra candidate
        logger.info("charset-normalizer failed", exc_info=True)
    candidates.append("cp1252")
    # Czech documents outside UTF-8 are nearly always Windows-1250 or ISO 8859-2, which
    # general detectors confuse; score each decoding by Czech letters minus garbage.
    sample = data[:200_000]
    best_text, best_score = None, None
    for encoding in candidates:
        try:
            decoded = sample.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
        score = sum(1 for char in decoded if char in _CZECH_LETTERS) - 3 * sum(
            1 for char in decoded if char in _SUSPICIOUS
        )
        if best_score is None or score > best_score:
            best_text, best_score = encoding, score
    encoding = best_text or "cp1250"
    return data.decode(encoding, errors="replace")


def extract_txt(data: bytes) -> list[Page]:
    text = decode_text(data).replace("\r\n", "\n").replace("\r", "\n")
    # A form feed is the plain-text page break (pdftotext and old printers use it).
    chunks = text.split("\f")
    while len(chunks) > 1 and not chunks[-1].strip():
        chunks.pop()
    return [Page(number, chunk) for number, chunk in enumerate(chunks, start=1)]


# --------------------------------------------------------------------------- RTF

_RTF_CODEPAGE = re.compile(rb"\\ansicpg(\d+)")


def extract_rtf(data: bytes) -> list[Page]:
    from striprtf.striprtf import rtf_to_text

    match = _RTF_CODEPAGE.search(data[:4096])
    encoding = f"cp{match.group(1).decode()}" if match else "cp1252"
    try:
        "".encode(encoding)
    except LookupError:
        encoding = "cp1252"
    # RTF itself is 7-bit ASCII; \'xx escapes are decoded by striprtf with the code page.
    source = data.decode("latin-1")
    text = rtf_to_text(source, encoding=encoding, errors="replace")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [Page(1, text)]


_EXTRACTORS: dict[str, Callable[[bytes], list[Page]]] = {
    detect.DOCX: extract_docx,
    detect.ODT: extract_odt,
    detect.HTML: extract_html,
    detect.TXT: extract_txt,
    detect.RTF: extract_rtf,
}
