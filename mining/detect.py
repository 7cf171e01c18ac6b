"""Recognise what an uploaded file really is, from its bytes rather than its name.

Users rename files, browsers guess MIME types and some uploads are hostile, so the file
name is never trusted: a ``.pdf`` that is really a ZIP or an executable is rejected with a
reason the user can act on.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from mining.errors import MiningError

PDF = "pdf"
DOCX = "docx"
ODT = "odt"
HTML = "html"
TXT = "txt"
RTF = "rtf"
KINDS = (PDF, DOCX, ODT, HTML, TXT, RTF)

# Decompression-bomb limits for ZIP-based formats (DOCX, ODT). A 300-page strategy with
# photos is well under 100 MB unpacked; text XML compresses roughly 5-20x.
MAX_UNCOMPRESSED_TOTAL = 200 * 1024 * 1024
MAX_RATIO = 100
RATIO_CHECK_MIN_SIZE = 10 * 1024 * 1024
MAX_ZIP_MEMBERS = 20_000

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"

_HTML_MARKERS = re.compile(
    rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s|<title>|<p[\s>]|<div[\s>]|<table[\s>]",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Detected:
    """The recognised format; ``kind`` is one of ``KINDS``."""

    kind: str
    mime: str


_MIME = {
    PDF: "application/pdf",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ODT: "application/vnd.oasis.opendocument.text",
    HTML: "text/html",
    TXT: "text/plain",
    RTF: "application/rtf",
}


def _reject(code: str, cs: str, en: str) -> MiningError:
    return MiningError(code, cs, en)


def detect_type(data: bytes) -> Detected:
    """Return the document format of ``data`` or raise ``MiningError`` saying why not."""
    # Only small files are checked for being all whitespace: stripping copies the data.
    if not data or (len(data) <= 65536 and not data.strip()):
        raise _reject("empty", "Soubor je prázdný.", "The file is empty.")

    head = data[:1024]
    if head.startswith(b"MZ") or head.startswith(b"\x7fELF") or head[:4] in _MACHO_MAGICS:
        raise _reject(
            "executable",
            "Soubor je spustitelný program, ne dokument; takový soubor nelze nahrát.",
            "The file is an executable program, not a document; it cannot be uploaded.",
        )
    # PDF readers accept the header anywhere in the first kilobyte; so do we.
    if b"%PDF-" in head:
        check_pdf(data)
        return Detected(PDF, _MIME[PDF])
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        kind = _detect_zip_document(data)
        return Detected(kind, _MIME[kind])
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise _reject(
            "unsupported",
            "Starý formát Microsoft Office (.doc/.xls) není podporován; uložte dokument jako DOCX nebo PDF.",
            "The old Microsoft Office format (.doc/.xls) is not supported; save the document as DOCX or PDF.",
        )
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf"):
        return Detected(RTF, _MIME[RTF])
    if _looks_like_text(data):
        if _HTML_MARKERS.search(data[:8192]):
            return Detected(HTML, _MIME[HTML])
        return Detected(TXT, _MIME[TXT])
    name = _describe_binary(data)
    what = f" ({name})" if name else ""
    raise _reject(
        "unsupported",
        f"Nepodporovaný formát souboru{what}; nahrajte PDF, DOCX, ODT, HTML, RTF nebo TXT.",
        f"Unsupported file format{what}; upload PDF, DOCX, ODT, HTML, RTF or TXT.",
    )


_MACHO_MAGICS = {
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
}


def check_pdf(data: bytes) -> None:
    """Open the PDF once so encrypted or broken files are refused before any work starts."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_raw

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if error.err_code in (pdfium_raw.FPDF_ERR_PASSWORD, pdfium_raw.FPDF_ERR_SECURITY):
            raise encrypted_pdf_error() from error
        raise damaged_pdf_error() from error
    document.close()


def encrypted_pdf_error() -> MiningError:
    return _reject(
        "encrypted",
        "PDF je zašifrované (chráněné heslem); nahrajte prosím verzi bez hesla.",
        "The PDF is encrypted (password protected); please upload a version without a password.",
    )


def damaged_pdf_error() -> MiningError:
    return _reject(
        "damaged",
        "PDF je poškozené a nelze jej přečíst.",
        "The PDF is damaged and cannot be read.",
    )


def _detect_zip_document(data: bytes) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise _reject(
            "damaged",
            "Soubor vypadá jako ZIP (DOCX/ODT), ale je poškozený.",
            "The file looks like a ZIP (DOCX/ODT) but is damaged.",
        ) from error
    with archive:
        check_zip_bomb(archive)
        names = set(archive.namelist())
        if "word/document.xml" in names:
            return DOCX
        if "mimetype" in names and "content.xml" in names:
            mimetype = archive.read("mimetype").strip()
            if mimetype == ODT_MIMETYPE:
                return ODT
            raise _reject(
                "unsupported",
                "Jde o dokument OpenDocument jiného typu než text (ODT); nahrajte textový dokument.",
                "This is an OpenDocument file other than text (ODT); upload a text document.",
            )
        if "xl/workbook.xml" in names or "ppt/presentation.xml" in names:
            raise _reject(
                "unsupported",
                "Tabulky a prezentace nejsou podporovány; nahrajte textový dokument (PDF, DOCX, ODT).",
                "Spreadsheets and presentations are not supported; upload a text document (PDF, DOCX, ODT).",
            )
    raise _reject(
        "unsupported",
        "Soubor je archiv ZIP, nikoli dokument DOCX nebo ODT.",
        "The file is a ZIP archive, not a DOCX or ODT document.",
    )


def check_zip_bomb(archive: zipfile.ZipFile) -> None:
    """Refuse archives whose declared sizes would blow up memory when unpacked.

    The central directory's declared sizes are binding: CPython's ``ZipExtFile`` never
    returns more than ``file_size`` bytes for a member, so a member that lies about its size
    cannot unpack beyond what is checked here.
    """
    members = archive.infolist()
    if len(members) > MAX_ZIP_MEMBERS:
        raise _bomb_error()
    total = 0
    for member in members:
        total += member.file_size
        if total > MAX_UNCOMPRESSED_TOTAL:
            raise _bomb_error()
        if member.file_size > RATIO_CHECK_MIN_SIZE:
            ratio = member.file_size / max(member.compress_size, 1)
            if ratio > MAX_RATIO:
                raise _bomb_error()


def _bomb_error() -> MiningError:
    return _reject(
        "bomb",
        "Soubor se po rozbalení nepřiměřeně zvětšuje (tzv. dekompresní bomba) a nebyl zpracován.",
        "The file expands out of proportion when unpacked (a decompression bomb) and was not processed.",
    )


def _looks_like_text(data: bytes) -> bool:
    sample = data[:65536]
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True  # UTF-16 with a byte-order mark
    if b"\x00" in sample:
        return False
    control = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 12, 13))
    return control <= len(sample) * 0.01


def _describe_binary(data: bytes) -> str | None:
    """Name the binary format for the message, e.g. 'PNG image', when puremagic knows it."""
    try:
        import puremagic

        matches = puremagic.magic_string(data[:8192])
    except Exception:  # noqa: BLE001 - naming the format is a courtesy, never a failure
        return None
    if matches:
        best = matches[0]
        return best.name or best.mime_type or best.extension or None
    return None
