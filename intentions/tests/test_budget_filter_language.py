"""The intentions' budget filter and facet are labelled in the page's language."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_the_budget_filter_speaks_the_page_language(client, vocabularies):
    english = client.get("/en/intentions/").content.decode()
    czech = client.get("/cs/zamery/").content.decode()

    assert "CZK 1–5 million" in english and "mil. Kč" not in english
    assert "1–5 mil. Kč" in czech
