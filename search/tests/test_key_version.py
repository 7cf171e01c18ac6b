"""An index made with older search keys is rebuilt after ``migrate`` (search keys v2)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from core.lemmas import KEY_VERSION
from search import services
from search.models import IndexState, SearchEntry, SearchTerm
from search.queries import search
from search.tests.conftest import put

pytestmark = pytest.mark.django_db


def test_an_index_made_with_older_keys_is_rebuilt_after_migrate(tips):
    put(tips, 1, "Komunitní energetika", "Energetické společenství obce a domácností.")
    entry = SearchEntry.objects.get()
    fresh = (entry.title_terms, entry.terms, entry.fingerprint)
    # As an older key function left it: other keys, recorded as version 1.
    SearchEntry.objects.update(title_terms="komunit energet", terms="stary klic",
                               fingerprint="old")
    SearchTerm.objects.create(term="stary")
    IndexState.objects.update_or_create(pk=1, defaults={"key_version": KEY_VERSION - 1})

    out = io.StringIO()
    call_command("migrate", verbosity=1, stdout=out)
    assert "rebuilding the search index" in out.getvalue()
    entry = SearchEntry.objects.get()
    assert (entry.title_terms, entry.terms, entry.fingerprint) == fresh
    assert not SearchTerm.objects.filter(term="stary").exists()  # stale keys forgotten
    assert SearchTerm.objects.filter(term__in=entry.terms.split()).count() == len(
        set(entry.terms.split()))
    assert IndexState.objects.get().key_version == KEY_VERSION
    assert search("komunitni energetika").count == 1

    # Current: nothing to do.
    assert services.rebuild_if_keys_changed() is False


def test_an_empty_index_is_only_marked_current():
    IndexState.objects.all().delete()
    assert services.rebuild_if_keys_changed() is False
    assert IndexState.objects.get().key_version == KEY_VERSION
