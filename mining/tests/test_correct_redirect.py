"""After correcting a passage the editor goes back to the page they came from, never to
another site (the form's `next` is checked like every `next`)."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from mining import services
from mining.models import Extraction, Passage
from strategies import services as strategy_services
from strategies.tests.factories import make_strategy

from .conftest import make_pdf

PAGES = [["Opatření 1.1 Rozvoj cyklostezek a cyklopruhů ve městě",
          "Město vybuduje síť cyklostezek a bezpečných přechodů pro chodce."]]


def test_correcting_a_passage_never_redirects_off_the_site(
        client, editor, media, django_capture_on_commit_callbacks):
    strategy = make_strategy(editor)
    with django_capture_on_commit_callbacks(execute=True):
        result = strategy_services.upload_document(
            editor, strategy, SimpleUploadedFile("plan.pdf", make_pdf(PAGES)))
    services.process(Extraction.objects.get(sha256=result.version.sha256).pk)
    passage = Passage.objects.order_by("index").first()
    url = f"/en/mining/passages/{passage.pk}/correct/"
    client.force_login(editor)
    back = f"/en/strategies/documents/{result.version.document_id}/#passage-{passage.pk}"
    assert client.post(url, {"areas": ["C4"], "next": back})["Location"] == back
    for target in ("https://evil.example/x", "//evil.example/x", "/\\evil.example/x",
                   "javascript:alert(1)", "http:///evil.example/"):
        response = client.post(url, {"areas": ["C4"], "next": target})
        assert response.status_code == 302 and response["Location"] == "/", target
