"""The passages' stored search keys are recomputed when the key function changes
(migration 0003, search keys v2)."""

from __future__ import annotations

from importlib import import_module
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection

from core.lemmas import index_terms
from mining.models import Extraction, Passage

migration = import_module("mining.migrations.0003_passage_search_keys")


@pytest.mark.django_db
def test_stored_keys_are_computed_again_from_the_text(monkeypatch):
    monkeypatch.setattr(migration, "BATCH", 2)  # several batches
    extraction = Extraction.objects.create(sha256="a" * 64)
    texts = [("Komunitní energetika a bydlení v obci.", "cs"),
             ("Ochrana při povodních.", "cs"),
             ("Flood warnings for residents.", "en")]
    for number, (text, language) in enumerate(texts):
        Passage.objects.create(extraction=extraction, index=number, page=1, start=0,
                               end=len(text), text=text, language=language,
                               terms="komunit bydlet povodn", main_area="NONE")
    migration.recompute_keys(apps, SimpleNamespace(connection=connection))
    assert [(p.terms) for p in Passage.objects.order_by("index")] == [
        " ".join(index_terms(text, language)) for text, language in texts]
    assert "bydlen" in Passage.objects.get(index=0).terms.split()
