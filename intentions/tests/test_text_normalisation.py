"""Intention text is normalised at the service boundary and has length limits: control
characters and NUL never reach the database (PostgreSQL refuses NUL) nor break an export
(issue 10, items 11 and 13). Run on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.services import create_api_token
from intentions import services
from intentions.models import Intention

from .factories import make_intention, publish


def renders(client, intention) -> None:
    for url in (intention.get_absolute_url(), reverse("intentions:list"),
                reverse("intentions:fiche", kwargs={"pk": intention.pk, "fmt": "xlsx"}),
                reverse("intentions:fiche", kwargs={"pk": intention.pk, "fmt": "csv"}),
                reverse("intentions:fiche", kwargs={"pk": intention.pk, "fmt": "pdf"}),
                reverse("intentions:unit_fiches", kwargs={"code": "544256", "fmt": "xlsx"}),
                "/api/v1/intentions?format=xlsx", "/api/v1/intentions?format=csv",
                f"/api/v1/intentions/{intention.pk}"):
        assert client.get(url).status_code == 200, url


def test_control_characters_and_nul_are_removed(client, editor, moderator):
    intention = make_intention(
        editor, title="Chytré\x1b osvětlení\x0b\x00",
        problem="Tma\x00 na\r\npřechodech\x1b",
        outputs=[{"name": "Svítidla\x00", "unit": "ks\x1b", "target": 1200,
                  "target_year": 2027}],
        partners=[{"name": "Univerzita\x0b", "sector": "academia", "role": "měření\x00"}],
        activities=[{"title": "Výměna\x1b svítidel", "progress": 0}])
    publish(moderator, intention)
    saved = Intention.objects.get(pk=intention.pk)
    assert saved.title == "Chytré osvětlení"
    assert saved.problem == "Tma na\npřechodech"
    assert saved.outputs.get().name == "Svítidla" and saved.outputs.get().unit == "ks"
    assert saved.partners.get().name == "Univerzita" and saved.partners.get().role == "měření"
    assert saved.activities.get().title == "Výměna svítidel"
    renders(client, saved)


def test_nul_through_the_api_is_stored_cleaned(client, editor, moderator):
    _token, key = create_api_token(editor, "GIS")
    body = ('{"title": "Z\\u00e1m\\u011br\\u0000\\u001b A", "lead_unit": "544256", '
            '"description": "\\u0000\\u000bPopis\\r\\nprojektu"}')
    response = client.post("/api/v1/intentions", body, content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 201, response.content
    intention = Intention.objects.get(pk=response.json()["id"])
    assert (intention.title, intention.description) == ("Záměr A", "Popis\nprojektu")
    client.force_login(editor)
    assert client.get(intention.get_absolute_url()).status_code == 200


def test_free_text_has_length_limits_and_a_refusal_changes_nothing(client, editor,
                                                                   moderator):
    intention = make_intention(editor)
    for values in ({"problem": "x" * 1_000_000}, {"title": "x" * 301},
                   {"description": "x" * 20_001}, {"title": "\x00\x1b"}):
        with pytest.raises(ValidationError) as error:
            services.update_intention(editor, intention, values,
                                      expected_version=intention.version)
        assert set(error.value.message_dict) == set(values)
    saved = Intention.objects.get(pk=intention.pk)
    assert saved.version == intention.version and saved.title == "Chytré veřejné osvětlení"
    services.submit_intention(editor, intention)
    with pytest.raises(ValidationError):
        services.return_intention(moderator, intention, "x" * 5_001)
    _token, key = create_api_token(editor, "GIS")
    other = make_intention(editor, title="Druhý")
    response = client.patch(f"/api/v1/intentions/{other.pk}",
                            {"version": other.version, "problem": "x" * 1_000_000},
                            content_type="application/json",
                            HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code in (400, 422), response.content
    assert Intention.objects.get(pk=other.pk).problem == other.problem
