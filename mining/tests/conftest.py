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


class S3Server:
    """An S3-compatible server (moto's server mode) on a free loopback port."""

    def __init__(self, endpoint: str):
        import boto3

        self.endpoint = endpoint
        self.client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                                   aws_access_key_id="testing",
                                   aws_secret_access_key="testing")

    def new_bucket(self) -> dict[str, str]:
        """A new empty bucket; returns the environment that points the platform at it."""
        import uuid

        bucket = f"smart-{uuid.uuid4().hex[:12]}"
        self.client.create_bucket(Bucket=bucket)
        return {"STORAGE_BACKEND": "s3", "AWS_STORAGE_BUCKET_NAME": bucket,
                "AWS_S3_ENDPOINT_URL": self.endpoint, "AWS_S3_REGION_NAME": "us-east-1",
                "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                "AWS_LOCATION": "smart"}

    def keys(self, env: dict[str, str]) -> list[str]:
        listing = self.client.list_objects_v2(Bucket=env["AWS_STORAGE_BUCKET_NAME"])
        return [item["Key"] for item in listing.get("Contents", [])]

    @staticmethod
    def use(settings, env: dict[str, str]) -> None:
        """Store this process's files in the bucket of `env` (as the settings would)."""
        from smartplatform.settings import default_storage_from

        settings.STORAGES = {**settings.STORAGES, "default": default_storage_from(env)}


@pytest.fixture
def s3_server():
    pytest.importorskip("boto3")
    threaded = pytest.importorskip("moto.moto_server.threaded_moto_server")
    server = threaded.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield S3Server(f"http://{host}:{port}")
    finally:
        server.stop()
