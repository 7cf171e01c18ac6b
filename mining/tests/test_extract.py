import pytest

from mining import extract
from mining.errors import MiningError
from mining.extract import extract_pages
from mining.tests.conftest import CZECH_PARAGRAPHS, make_docx, make_odt, make_pdf, make_zip


def test_pdf_pages_keep_czech_letters_and_numbers():
    pdf = make_pdf([["Příliš žluťoučký kůň úpěl ďábelské ódy."], ["Druhá strana: ŘEŠENÍ"]])
    pages = extract_pages(pdf)
    assert [page.number for page in pages] == [1, 2]
    assert "Příliš žluťoučký kůň úpěl ďábelské ódy." in pages[0].text
    assert "ŘEŠENÍ" in pages[1].text
    assert all(page.has_text_layer for page in pages)


def test_pdf_line_end_hyphenation_is_joined_but_real_hyphens_stay():
    pdf = make_pdf([["Rozvo-", "jové priority a Frýdek-", "Místek"]])
    text = extract_pages(pdf)[0].text
    assert "Rozvojové" in text
    assert "Frýdek-Místek" in text


def test_pdf_page_limit():
    pdf = make_pdf([["strana"]] * 5)
    with pytest.raises(MiningError) as caught:
        extract_pages(pdf, max_pages=4)
    assert caught.value.code == "too_many_pages"
    assert len(extract_pages(pdf, max_pages=5)) == 5


def test_pdf_pages_are_produced_lazily():
    # The generator must not read page 2 before page 1 is consumed (memory stays flat).
    pages = extract.iter_pdf_pages(make_pdf([["jedna"], ["dvě"]]))
    first = next(pages)
    assert first.number == 1 and "jedna" in first.text
    assert next(pages).number == 2


def test_image_only_pdf_is_flagged_without_ocr(monkeypatch):
    monkeypatch.setattr(extract.shutil, "which", lambda name: None)
    pages = extract_pages(make_pdf([[], []], image_only=True))
    assert [page.has_text_layer for page in pages] == [False, False]
    assert [page.ocr for page in pages] == [False, False]
    assert all(not page.text.strip() for page in pages)


def test_encrypted_pdf_is_refused_by_the_extractor_too():
    with pytest.raises(MiningError) as caught:
        list(extract.iter_pdf_pages(make_pdf([["x"]], encrypt="pwd")))
    assert caught.value.code == "encrypted"


def test_docx_paragraphs_tables_and_page_breaks():
    docx = make_docx(
        ["První strana strategie.", "Stále první strana.", "Druhá strana."],
        page_break_after=1,
        table=[["Opatření", "Rozpočet"], ["Cyklostezka", "1,5 mil. Kč"]],
    )
    pages = extract_pages(docx)
    assert len(pages) == 2
    assert "První strana strategie." in pages[0].text and "Stále první strana." in pages[0].text
    assert "Druhá strana." in pages[1].text
    assert "Cyklostezka | 1,5 mil. Kč" in pages[1].text


def test_damaged_docx_is_reported_as_damaged():
    broken = make_zip({"word/document.xml": b"<not really xml", "[Content_Types].xml": b"<bad"})
    with pytest.raises(MiningError) as caught:
        extract_pages(broken)
    assert caught.value.code == "damaged"


def test_odt_text():
    pages = extract_pages(make_odt(CZECH_PARAGRAPHS))
    assert len(pages) == 1
    assert pages[0].text.startswith("Strategie obce")
    assert "fotovoltaické elektrárny" in pages[0].text


def test_html_drops_scripts_styles_and_markup():
    html = (
        "<html><head><title>Strategie</title><style>p {color: red}</style>"
        "<script>var secret = 'alert(1)';</script></head><body>"
        "<h1>Doprava</h1><p>Nové <b>cyklostezky</b> &amp; chodníky.</p>"
        "<script type='text/javascript'>document.write('injected')</script>"
        "<noscript>Zapněte JavaScript</noscript></body></html>"
    ).encode()
    text = extract_pages(html)[0].text
    assert "Nové cyklostezky & chodníky." in text
    assert "Doprava" in text and "Strategie" in text
    for unwanted in ("secret", "alert", "injected", "color", "<", "JavaScript"):
        assert unwanted not in text


def test_html_without_closing_head_keeps_the_body():
    html = b"<html><head><title>T</title><body><p>Obsah strategie.</p></body></html>"
    assert "Obsah strategie." in extract_pages(html)[0].text


def test_windows_1250_text_is_decoded_correctly():
    original = "Příliš žluťoučký kůň úpěl ďábelské ódy. Šťastná Žofie řídí ŠKODU."
    assert extract_pages(original.encode("cp1250"))[0].text == original


def test_iso_8859_2_text_is_decoded_correctly():
    original = "Strategie města Šumperk: žádost o dotaci na úspory energie."
    assert extract_pages(original.encode("iso-8859-2"))[0].text == original


def test_utf8_with_bom_and_form_feed_pages():
    data = "\ufeffStrana jedna\fStrana dvě\f".encode()
    pages = extract_pages(data)
    assert [page.text for page in pages] == ["Strana jedna", "Strana dvě"]


def test_rtf_with_czech_code_page():
    rtf = rb"{\rtf1\ansi\ansicpg1250{\fonttbl{\f0 Arial;}}\f0 P\'f8\'edli\'9a \'9elu\'9dou\'e8k\'fd k\'f9\'f2\par}"
    assert "Příliš žluťoučký kůň" in extract_pages(rtf)[0].text


def test_pages_without_text_are_ocred_when_tesseract_exists(tmp_path, monkeypatch):
    # A stand-in for the tesseract CLI: checks it got an image and prints recognised text.
    fake = tmp_path / "tesseract"
    fake.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = "--list-langs" ]; then printf "List of languages:\\nces\\neng\\n"; exit 0; fi\n'
        'test -s "$1" || exit 1\n'
        'echo "Rozpoznaný text strany ($4)"\n'
    )
    fake.chmod(0o755)
    monkeypatch.setattr(extract.shutil, "which", lambda name: str(fake))
    monkeypatch.setattr(extract, "_tesseract_language_cache", {})
    pages = extract_pages(make_pdf([["Textová strana"], []], image_only=False))
    assert pages[0].text.strip() == "Textová strana" and not pages[0].ocr
    assert pages[1].has_text_layer is False
    assert pages[1].ocr is True
    assert pages[1].text.strip() == "Rozpoznaný text strany (ces+eng)"


def test_failing_ocr_leaves_the_page_flagged(tmp_path, monkeypatch):
    fake = tmp_path / "tesseract"
    fake.write_text("#!/bin/sh\nexit 3\n")
    fake.chmod(0o755)
    monkeypatch.setattr(extract.shutil, "which", lambda name: str(fake))
    monkeypatch.setattr(extract, "_tesseract_language_cache", {})
    [page] = extract_pages(make_pdf([[]], image_only=True))
    assert (page.has_text_layer, page.ocr, page.text) == (False, False, "")


def test_real_tesseract_reads_a_scanned_czech_page():
    """With Debian's tesseract-ocr and tesseract-ocr-ces installed, a page that is only an
    image of Czech text comes out as text (diacritics included)."""
    import io
    import shutil

    import pytest
    from PIL import Image, ImageDraw, ImageFont
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    from mining.extract import extract_pages

    if shutil.which("tesseract") is None:
        pytest.skip("tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-ces)")
    font_path = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    image = Image.new("L", (1700, 500), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(font_path, 56)
    draw.text((60, 80), "Rozvoj cyklistické dopravy", font=font, fill=0)
    draw.text((60, 220), "a úspory energie ve městě", font=font, fill=0)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawImage(ImageReader(image), 40, 500, width=520, height=153)
    pdf.showPage()
    pdf.save()
    pages = extract_pages(buffer.getvalue())
    assert pages[0].ocr and not pages[0].has_text_layer
    text = pages[0].text.lower()
    assert "cyklistické" in text and "energie" in text
