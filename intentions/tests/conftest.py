from __future__ import annotations

import pytest


@pytest.fixture
def vocabularies(reference_data):
    """SDGs and technologies (the data migration's rows are gone after a flush)."""
    from concept.services import load_vocabularies

    load_vocabularies()


@pytest.fixture
def editor(vocabularies, make_member):
    return make_member("editor", "544256")


@pytest.fixture
def moderator(vocabularies, make_member):
    return make_member("moderator")
