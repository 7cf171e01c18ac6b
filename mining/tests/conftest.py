"""Test documents are generated here, in memory, so no binary fixtures live in the repo."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing():
    """Shadow the project-wide autouse fixture of the same name, which needs pytest-django.

    Mining is pure code and its tests run with ``-p no:django``; nothing here hashes
    passwords.
    """
    yield


@pytest.fixture
def editor(reference_data, make_member):
    """An editor of České Budějovice (for the tests that store documents)."""
    return make_member("editor", "544256")


@pytest.fixture
def media(settings, tmp_path):
    """Uploaded files go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


FONT_PATH = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def _register_font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "DejaVu" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVu", str(FONT_PATH)))
    return "DejaVu"


def make_pdf(
    pages: list[list[str]], *, encrypt: str | None = None, image_only: bool = False
) -> bytes:
    """A PDF whose page i shows the lines pages[i] (DejaVu font, so Czech letters work)."""
    from reportlab.pdfgen import canvas

    if not FONT_PATH.exists():
        pytest.skip("DejaVuSans font not installed")
    font = _register_font()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, encrypt=encrypt)
    for lines in pages:
        if image_only:
            # A filled shape and no text objects: what a scan looks like to a text extractor.
            pdf.setFillGray(0.5)
            pdf.rect(72, 400, 300, 200, fill=1)
        else:
            pdf.setFont(font, 10)
            y = 800
            for line in lines:
                pdf.drawString(60, y, line)
                y -= 14
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def make_docx(paragraphs: list[str], *, page_break_after: int | None = None, table=None) -> bytes:
    import docx

    document = docx.Document()
    for number, text in enumerate(paragraphs):
        document.add_paragraph(text)
        if page_break_after is not None and number == page_break_after:
            document.add_page_break()
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for row_number, row in enumerate(table):
            for column, value in enumerate(row):
                grid.cell(row_number, column).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_odt(paragraphs: list[str]) -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.text import H, P

    document = OpenDocumentText()
    document.text.addElement(H(outlinelevel=1, text="Strategie obce"))
    for text in paragraphs:
        document.text.addElement(P(text=text))
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def make_zip(members: dict[str, bytes], *, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


CZECH_PARAGRAPHS = [
    "Město zlepší veřejnou dopravu a vybuduje nové cyklostezky podél řeky. Autobusy "
    "městské hromadné dopravy budou jezdit častěji a zastávky dostanou informační panely.",
    "Energetický management města sníží spotřebu energie ve školách. Na střechách budou "
    "instalovány fotovoltaické elektrárny a staré kotle nahradí tepelná čerpadla.",
]
