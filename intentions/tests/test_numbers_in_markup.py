"""Numbers the browser reads rather than a person — SVG coordinates, hidden form values —
are written the same in every language: under the Czech locale a float became "163,0" (the
map was empty on /cs/zamery/) and a step version of 1234 would become "1 234"."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from intentions.models import Intention
from intentions.tests.factories import make_intention

pytestmark = pytest.mark.django_db

NUMBER = re.compile(r"-?\d+(\.\d+)?")


@pytest.fixture
def editor(vocabularies, make_member):
    return make_member("editor", "544256")


@pytest.mark.parametrize("path", ["/cs/zamery/", "/en/intentions/"])
def test_the_intentions_map_has_plain_coordinates_in_both_languages(client, editor, path):
    intention = make_intention(editor)
    client.force_login(editor)

    page = client.get(path).content.decode()

    circles = re.findall(r'<circle class="point" cx="([^"]*)" cy="([^"]*)" r="([^"]*)"', page)
    assert circles, "the map shows the leading municipality"
    for values in circles:
        assert all(NUMBER.fullmatch(value) for value in values), values
    assert intention.lead_unit.name in page


@pytest.mark.parametrize("language", ["cs", "en"])
def test_a_large_version_is_posted_back_as_written(client, editor, language):
    intention = make_intention(editor)
    # The step's version after many saves (each step of the fiche has its own).
    Intention.objects.filter(pk=intention.pk).update(step_versions={"basics": 1234})
    client.force_login(editor)
    with translation.override(language):
        address = reverse("intentions:step", args=[intention.pk, "basics"])

    page = client.get(address)

    assert page.status_code == 200
    assert 'name="version" id="id_version" value="1234"' in page.content.decode()
