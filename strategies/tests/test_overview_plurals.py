"""The national overview counts municipalities with Czech plural forms ("1 obec má",
"2 obce mají", "5 obcí má"), not one form for every number."""

from __future__ import annotations

import re

import pytest

from strategies.tests.factories import make_strategy, publish

pytestmark = pytest.mark.django_db

SMART_CARD = re.compile(r'<span class="stat">(\d+)</span> (obec má|obce mají|obcí má|'
                        r'municipality has|municipalities have) strategii SMART city'
                        r'|<span class="stat">(\d+)</span> (municipality has|municipalities '
                        r'have) a SMART city strategy')


def smart_card(client, language: str) -> str:
    path = "/cs/strategie/prehled/?year=2026" if language == "cs" \
        else "/en/strategies/overview/?year=2026"
    page = client.get(path).content.decode()
    found = SMART_CARD.search(page)
    assert found, page[:200]
    return " ".join(part for part in found.groups() if part)


def test_one_and_two_municipalities_read_in_their_own_form(client, vocabularies, make_member):
    moderator = make_member("moderator")
    editor = make_member("editor", "544256")
    publish(moderator, make_strategy(editor, valid_from=2024, valid_to=2030, status="valid",
                                     summary="Chytré město České Budějovice."))
    assert smart_card(client, "cs") == "1 obec má"
    assert smart_card(client, "en") == "1 municipality has"

    pisek = make_member("editor", "549240")
    publish(moderator, make_strategy(pisek, owner_code="549240", valid_from=2024, status="valid",
                                     valid_to=2030, summary="Chytrý Písek."))
    assert smart_card(client, "cs") == "2 obce mají"
    assert smart_card(client, "en") == "2 municipalities have"
