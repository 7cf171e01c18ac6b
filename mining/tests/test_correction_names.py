"""The passage-correction form names the key areas: each checkbox is labelled with the
area's name in the page's language, its code beside it as the secondary mark."""

from __future__ import annotations

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from concept.models import KeyArea
from mining import services
from mining.models import Extraction, Passage
from strategies import services as strategy_services
from strategies.tests.factories import make_strategy

from .conftest import make_pdf

PAGES = [["Opatření 1.1 Rozvoj cyklostezek a cyklopruhů ve městě",
          "Město vybuduje síť cyklostezek a bezpečných přechodů pro chodce."]]


def test_correction_checkboxes_show_area_names_with_codes_beside(
        client, editor, media, django_capture_on_commit_callbacks):
    strategy = make_strategy(editor)
    with django_capture_on_commit_callbacks(execute=True):
        result = strategy_services.upload_document(
            editor, strategy, SimpleUploadedFile("plan.pdf", make_pdf(PAGES)))
    services.process(Extraction.objects.get(sha256=result.version.sha256).pk)
    passage = Passage.objects.order_by("index").first()
    client.force_login(editor)
    for language in ("cs", "en"):
        with translation.override(language):
            url = result.version.document.get_absolute_url()
            html = client.get(url).content.decode()
            form = html[html.index(f'action="{reverse("mining:correct", args=[passage.pk])}"'):]
            form = form[:form.index("</form>")]
            labels = re.findall(r'<label class="inline-check">(.*?)</label>', form, re.S)
            areas = list(KeyArea.objects.order_by("position"))
            assert len(labels) == len(areas) == 16
            for label, area in zip(labels, areas, strict=True):
                text = " ".join(re.sub(r"<[^>]+>", " ", label).split())
                assert text == f"{area.name} {area.code}", text
                assert area.name != area.code
                assert f'<span class="muted">{area.code}</span>' in label
