"""“All fiches” of the intentions list: a kraj coordinator is offered the kraj and the
municipalities in it that have intentions (not the first municipalities of the alphabet,
Adamov, Albrechtice nad Vltavou …), and the kraj's download holds the fiches of all of them."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from intentions.queries import fiche_units

from .factories import make_intention

CB, PISEK, ADAMOV = "544256", "549240", "535826"


@pytest.fixture
def people(vocabularies, users_in_roles):
    return users_in_roles({"editor_cb": ("editor", CB), "editor_pisek": ("editor", PISEK),
                           "coordinator": ("coordinator", "CZ031"),
                           "coordinator_vysocina": ("coordinator", "CZ063"),
                           "analyst": ("analyst",)})


@pytest.fixture
def fiches(people):
    make_intention(people["editor_cb"], CB, title="Chytré osvětlení ČB")
    make_intention(people["editor_pisek"], PISEK, title="Datová platforma Písek")


def unit_link(code: str, fmt: str = "pdf") -> str:
    return reverse("intentions:unit_fiches", kwargs={"code": code, "fmt": fmt})


def test_the_coordinator_is_offered_the_kraj_and_its_municipalities_with_intentions(
        client, people, fiches):
    assert [u.code for u in fiche_units(people["coordinator"])] == ["CZ031", CB, PISEK]
    client.force_login(people["coordinator"])
    html = client.get(reverse("intentions:list")).content.decode()
    for code in ("CZ031", CB, PISEK):
        assert unit_link(code) in html and unit_link(code, "xlsx") in html
    assert unit_link(ADAMOV) not in html  # no intention there


def test_an_editor_is_offered_their_own_unit_and_others_nothing(people, fiches):
    assert [u.code for u in fiche_units(people["editor_cb"])] == [CB]
    assert [u.code for u in fiche_units(people["coordinator_vysocina"])] == ["CZ063"]
    assert fiche_units(people["analyst"]) == []


def test_the_kraj_download_holds_the_fiches_of_its_municipalities(client, people, fiches):
    client.force_login(people["coordinator"])
    response = client.get(unit_link("CZ031", "csv"))
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    titles = {row.get("title") for row in csv.DictReader(io.StringIO(body.decode("utf-8-sig")))}
    assert {"Chytré osvětlení ČB", "Datová platforma Písek"} <= titles
    client.force_login(people["coordinator_vysocina"])  # drafts of another kraj stay hidden
    response = client.get(unit_link("CZ031", "csv"))
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert "Chytré osvětlení ČB" not in body.decode("utf-8-sig")
