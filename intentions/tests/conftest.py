from __future__ import annotations

import pytest


@pytest.fixture
def editor(vocabularies, make_member):
    return make_member("editor", "544256")


@pytest.fixture
def moderator(vocabularies, make_member):
    return make_member("moderator")
