from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from conftest import TEST_TERRITORY
from territory.models import Kind, TerritorialUnit
from territory.reference import DATA_DIR, ReferenceDataError, read_reference


@pytest.mark.django_db
def test_full_official_data_loads_once_and_twice_changes_nothing(capsys):
    call_command("load_reference_data")
    counts = {k: TerritorialUnit.objects.filter(kind=k).count()
              for k in (Kind.KRAJ, Kind.OKRES, Kind.ORP, Kind.OBEC)}
    assert counts == {Kind.KRAJ: 14, Kind.OKRES: 77, Kind.ORP: 206, Kind.OBEC: 6258}
    budejovice = TerritorialUnit.objects.get(code="544256")
    assert (budejovice.kraj.code, budejovice.orp.code, budejovice.okres.code) == ("CZ031", "302",
                                                                                  "3301")
    before = list(TerritorialUnit.objects.order_by("pk").values_list("pk", "updated_at"))
    capsys.readouterr()
    call_command("load_reference_data")
    assert "0 created, 0 updated, 6556 unchanged" in capsys.readouterr().out
    assert list(TerritorialUnit.objects.order_by("pk").values_list("pk", "updated_at")) == before


def broken_copy(tmp_path: Path, filename: str, transform) -> Path:
    folder = tmp_path / "territory"
    shutil.copytree(TEST_TERRITORY, folder)
    path = folder / filename
    path.write_text(transform(path.read_text(encoding="utf-8")), encoding="utf-8")
    return folder


@pytest.mark.parametrize(("filename", "transform", "message"), [
    ("obce.csv", lambda t: t.replace(",94463,", ",many,"), "population 'many' is not a whole number"),
    ("obce.csv", lambda t: t.replace(",CZ031,", ",CZ999,", 1), "unknown kraj CZ999"),
    ("obce.csv", lambda t: "\n".join(t.splitlines()[:5] + ["123,Broken"]), "line 6"),
    ("okresy.csv", lambda t: t.replace("lau1", "lau"), "missing columns: lau1"),
    ("kraje.csv", lambda t: t.splitlines()[0] + "\n", "no data rows"),
])
def test_broken_file_stops_with_file_and_line_and_changes_nothing(
    reference_data, tmp_path, filename, transform, message
):
    before = TerritorialUnit.objects.count()
    folder = broken_copy(tmp_path, filename, transform)
    with pytest.raises(CommandError, match=message) as error:
        call_command("load_reference_data", territory_dir=folder)
    assert filename in str(error.value)
    assert TerritorialUnit.objects.count() == before


def test_line_number_points_at_the_broken_row(tmp_path):
    lines = (TEST_TERRITORY / "obce.csv").read_text(encoding="utf-8").splitlines()
    lines[10] = lines[10].replace(",obec,", ",vesnička,")
    folder = broken_copy(tmp_path, "obce.csv", lambda _t: "\n".join(lines) + "\n")
    with pytest.raises(ReferenceDataError) as error:
        read_reference(folder)
    assert error.value.line == 11
    assert "vesnička" in str(error.value)


def test_missing_file_is_named(tmp_path):
    folder = tmp_path / "empty"
    folder.mkdir()
    with pytest.raises(ReferenceDataError, match="kraje.csv: file is missing"):
        read_reference(folder)


@pytest.mark.django_db
def test_broken_concept_file_changes_nothing(tmp_path):
    from concept.models import KeyArea

    broken = tmp_path / "concept.json"
    broken.write_text('{"pillars": [{"code": "A", "name": {"cs": "Lidé"}}]}', encoding="utf-8")
    with pytest.raises(CommandError, match="concept.json"):
        call_command("load_reference_data", concept_file=broken)
    assert KeyArea.objects.count() == 0
    assert TerritorialUnit.objects.count() == 0


def test_project_keeps_its_own_copy_with_provenance():
    assert (DATA_DIR / "SOURCES.md").exists()
    assert (DATA_DIR / "obce.csv").stat().st_size > 400_000
