"""Correcting a passage someone may not correct is answered exactly like a passage that
does not exist: the id tells nothing about whether the passage is there."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from mining import services
from mining.models import Extraction, Passage
from strategies import services as strategy_services
from strategies.tests.factories import make_strategy

from .conftest import make_pdf

PAGES = [["Opatření 1.1 Rozvoj cyklostezek a cyklopruhů ve městě",
          "Město vybuduje síť cyklostezek a bezpečných přechodů pro chodce."]]


def test_another_units_passage_answers_like_a_missing_one(
        client, editor, make_member, media, django_capture_on_commit_callbacks):
    strategy = make_strategy(editor)
    with django_capture_on_commit_callbacks(execute=True):
        result = strategy_services.upload_document(
            editor, strategy, SimpleUploadedFile("plan.pdf", make_pdf(PAGES)))
    services.process(Extraction.objects.get(sha256=result.version.sha256).pk)
    passage = Passage.objects.order_by("index").first()
    missing = Passage.objects.order_by("-pk").first().pk + 1000

    client.force_login(make_member("editor", "586846"))  # Jihlava
    answers = []
    for pk in (passage.pk, missing):
        response = client.post(f"/en/mining/passages/{pk}/correct/",
                               {"areas": ["C4"], "next": "/en/"}, follow=True)
        answers.append((response.redirect_chain, response.status_code))
    assert answers[0] == answers[1] == ([], 404)
    passage.refresh_from_db()
    assert passage.confirmed_areas is None
