"""The technologies vocabulary kept by moderators."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from concept import services
from concept.models import Technology
from core.history import entries_for


@pytest.fixture
def editor(vocabularies, make_member):
    return make_member("editor", "544256")


@pytest.fixture
def coordinator(vocabularies, make_member):
    return make_member("coordinator", "CZ031")


@pytest.fixture
def moderator(vocabularies, make_member):
    return make_member("moderator")


def offered(html: str) -> set[int]:
    return {int(pk) for pk in re.findall(r'name="technologies" value="(\d+)"', html)}


NEW = {"name_cs": "Chytré parkování", "name_en": "Smart parking", "code": "smart-parking-x"}


def test_only_moderators_manage_technologies(client, editor, coordinator, moderator):
    technology = Technology.objects.get(code="smart-lighting")
    count = Technology.objects.count()
    for user in (editor, coordinator):
        with pytest.raises(PermissionDenied):
            services.add_technology(user, **NEW)
        with pytest.raises(PermissionDenied):
            services.rename_technology(user, technology, name_cs="x", name_en="y")
        with pytest.raises(PermissionDenied):
            services.set_technology_active(user, technology, False)
        client.force_login(user)
        assert client.get("/en/concept/technologies/").status_code == 403
        assert client.post("/en/concept/technologies/", NEW).status_code == 403
        assert client.post("/en/concept/technologies/smart-lighting/edit/",
                           {"name_cs": "x", "name_en": "y"}).status_code == 403
        assert client.post("/en/concept/technologies/smart-lighting/state/",
                           {"action": "retire"}).status_code == 403
        assert "/en/concept/technologies/" not in client.get("/en/funding/").content.decode()
    technology.refresh_from_db()
    assert Technology.objects.count() == count and technology.is_active
    assert technology.name_en != "y"

    client.force_login(moderator)
    assert "/en/concept/technologies/" in client.get("/en/funding/").content.decode()
    assert "/en/concept/technologies/" in client.get("/en/dashboard/").content.decode()
    page = client.get("/en/concept/technologies/").content.decode()
    assert "smart-lighting" in page
    response = client.post("/en/concept/technologies/", NEW)
    assert response.status_code == 302
    added = Technology.objects.get(code="smart-parking-x")
    assert (added.name_cs, added.name_en, added.is_active) == (
        "Chytré parkování", "Smart parking", True)
    assert entries_for(added).first().action == "create"

    response = client.post("/en/concept/technologies/smart-parking-x/edit/",
                           {"name_cs": "Chytré parkování a navigace",
                            "name_en": "Smart parking and guidance"})
    assert response.status_code == 302
    added.refresh_from_db()
    assert added.name_en == "Smart parking and guidance" and added.code == "smart-parking-x"
    entry = entries_for(added).first()
    assert entry.action == "update" and entry.changes["name_en"] == [
        "Smart parking", "Smart parking and guidance"]


def test_bad_technology_input_gives_a_message_and_changes_nothing(client, moderator):
    count = Technology.objects.count()
    client.force_login(moderator)
    for data, message in (
            ({**NEW, "code": "smart-lighting"}, "A technology with this code exists already."),
            ({**NEW, "code": "chytré parkování"}, "lowercase letters, digits and hyphens"),
            ({**NEW, "name_cs": "  "}, "This field is required."),
            ({**NEW, "name_en": "x" * 301}, "at most 300 characters")):
        response = client.post("/en/concept/technologies/", data)
        assert response.status_code == 200
        assert message in response.content.decode()
    with pytest.raises(ValidationError) as error:
        services.add_technology(moderator, code="", name_cs=" ", name_en="")
    assert set(error.value.message_dict) >= {"name_cs", "name_en"}
    assert Technology.objects.count() == count
    technology = Technology.objects.get(code="smart-lighting")
    before = (technology.name_cs, technology.name_en)
    response = client.post("/en/concept/technologies/smart-lighting/edit/",
                           {"name_cs": "", "name_en": "Lights"})
    assert response.status_code == 200 and "This field is required." in (
        response.content.decode())
    with pytest.raises(ValidationError):
        services.rename_technology(moderator, technology, name_cs=" ", name_en="Lights")
    technology.refresh_from_db()
    assert (technology.name_cs, technology.name_en) == before
    assert not entries_for(technology).exists()
    assert client.get("/en/concept/technologies/nothing-here/edit/").status_code == 404


def test_retired_technology_stays_on_intentions_but_is_not_offered(client, editor,
                                                                    moderator):
    from intentions import services as intention_services
    from intentions.tests.factories import make_intention

    intention = make_intention(editor)  # smart-lighting, sensors-iot
    lighting = Technology.objects.get(code="smart-lighting")
    unused = Technology.objects.exclude(code__in=["smart-lighting", "sensors-iot"]).first()
    client.force_login(moderator)
    for code in ("smart-lighting", unused.code):
        assert client.post(f"/en/concept/technologies/{code}/state/",
                           {"action": "retire"}).status_code == 302
    lighting.refresh_from_db()
    assert not lighting.is_active
    assert entries_for(lighting).first().changes == {"is_active": [True, False]}
    with pytest.raises(ValidationError):
        services.set_technology_active(moderator, lighting, False)
    assert set(intention.technologies.values_list("code", flat=True)) == {
        "smart-lighting", "sensors-iot"}

    # The intention keeps (and shows) it; other retired ones are not offered.
    client.force_login(editor)
    html = client.get(f"/en/intentions/{intention.pk}/edit/classification/").content.decode()
    assert offered(html) >= {lighting.pk} and unused.pk not in offered(html)
    other = make_intention(editor, title="Jiný záměr", technologies=[])
    html = client.get(f"/en/intentions/{other.pk}/edit/classification/").content.decode()
    assert offered(html) and lighting.pk not in offered(html)
    with pytest.raises(ValidationError) as error, translation.override("en"):
        intention_services.update_intention(editor, other, {"technologies": [lighting]},
                                            expected_version=other.version)
    assert "retired" in " ".join(error.value.messages)
    assert not other.technologies.exists()
    # Keeping it while changing other fields of the intention that uses it is fine.
    intention_services.update_intention(editor, intention, {"technologies": [lighting],
                                                            "title": "Nový název"},
                                        expected_version=intention.version)
    assert list(intention.technologies.values_list("code", flat=True)) == ["smart-lighting"]

    client.force_login(moderator)
    client.post("/en/concept/technologies/smart-lighting/state/", {"action": "offer"})
    lighting.refresh_from_db()
    assert lighting.is_active
