"""An intention's outputs read as people write numbers: a baseline of 8.5 is "8,5", not
"8,5000", and a target of 1 200 is grouped."""

from __future__ import annotations

from decimal import Decimal

import pytest

from intentions.tests.factories import make_intention

pytestmark = pytest.mark.django_db


def test_output_values_are_written_without_padding(client, vocabularies, make_member):
    editor = make_member("editor", "544256")
    intention = make_intention(editor, outputs=[{
        "name": "Délka cyklostezek", "unit": "km", "baseline": Decimal("8.5"),
        "target": Decimal("1200"), "target_year": 2027}])
    client.force_login(editor)

    page = client.get(f"/cs/zamery/{intention.pk}/").content.decode().replace("\u00a0", " ")

    assert '<td class="num">8,5</td><td class="num">1 200</td>' in page
    assert "8,5000" not in page
