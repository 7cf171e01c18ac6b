import zipfile

import pytest

from mining import detect
from mining.errors import MiningError
from mining.tests.conftest import CZECH_PARAGRAPHS, make_docx, make_odt, make_pdf, make_zip


def rejection(data: bytes) -> MiningError:
    with pytest.raises(MiningError) as caught:
        detect.detect_type(data)
    return caught.value


@pytest.mark.parametrize("data", [b"", b"   \n\t  "])
def test_empty_file_is_rejected(data):
    error = rejection(data)
    assert error.code == "empty"
    assert "prázdný" in error.reason_cs and "empty" in error.reason_en


@pytest.mark.parametrize(
    "data",
    [
        b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200 + b"This program cannot be run in DOS mode",
        b"\x7fELF\x02\x01\x01" + b"\x00" * 100,
    ],
)
def test_executable_is_rejected_whatever_its_name(data):
    error = rejection(data)
    assert error.code == "executable"
    assert "spustitelný" in error.reason_cs and "executable" in error.reason_en


def test_zip_that_is_not_a_document_is_rejected():
    error = rejection(make_zip({"photos/a.jpg": b"\xff\xd8\xff" + b"x" * 100}))
    assert error.code == "unsupported"
    assert "ZIP" in error.reason_en


def test_spreadsheet_zip_is_named_in_the_reason():
    error = rejection(make_zip({"xl/workbook.xml": b"<workbook/>", "[Content_Types].xml": b"<x/>"}))
    assert error.code == "unsupported"
    assert "Spreadsheets" in error.reason_en


def test_encrypted_pdf_is_rejected():
    error = rejection(make_pdf([["Tajný dokument"]], encrypt="heslo"))
    assert error.code == "encrypted"
    assert "heslem" in error.reason_cs and "password" in error.reason_en


def test_damaged_pdf_is_rejected():
    good = make_pdf([["Strategie rozvoje obce"]])
    broken = good[:200] + b"\x00garbage" * 50
    error = rejection(broken)
    assert error.code == "damaged"


def test_docx_decompression_bomb_is_rejected():
    # 30 MB of zeros squeezes into ~30 kB: a ratio of ~1000, far beyond any real document.
    bomb = make_zip(
        {
            "[Content_Types].xml": b"<Types/>",
            "word/document.xml": b"<w:document>" + b"\x00" * (30 * 1024 * 1024) + b"</w:document>",
        }
    )
    assert len(bomb) < 200_000
    error = rejection(bomb)
    assert error.code == "bomb"
    assert "decompression bomb" in error.reason_en


def test_total_uncompressed_size_is_limited(monkeypatch):
    monkeypatch.setattr(detect, "MAX_UNCOMPRESSED_TOTAL", 50_000)
    members = {f"word/media/image{i}.bin": bytes(range(256)) * 100 for i in range(5)}
    members["word/document.xml"] = b"<w:document/>"
    error = rejection(make_zip(members, compression=zipfile.ZIP_STORED))
    assert error.code == "bomb"


def test_unknown_binary_is_rejected_with_its_format_named():
    png = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\x00" * 64
    error = rejection(png)
    assert error.code == "unsupported"
    assert "Portable Network Graphics" in error.reason_en


def test_old_word_format_is_rejected():
    error = rejection(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    assert error.code == "unsupported"
    assert ".doc" in error.reason_en


def test_real_formats_are_recognised_by_content():
    assert detect.detect_type(make_pdf([["Dobrý den"]])).kind == "pdf"
    assert detect.detect_type(make_docx(CZECH_PARAGRAPHS)).kind == "docx"
    assert detect.detect_type(make_odt(CZECH_PARAGRAPHS)).kind == "odt"
    assert (
        detect.detect_type(b"<!DOCTYPE html><html><body><p>Ahoj</p></body></html>").kind == "html"
    )
    assert detect.detect_type("Obyčejný text strategie.".encode()).kind == "txt"
    assert detect.detect_type(b"{\\rtf1\\ansi Hello}").kind == "rtf"
    assert detect.detect_type("Příliš žluťoučký kůň".encode("cp1250")).kind == "txt"
