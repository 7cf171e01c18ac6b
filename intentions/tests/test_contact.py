"""The intention's contact person: entered on the wizard's basics step or through the API,
shown on the detail page (and in the PDF fiche, see test_fiche_pdf)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from accounts.services import create_api_token
from intentions import services
from intentions.models import Intention

from .factories import make_intention, publish


def test_the_basics_step_saves_the_contact_and_the_page_shows_it(client, editor, moderator):
    intention = make_intention(editor)
    client.force_login(editor)
    url = f"/en/intentions/{intention.pk}/edit/basics/"
    form = client.get(url).content.decode()
    assert 'name="contact_name"' in form and 'name="contact_email"' in form
    assert 'name="contact_phone"' in form
    client.post(url, {"version": str(intention.step_versions.get("basics", 0)),
                      "title": intention.title, "problem": intention.problem,
                      "goals": intention.goals, "target_groups": intention.target_groups,
                      "description": intention.description,
                      "contact_name": "Ing. Petr Dvořák",
                      "contact_email": "petr.dvorak@c-budejovice.cz",
                      "contact_phone": "+420 386 801 111"})
    intention.refresh_from_db()
    assert (intention.contact_name, intention.contact_email, intention.contact_phone) == (
        "Ing. Petr Dvořák", "petr.dvorak@c-budejovice.cz", "+420 386 801 111")
    publish(moderator, intention, submitter=editor)
    client.logout()
    page = client.get(f"/cs/zamery/{intention.pk}/").content.decode()
    with translation.override("cs"):
        assert translation.gettext("Contact person") in page
    assert "Ing. Petr Dvořák" in page
    assert 'href="mailto:petr.dvorak@c-budejovice.cz"' in page
    assert 'href="tel:+420386801111"' in page


def test_an_intention_without_a_contact_shows_no_empty_contact(client, editor, moderator):
    intention = publish(moderator, make_intention(editor))
    page = client.get(f"/en/intentions/{intention.pk}/").content.decode()
    assert "Contact person" not in page


@pytest.mark.parametrize("field, value", [("contact_email", "not an address"),
                                          ("contact_phone", "call me maybe")])
def test_a_malformed_contact_is_refused_and_nothing_changes(editor, field, value):
    intention = make_intention(editor, contact_name="Jana Nováková")
    with pytest.raises(ValidationError) as refused:
        services.update_intention(editor, intention, {field: value, "contact_name": "X"},
                                  expected_version=intention.version)
    assert field in refused.value.message_dict
    assert Intention.objects.get(pk=intention.pk).contact_name == "Jana Nováková"


def test_the_api_reads_and_writes_the_contact_as_optional_fields(client, editor):
    _token, key = create_api_token(editor, "GIS")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    created = client.post("/api/v1/intentions", {"title": "Bez kontaktu",
                                                  "lead_unit": "544256"},
                          content_type="application/json", **auth)
    assert created.status_code == 201
    data = created.json()
    assert (data["contact_name"], data["contact_email"], data["contact_phone"]) == ("", "", "")
    url = f"/api/v1/intentions/{data['id']}"
    changed = client.patch(url, {"version": data["version"], "contact_name": "Eva Malá",
                                 "contact_email": "eva.mala@pisek.eu",
                                 "contact_phone": "382 330 111"},
                           content_type="application/json", **auth)
    assert changed.status_code == 200, changed.content
    assert changed.json()["contact_email"] == "eva.mala@pisek.eu"
    bad = client.patch(url, {"version": changed.json()["version"], "contact_email": "eva@"},
                       content_type="application/json", **auth)
    assert bad.status_code == 400
    assert client.get(url, **auth).json()["contact_name"] == "Eva Malá"
