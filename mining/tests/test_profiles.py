"""Concept profiles of strategies and their averages, read for many strategies at once."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mining.models import Extraction
from strategies import profiles
from strategies import services as strategy_services
from strategies.tests.factories import make_strategy

pytestmark = pytest.mark.django_db


def mined(editor, title: str, profiles: list[dict]):
    """A strategy with one document per profile, as if the worker had mined each file."""
    strategy = make_strategy(editor, title=title)
    for number, profile in enumerate(profiles):
        upload = SimpleUploadedFile(f"{title}-{number}.txt",
                                    f"Dokument {title} {number}: doprava.".encode())
        version = strategy_services.upload_document(editor, strategy, upload).version
        Extraction.objects.update_or_create(sha256=version.sha256, defaults={
            "status": Extraction.Status.DONE, "profile": profile})
    return strategy


def test_profiles_and_average_of_many_strategies_in_a_fixed_number_of_queries(
        editor, media, django_assert_num_queries):
    one = mined(editor, "A", [{"passages": 3, "areas": {"C4": 1.0}},
                              {"passages": 1, "areas": {"B2": 1.0}}])
    two = mined(editor, "B", [{"passages": 10, "areas": {"C4": 0.5, "A1": 0.5}}])
    unmined = mined(editor, "C", [{}])
    assert profiles.strategy_profile(one) == {"C4": 0.75, "B2": 0.25}  # passage-weighted
    assert profiles.strategy_profile(unmined) == {}
    with django_assert_num_queries(2):
        average = profiles.average_profile([one.pk, two.pk, unmined.pk])
    assert average == pytest.approx({"C4": 0.625, "B2": 0.125, "A1": 0.25})
