"""Demo documents for `seed_demo`: a generated DOCX for a dozen published strategies,
mined straight away so the demo shows passages, profiles and search results.

Texts are assembled from the labelled evaluation set (written for this project), under the
strategy's own structure headings: under each heading passages labelled with the element's
own key areas, so a chapter on transport speaks of transport.
"""

from __future__ import annotations

import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile

from core.workflow import ReviewState
from mining.evaluation import load_examples
from mining.models import Extraction
from mining.services import process

from . import services
from .models import Strategy

DOCUMENTS = 12


def _docx(strategy: Strategy, examples: list, rng: random.Random) -> bytes:
    from docx import Document

    document = Document()
    document.add_heading(strategy.title, level=0)
    document.add_paragraph("Návrhová část strategie")
    for node in strategy.nodes.filter(parent__isnull=True).order_by("position"):
        document.add_heading(f"Vize: {node.title}", level=1)
    texts = [example.text for example in examples]
    for node in (strategy.nodes.exclude(kind="vision").prefetch_related("areas")
                 .order_by("position", "id")):
        label = {"priority": "Priorita", "goal": "Strategický cíl", "measure": "Opatření",
                 "activity": "Aktivita"}[node.kind]
        document.add_heading(f"{label} {node.code} {node.title}", level=2)
        areas = {area.code for area in node.areas.all()}
        fitting = [e.text for e in examples if areas & set(e.labels)] or texts
        for text in rng.sample(fitting, k=min(2, len(fitting))):
            document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def seed(admin, stdout) -> None:
    rng = random.Random(7)
    examples = [example for example in load_examples() if example.labels != ["NONE"]]
    # Always the same strategies (the first published non-national ones), so a second run
    # finds their documents and adds nothing.
    candidates = (Strategy.objects.filter(state=ReviewState.PUBLISHED)
                  .exclude(level="national").order_by("pk")[:DOCUMENTS])
    created = 0
    for strategy in candidates:
        if strategy.documents.exists():
            continue
        data = _docx(strategy, examples, rng)
        result = services.upload_document(
            admin, strategy, SimpleUploadedFile("navrhova-cast.docx", data),
            part="proposal", title="Návrhová část")
        extraction, _new = Extraction.objects.get_or_create(sha256=result.version.sha256)
        process(extraction.pk)  # synchronously: the demo is ready without a worker
        created += 1
    stdout.write(f"documents: {created} uploaded and mined")
