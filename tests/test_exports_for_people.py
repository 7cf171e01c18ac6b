"""Exports for people (CSV and XLSX of intentions and strategies, a fiche's spreadsheet)
carry the names beside the codes – kraj, ORP, status, readiness, technologies, areas – and
an intention's budget by year, not only by source; the API's JSON keeps its fields."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from concept.models import KeyArea, Technology

CB = "544256"


@pytest.fixture
def people(vocabularies, make_member):
    return make_member("editor", CB), make_member("moderator")


def rows_of(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_intentions_spreadsheet_names_the_codes_and_has_the_budget_by_year(client, people):
    from intentions.tests.factories import make_intention, publish

    editor, moderator = people
    publish(moderator, make_intention(editor))  # budget: 2026 7.5 mil., 2027 5 mil.
    row = rows_of(client.get("/api/v1/intentions", {"format": "csv"}))[0]
    lighting = Technology.objects.get(code="smart-lighting")
    with translation.override("cs"):
        assert (row["status"], row["status_name"]) == ("published", _("published"))
        assert (row["readiness"], row["readiness_name"]) == (
            "documentation", _("project documentation"))
        assert (row["kraj"], row["kraj_name"]) == ("CZ031", "Jihočeský kraj")
        assert (row["orp"], row["orp_name"]) == ("302", "České Budějovice")
        assert lighting.name_cs in row["technology_names"].split("; ")
        assert row["main_area"] == "B2"
        assert row["main_area_name"] == KeyArea.objects.get(code="B2").name_cs
    assert (row["budget_2026_czk"], row["budget_2027_czk"]) == ("7500000.00", "5000000.00")
    assert row["budget_eu_czk"] == "10000000.00"  # by source as before
    header = list(row)
    assert header.index("status_name") == header.index("status") + 1
    assert header.index("technology_names") == header.index("technologies") + 1


def test_the_spreadsheet_hides_a_private_budget_by_year_too(client, people):
    from intentions.tests.factories import make_intention, publish

    editor, moderator = people
    publish(moderator, make_intention(editor, budget_public=False))
    row = rows_of(client.get("/api/v1/intentions", {"format": "csv"}))[0]
    assert row["budget_2026_czk"] == "" and row["budget_eu_czk"] == ""


def test_the_json_of_the_api_keeps_its_fields(client, people):
    from intentions.tests.factories import make_intention, publish

    editor, moderator = people
    publish(moderator, make_intention(editor))
    for params in ({}, {"format": "json"}):
        body = client.get("/api/v1/intentions", params).content
        item = json.loads(body)["items"][0]
        assert not {"status_name", "kraj_name", "budget_2026_czk"} & set(item)
        assert item["status"] == "published"


def test_intentions_xlsx_carries_the_same_columns(client, people):
    from openpyxl import load_workbook

    from intentions.tests.factories import make_intention, publish

    editor, moderator = people
    publish(moderator, make_intention(editor))
    book = load_workbook(io.BytesIO(client.get("/api/v1/intentions",
                                               {"format": "xlsx"}).content))
    header, first = list(book.active.iter_rows(values_only=True))[:2]
    record = dict(zip(header, first, strict=True))
    with translation.override("cs"):
        assert record["status_name"] == _("published")
    assert record["kraj_name"] == "Jihočeský kraj" and record["budget_2027_czk"] == "5000000.00"


def test_strategies_spreadsheet_names_level_type_status_kraj_orp_and_areas(client, people):
    from strategies import services
    from strategies.tests.factories import make_strategy, publish

    editor, moderator = people
    strategy = make_strategy(editor, summary="Shrnutí.", valid_from=2025, valid_to=2030,
                             areas=[KeyArea.objects.get(code="C4")])
    services.add_node(editor, strategy, kind="goal", code="1", title="Cíl")
    publish(moderator, strategy)
    row = rows_of(client.get("/api/v1/strategies", {"format": "csv"}))[0]
    with translation.override("cs"):
        assert (row["level"], row["level_name"]) == ("municipal", _("municipal"))
        assert (row["type"], row["type_name"]) == ("smart_city", _("smart city strategy"))
        assert (row["status"], row["status_name"]) == ("preparation", _("in preparation"))
        assert (row["state"], row["state_name"]) == ("published", _("published"))
        assert row["area_names"] == KeyArea.objects.get(code="C4").name_cs
    assert (row["kraje"], row["kraj_names"]) == ("CZ031", "Jihočeský kraj")
    assert (row["orp"], row["orp_names"]) == ("302", "České Budějovice")
    item = client.get("/api/v1/strategies").json()["items"][0]
    assert not {"level_name", "kraj_names", "orp_names"} & set(item)


def test_a_fiche_spreadsheet_names_its_codes_and_sums_the_budget_by_year(client, people):
    from intentions.tests.factories import make_intention, publish

    editor, moderator = people
    intention = publish(moderator, make_intention(editor))
    url = reverse("intentions:fiche", kwargs={"pk": intention.pk, "fmt": "csv"})
    text = client.get(url).content.decode("utf-8-sig")
    fiche, budget = (list(csv.reader(io.StringIO(part)))
                     for part in text.replace("\r\n", "\n").split("\n\n"))
    fields = dict(row for row in fiche[1:] if len(row) == 2)
    with translation.override("cs"):
        assert fields["status"] == "published" and fields["status_name"] == _("published")
        assert fields["readiness_name"] == _("project documentation")
        assert budget[0] == ["year", "source", "amount_czk", "source_name"]
        assert ["2026", "eu", "5000000.00", _("EU programme")] in budget
    assert (fields["budget_2026_czk"], fields["budget_2027_czk"]) == ("7500000.00", "5000000.00")
    assert sum(Decimal(amount) for key, amount in fields.items()
               if key.startswith("budget_2")) == Decimal(fields["total_cost"])
