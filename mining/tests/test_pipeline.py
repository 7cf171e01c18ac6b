import pytest

from mining import extract
from mining.errors import MiningError
from mining.pipeline import process_document
from mining.tests.conftest import CZECH_PARAGRAPHS, make_docx, make_pdf, make_zip

STRATEGY_PAGES = [
    [
        "Strategický plán obce Lhota 2021–2027",
        "Prioritní oblast 1: Doprava",
        "Obec vybuduje nové cyklostezky do sousedních obcí a zlepší dopravní obslužnost.",
        "Autobusy budou jezdit častěji a zastávky budou bezbariérové. Náklady 12 500 000 Kč.",
        "Strana 1",
    ],
    [
        "Strategický plán obce Lhota 2021–2027",
        "Prioritní oblast 2: Energetika",
        "Opatření 2.1 Fotovoltaika na budovách",
        "Na střechách školy a úřadu budou fotovoltaické elektrárny, spotřebu energie bude",
        "sledovat energetický manažer. Rozpočet 1,5 mil. Kč v letech 2022 až 2025.",
        "Strana 2",
    ],
    [
        "Strategický plán obce Lhota 2021–2027",
        "Prioritní oblast 3: Odpady",
        "Sběrný dvůr bude rozšířen o re-use centrum a obec zavede svoz bioodpadu od domů.",
        "Strana 3",
    ],
]


def test_pdf_strategy_end_to_end():
    events = []
    result = process_document(
        make_pdf(STRATEGY_PAGES), "lhota.pdf", progress=lambda *args: events.append(args)
    )
    assert result.kind == "pdf" and result.page_count == 3 and result.language == "cs"
    assert not result.warnings
    assert [p.page for p in result.passages] == [1, 2, 3]
    for passage in result.passages:
        assert "Strana" not in passage.text and "Strategický plán obce" not in passage.text
        assert passage.index_terms
        source = result.pages[passage.page - 1].text[passage.start : passage.end]
        assert source.split()[0] == passage.text.split()[0]
    assert [p.main_area for p in result.passages] == ["C4", "B2", "B3"]
    profile = result.profile
    assert (
        profile.areas["C4"]
        == profile.areas["B2"]
        == profile.areas["B3"]
        == pytest.approx(1 / 3, abs=1e-3)
    )
    assert profile.pillars["C"] == pytest.approx(1 / 3, abs=1e-3)
    assert profile.pillars["B"] == pytest.approx(2 / 3, abs=1e-3)
    assert sum(profile.areas.values()) + profile.none == pytest.approx(1, abs=1e-3)
    assert {(a.amount, a.page) for a in result.facts.amounts} == {(12500000, 1), (1500000, 2)}
    assert {(p.start, p.end) for p in result.facts.periods} == {(2021, 2027), (2022, 2025)}
    assert [node.title for node in result.tree] == ["Doprava", "Energetika", "Odpady"]
    assert result.tree[1].children[0].code == "2.1"
    assert {event[0] for event in events} >= {"extract", "passages", "classify", "facts"}


def test_scanned_pdf_gives_a_warning_not_an_error(monkeypatch):
    monkeypatch.setattr(extract.shutil, "which", lambda name: None)
    result = process_document(make_pdf([[], [], []], image_only=True), "sken.pdf")
    assert result.passages == []
    [warning] = result.warnings
    assert warning.code == "scanned_without_ocr"
    assert warning.pages == [1, 2, 3]
    assert "1–3" in warning.message_cs and "OCR" in warning.message_en


def test_partly_scanned_pdf_lists_only_the_scanned_pages(monkeypatch):
    monkeypatch.setattr(extract.shutil, "which", lambda name: None)
    text_pdf = make_pdf(STRATEGY_PAGES)
    # Page 2 of an otherwise textual document is a scan.
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(text_pdf)
    scan = pdfium.PdfDocument(make_pdf([[]], image_only=True))
    document.import_pages(scan, index=1)
    import io

    buffer = io.BytesIO()
    document.save(buffer)
    result = process_document(buffer.getvalue(), "mix.pdf")
    [warning] = result.warnings
    assert warning.pages == [2]


def test_docx_end_to_end():
    result = process_document(make_docx(CZECH_PARAGRAPHS), "strategie.docx")
    assert result.kind == "docx"
    areas = {area.code for passage in result.passages for area in passage.areas}
    assert {"C4", "B2"} <= areas


def test_html_end_to_end_has_no_script_in_passages():
    html = (
        "<html><body><script>alert('x')</script><h2>Doprava</h2><p>"
        + CZECH_PARAGRAPHS[0]
        + "</p></body></html>"
    ).encode()
    result = process_document(html, "strategie.html")
    assert result.kind == "html"
    assert all("alert" not in passage.text for passage in result.passages)
    assert result.passages[0].main_area == "C4"


def test_windows_1250_text_end_to_end():
    result = process_document(CZECH_PARAGRAPHS[1].encode("cp1250"), "energie.txt")
    assert "fotovoltaické elektrárny" in result.passages[0].text
    assert result.passages[0].main_area == "B2"


def test_short_text_gets_a_warning():
    result = process_document("Krátká poznámka.".encode(), "poznamka.txt")
    assert [w.code for w in result.warnings] == ["little_text"]


def _bomb() -> bytes:
    return make_zip(
        {"word/document.xml": b"<w:document>" + b"\x00" * (20 * 1024 * 1024) + b"</w:document>"}
    )


@pytest.mark.parametrize(
    ("name", "make", "code"),
    [
        ("empty.pdf", lambda: b"", "empty"),
        ("program.pdf", lambda: b"MZ" + b"\x00" * 300, "executable"),
        ("archive.pdf", lambda: make_zip({"a.txt": b"hello"}), "unsupported"),
        ("broken.pdf", lambda: b"%PDF-1.7\n" + b"\x13\x37" * 500, "damaged"),
        ("secret.pdf", lambda: make_pdf([["tajné"]], encrypt="pwd"), "encrypted"),
        ("bomb.docx", _bomb, "bomb"),
        ("photo.pdf", lambda: bytes.fromhex("ffd8ffe000104a464946") + b"\x00" * 100, "unsupported"),
    ],
)
def test_bad_inputs_end_as_mining_errors_with_a_reason(name, make, code):
    with pytest.raises(MiningError) as caught:
        process_document(make(), name)
    assert caught.value.code == code
    assert caught.value.reason_cs and caught.value.reason_en


def test_size_and_page_limits():
    with pytest.raises(MiningError) as caught:
        process_document(b"x" * 2000, "big.txt", max_bytes=1000)
    assert caught.value.code == "too_large"
    with pytest.raises(MiningError) as caught:
        process_document(make_pdf([["a"], ["b"], ["c"]]), "long.pdf", max_pages=2)
    assert caught.value.code == "too_many_pages"
