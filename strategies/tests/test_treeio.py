from __future__ import annotations

import csv
import io
import json
import zipfile
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import Workbook, load_workbook

from conftest import unit
from core.imports import guess_format
from strategies.models import IndicatorValue, Strategy, StructureNode
from strategies.services import (
    StrategyData,
    add_indicator,
    add_node,
    create_strategy,
    replace_tree,
    set_indicator_value,
)
from strategies.treeio import (
    COLUMNS,
    FORMAT_NAME,
    FORMATS,
    MAX_ROWS,
    TreeImportError,
    export_tree,
    parse_tree,
    render_tree,
)

AREAS = {"ZPO1", "ZPO2", "ZPO3", "ZPO4", "A1", "A2", "A3", "A4", "B1", "B2", "B3", "B4",
         "C1", "C2", "C3", "C4"}


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def editor(reference_data, make_member):
    return make_member("editor", "544256")


def area(code):
    from concept.models import KeyArea

    return KeyArea.objects.get(code=code)


@pytest.fixture
def strategy(editor):
    s = create_strategy(editor, StrategyData(
        title="Smart Budějovice 2030", level="municipal", strategy_type="smart_city",
        owners=[unit("544256")]))
    vision = add_node(editor, s, kind="vision", code="V", title="Chytré Budějovice",
                      description="Město, které „myslí“.\nDruhý řádek; s čárkou, a \"uvozovkami\"",
                      areas=[area("C4"), area("B2")])
    p1 = add_node(editor, s, kind="priority", code="1", title="=Mobilita; doprava",
                  parent=vision, responsible="Odbor dopravy")
    goal = add_node(editor, s, kind="goal", code="1.1", title="Čistá MHD", parent=p1,
                    areas=[area("A1")])
    x1 = add_node(editor, s, kind="measure", code="X", title="Opatření X (první)", parent=goal)
    add_node(editor, s, kind="activity", title="Aktivita bez kódu", parent=x1,
             description="-začíná pomlčkou")
    x2 = add_node(editor, s, kind="measure", code="X", title="Opatření X (druhé)", parent=goal)
    p2 = add_node(editor, s, kind="priority", code="2", title="Energetika", parent=vision)
    add_node(editor, s, kind="measure", code="N4", title="Kód jako klíč", parent=p2)
    add_node(editor, s, kind="goal", code="", title="Samostatný cíl")
    buses = add_indicator(editor, goal, name="Podíl elektrobusů", unit="%",
                          baseline_value=Decimal("10.5"), baseline_year=2020,
                          target_value=Decimal("12345678901.1234"), target_year=2030)
    for year, value in ((2021, "-3.25"), (2022, "12"), (2023, "0.0001")):
        set_indicator_value(editor, buses, year, Decimal(value))
    add_indicator(editor, goal, name="Jen název")
    stations = add_indicator(editor, x2, name="Nabíjecí stanice", unit="ks",
                             target_value=Decimal("100"), target_year=2030)
    set_indicator_value(editor, stations, 2024, Decimal("7"))
    return s


def make_csv(rows, *, delimiter=";", encoding="utf-8-sig", header=None):
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    columns = header or COLUMNS
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(column, "") for column in columns])
    return out.getvalue().encode(encoding)


def node(key, kind, title="Název", parent="", **extra):
    return {"record": "node", "key": key, "parent_key": parent, "kind": kind, "title": title,
            **extra}


def indicator(node_key, name="Indikátor", **extra):
    return {"record": "indicator", "node_key": node_key, "name": name, **extra}


def errors_of(data, fmt="csv", **kwargs):
    with pytest.raises(TreeImportError) as info:
        parse_tree(data, fmt, **kwargs)
    return info.value.errors


# --- round trip through the database -------------------------------------------------------

def test_export_rows(strategy, django_assert_num_queries):
    with django_assert_num_queries(4):
        rows = export_tree(strategy)
    assert [(r["key"], r["parent_key"], r["kind"], r["code"]) for r in rows] == [
        ("V", "", "vision", "V"),
        ("1", "V", "priority", "1"),
        ("1.1", "1", "goal", "1.1"),
        ("N4-2", "1.1", "measure", "X"),  # duplicate code; "N4" is another node's code
        ("N5", "N4-2", "activity", ""),
        ("N6", "1.1", "measure", "X"),
        ("2", "V", "priority", "2"),
        ("N4", "2", "measure", "N4"),
        ("N9", "", "goal", ""),
    ]
    assert rows[0]["areas"] == ["B2", "C4"]  # concept order
    buses = rows[2]["indicators"][0]
    assert buses == {"name": "Podíl elektrobusů", "unit": "%",
                     "baseline_value": Decimal("10.5"), "baseline_year": 2020,
                     "target_value": Decimal("12345678901.1234"), "target_year": 2030,
                     "values": {2021: Decimal("-3.25"), 2022: Decimal("12"),
                                2023: Decimal("0.0001")}}
    assert all(isinstance(v, Decimal) for v in buses["values"].values())


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_round_trip_through_the_database(strategy, editor, fmt):
    rows = export_tree(strategy)
    data = render_tree(rows, fmt)
    parsed = parse_tree(data, fmt, area_codes=AREAS)
    assert parsed == rows
    assert replace_tree(editor, strategy, parsed) == 9
    again = export_tree(strategy)
    assert again == rows
    if fmt != "xlsx":  # XLSX carries a creation timestamp
        assert render_tree(again, fmt) == data
    else:
        assert parse_tree(render_tree(again, fmt), fmt) == parsed
    # Real codes are stored (duplicates too) and children hang under the right parent.
    first_x = StructureNode.objects.get(strategy=strategy, title="Opatření X (první)")
    assert first_x.code == "X"
    assert [c.title for c in first_x.children.all()] == ["Aktivita bez kódu"]
    assert StructureNode.objects.get(strategy=strategy, title="Samostatný cíl").parent is None
    assert IndicatorValue.objects.filter(indicator__node__strategy=strategy).count() == 4


def test_csv_is_czech_excel_friendly(strategy):
    data = render_tree(export_tree(strategy), "csv")
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0] == ";".join(COLUMNS)
    assert "Chytré Budějovice" in text
    assert "'=Mobilita; doprava" in text  # no formula when opened in Excel
    assert "2021=-3,25; 2022=12; 2023=0,0001" in text
    assert ";10,5;2020;" in text


def test_xlsx_cells_are_text_or_numbers(strategy):
    data = render_tree(export_tree(strategy), "xlsx")
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    assert header == COLUMNS
    titles = [row[5] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "=Mobilita; doprava" in titles  # a string cell, not a formula
    indicator_row = next(row for row in sheet.iter_rows(min_row=2, values_only=True)
                         if row[10] == "Podíl elektrobusů")
    assert indicator_row[12] == 10.5 and indicator_row[13] == 2020
    assert indicator_row[14] == 12345678901.1234


def test_xlsx_keeps_values_too_precise_for_a_float_as_text():
    # (SQLite stores decimals as floats, so this runs without the database.)
    rows = [{"key": "V", "parent_key": "", "kind": "vision", "code": "", "title": "Vize",
             "description": "", "responsible": "", "areas": [], "indicators": [{
                 "name": "Ind", "unit": "", "baseline_value": None, "baseline_year": None,
                 "target_value": Decimal("1234567890123456.1234"), "target_year": None,
                 "values": {2021: Decimal("9999999999999999.9999")}}]}]
    data = render_tree(rows, "xlsx")
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    assert sheet.cell(row=3, column=15).value == "1234567890123456.1234"
    for fmt in ("csv", "xlsx", "json"):
        assert parse_tree(render_tree(rows, fmt), fmt) == rows


def test_json_document(strategy):
    document = json.loads(render_tree(export_tree(strategy), "json"))
    assert document["format"] == FORMAT_NAME and document["version"] == 1
    goal = document["nodes"][2]
    assert goal["key"] == "1.1" and goal["parent_key"] == "1" and goal["areas"] == ["A1"]
    assert goal["indicators"][0]["values"] == {"2021": "-3.25", "2022": "12", "2023": "0.0001"}
    assert goal["indicators"][0]["baseline_value"] == "10.5"
    assert goal["indicators"][1]["baseline_value"] is None
    assert "Budějovice".encode() in render_tree(export_tree(strategy), "json")


# --- accepted variants -----------------------------------------------------------------------

def test_czech_kinds_windows_1250_and_comma_delimiter():
    data = make_csv([
        node("V", "Vize", "Vize města", areas="c4; b2"),
        node("P", "PRIORITA", "Priorita", "V"),
        node("C", "cil", "Cíl", "P"),
        node("O", "Opatření", "Opatření", "C"),
        node("A", "aktivita", "Žluťoučká aktivita", "O"),
        indicator("A", "Počet", baseline_value="1 234,5", values="2021=10,5; 2022=12"),
    ], delimiter=",", encoding="cp1250")
    rows = parse_tree(data, "csv", area_codes=AREAS)
    assert [r["kind"] for r in rows] == ["vision", "priority", "goal", "measure", "activity"]
    assert rows[0]["areas"] == ["C4", "B2"]
    assert rows[4]["title"] == "Žluťoučká aktivita"
    spec = rows[4]["indicators"][0]
    assert spec["baseline_value"] == Decimal("1234.5")
    assert spec["values"] == {2021: Decimal("10.5"), 2022: Decimal("12")}
    assert all(type(v) is Decimal for v in spec["values"].values())


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1250", "utf-16"])
def test_encodings(encoding):
    rows = parse_tree(make_csv([node("V", "vize", "Řeřicha")], encoding=encoding), "csv")
    assert rows[0]["title"] == "Řeřicha"


def test_decimal_point_and_comma_separated_values():
    data = make_csv([node("V", "vision"),
                     indicator("V", target_value="12.75", values="2021=10.5, 2022=11.25")])
    spec = parse_tree(data, "csv")[0]["indicators"][0]
    assert spec["target_value"] == Decimal("12.75")
    assert spec["values"] == {2021: Decimal("10.5"), 2022: Decimal("11.25")}


def test_children_before_parents_are_sorted_keeping_sibling_order():
    data = make_csv([
        node("G2", "goal", "Druhý cíl", "P"),
        node("M", "measure", "Opatření", "G1"),
        node("P", "priority", "Priorita"),
        node("G1", "goal", "První cíl", "P"),
    ])
    rows = parse_tree(data, "csv")
    assert [r["key"] for r in rows] == ["P", "G2", "G1", "M"]


def test_indicator_without_node_key_belongs_to_the_node_above():
    data = make_csv([node("V", "vision"), node("P", "priority", parent="V"),
                     indicator("", "Ukazatel")])
    rows = parse_tree(data, "csv")
    assert rows[1]["indicators"][0]["name"] == "Ukazatel"


def test_czech_header_names():
    header = ["Klíč", "Nadřazený klíč", "Typ", "Kód", "Název", "Poznámka"]
    out = "\r\n".join([";".join(header), "V;;vize;1;Vize;cokoliv", "P;V;priorita;1.1;Pri;"])
    rows = parse_tree(out.encode("utf-8"), "csv")
    assert [(r["key"], r["parent_key"], r["code"]) for r in rows] == [("V", "", "1"),
                                                                      ("P", "V", "1.1")]


def test_xlsx_typed_by_hand_with_numeric_cells():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["record", "key", "parent_key", "kind", "title", "node_key", "name",
                  "baseline_value", "baseline_year", "target_value", "target_year"])
    sheet.append(["node", "V", None, "Vize", "Vize"])
    sheet.append([])
    sheet.append(["indicator", None, None, None, None, "V", "Ind", 10.1, 2020, 3, 2030.0])
    buffer = io.BytesIO()
    workbook.save(buffer)
    spec = parse_tree(buffer.getvalue(), "xlsx")[0]["indicators"][0]
    assert spec["baseline_value"] == Decimal("10.1") and spec["baseline_year"] == 2020
    assert spec["target_value"] == Decimal("3") and spec["target_year"] == 2030


def test_json_numbers_stay_exact():
    document = {"format": FORMAT_NAME, "version": 1, "nodes": [
        {"key": "V", "kind": "vision", "title": "Vize", "areas": ["c4"], "indicators": [
            {"name": "Ind", "baseline_value": 0.1, "baseline_year": 2020,
             "values": {"2021": 10.25, "2022": "11,5"}}]}]}
    rows = parse_tree(json.dumps(document).encode(), "json", area_codes=AREAS)
    spec = rows[0]["indicators"][0]
    assert spec["baseline_value"] == Decimal("0.1")
    assert spec["values"] == {2021: Decimal("10.25"), 2022: Decimal("11.5")}
    assert rows[0]["areas"] == ["C4"] and rows[0]["parent_key"] == ""


def test_guess_format():
    assert guess_format("Strom.XLSX", FORMATS) == "xlsx"
    assert guess_format("strom.csv", FORMATS) == "csv"
    assert guess_format("strom.txt", FORMATS) is None
    assert guess_format("strom.txt", FORMATS, "csv") == "csv"  # what the import page reads


# --- errors name the row -----------------------------------------------------------------------

@pytest.mark.parametrize(("rows", "expected"), [
    ([node("V", "vision"), node("X", "sub-goal", parent="V")],
     "Row 3: unknown kind “sub-goal”"),
    ([node("V", "vision"), node("P", "", parent="V")], "Row 3: the kind is missing"),
    ([node("V", "vision", title="  ")], "Row 2: the title is missing"),
    ([node("A", "vision"), node("A", "priority")],
     "Row 3: duplicate key “A” (already used at Row 2)"),
    ([node("V", "vision"), node("P", "priority", parent="Z")],
     "Row 3: unknown parent_key “Z”"),
    ([node("G", "goal"), node("P", "priority", parent="G")],
     "Row 3: a priority cannot be placed under a goal (Row 2)"),
    ([node("G", "goal"), node("H", "goal", parent="G")],
     "Row 3: a goal cannot be placed under a goal"),
    ([node("V", "vision", areas="C4, Z9")], "Row 2: unknown concept area “Z9”"),
    ([node("V", "vision"), indicator("V", baseline_value="12,3,4")],
     "Row 3: baseline_value “12,3,4” is not a number"),
    ([node("V", "vision"), indicator("V", target_value="abc")],
     "Row 3: target_value “abc” is not a number"),
    ([node("V", "vision"), indicator("V", target_value="1,23456")],
     "Row 3: target_value “1,23456” is out of range"),
    ([node("V", "vision"), indicator("V", baseline_year="20x1")],
     "Row 3: baseline_year “20x1” is not a year"),
    ([node("V", "vision"), indicator("V", target_year="1800")],
     "Row 3: target_year “1800” is not a year"),
    ([node("V", "vision"), indicator("V", baseline_year="2025", target_year="2021")],
     "Row 3: the target year 2021 is before the baseline year 2025"),
    ([node("V", "vision"), indicator("V", values="2021=1; 2022")],
     "Row 3: values: “2022” is not “year=value”"),
    ([node("V", "vision"), indicator("V", values="2021=1; 2021=2")],
     "Row 3: values: the year 2021 is given twice"),
    ([node("V", "vision"), indicator("V", values="2021=x")],
     "Row 3: values: value for 2021 “x” is not a number"),
    ([node("V", "vision"), indicator("V", name="")], "Row 3: the indicator's name is missing"),
    ([node("V", "vision"), indicator("Q")], "Row 3: unknown node_key “Q”"),
    ([node("V", "vision"), {"record": "poznámka", "title": "x"}],
     "Row 3: unknown record type “poznámka”"),
    ([node("V", "vision", code="x" * 31)], "Row 2: code is longer than 30 characters"),
])
def test_errors_name_the_row(rows, expected):
    errors = errors_of(make_csv(rows), area_codes=AREAS)
    assert any(message.startswith(expected) for message in errors), errors


def test_all_errors_are_reported_together_with_blank_rows_counted():
    data = make_csv([node("V", "vision"), {}, node("P", "bogus", parent="V"),
                     node("", "goal", title="")])
    errors = errors_of(data)
    assert errors[0].startswith("Row 4: unknown kind")
    assert errors[1].startswith("Row 5: the title is missing")


def test_missing_columns():
    data = b"key;kind\nV;vision\n"
    assert errors_of(data)[0].startswith("Row 1: the header lacks the column(s) title")


def test_bad_encoding_names_the_line():
    data = b"record;key;kind;title\r\nnode;V;vize;Vize\r\n" + b"node;P;\x98\x81;x\r\n"
    errors = errors_of(data)
    assert errors == ["Line 3: the byte 0x98 is valid neither in UTF-8 nor in Windows-1250; "
                      "save the file as “CSV UTF-8”."]


def test_binary_file_given_as_csv():
    assert "binary" in errors_of(b"PK\x03\x04\x00\x00garbage")[0]


@pytest.mark.parametrize("data", [b"", b"not a zip at all", b"PK\x03\x04broken"])
def test_malformed_xlsx(data):
    assert errors_of(data, "xlsx")[0].startswith(
        "The file is empty" if not data else "The file is not a readable XLSX")


def test_zip_that_is_not_a_workbook():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    assert errors_of(buffer.getvalue(), "xlsx")[0].startswith("The file is not a readable XLSX")


def test_xlsx_errors_name_the_sheet_row():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["record", "key", "parent_key", "kind", "title"])
    sheet.append(["node", "G", None, "goal", "Cíl"])
    sheet.append([None])
    sheet.append(["node", "P", "G", "priority", "Priorita"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    errors = errors_of(buffer.getvalue(), "xlsx")
    assert errors[0].startswith("Row 4: a priority cannot be placed under a goal (Row 2)")


@pytest.mark.parametrize(("data", "expected"), [
    (b'{"format": "smart-strategy-tree", ', "Malformed JSON at line 1, column"),
    (b"\xff\xfe{}", "The JSON file is not in UTF-8"),
    (b'{"format": "other"}', "This JSON is not a strategy tree"),
    (b'{"format": "smart-strategy-tree", "version": 2, "nodes": []}', "Unsupported version 2"),
    (b'{"format": "smart-strategy-tree", "version": 1}', 'The JSON has no "nodes" list'),
])
def test_malformed_json(data, expected):
    assert errors_of(data, "json")[0].startswith(expected)


def test_json_errors_name_the_node():
    document = {"format": FORMAT_NAME, "version": 1, "nodes": [
        {"key": "G", "kind": "cíl", "title": "Cíl", "indicators": [
            {"name": "Ind", "baseline_value": "1,2,3"}, {"name": ""}]},
        {"key": "P", "parent_key": "G", "kind": "priority", "title": "Priorita"},
        {"key": "G", "kind": "bogus", "title": 5},
        "not an object",
    ]}
    errors = errors_of(json.dumps(document).encode(), "json")
    assert errors == [
        "nodes[0].indicators[0]: baseline_value “1,2,3” is not a number (use e.g. 10,5 or 10.5).",
        "nodes[0].indicators[1]: the indicator's name is missing.",
        "nodes[2]: title must be text.",
        "nodes[2]: unknown kind “bogus” (use vision, priority, goal, measure or activity / "
        "vize, priorita, cíl, opatření, aktivita).",
        "nodes[2]: the title is missing.",
        "nodes[3]: a node must be an object.",
        "nodes[2]: duplicate key “G” (already used at nodes[0]).",
        "nodes[1]: a priority cannot be placed under a goal (nodes[0]); a child must be at a "
        "deeper level.",
    ]


def test_row_limit():
    ok = [node(f"K{n}", "activity", f"Aktivita {n}") for n in range(MAX_ROWS)]
    assert len(parse_tree(make_csv(ok), "csv")) == MAX_ROWS
    errors = errors_of(make_csv([*ok, node("extra", "activity")]))
    assert errors == [f"The file has more than {MAX_ROWS} rows; split it or contact the "
                      "administrator."]


def test_unknown_format():
    assert errors_of(b"x", "pdf")[0].startswith("Unknown file format")


# --- a failed import changes nothing -------------------------------------------------------------

def test_failed_import_leaves_the_tree_untouched(strategy, editor):
    before = export_tree(strategy)
    version = Strategy.objects.get(pk=strategy.pk).version
    data = render_tree(before, "csv").replace(b";1;goal;1.1;", b";1;gaol;1.1;")
    with pytest.raises(TreeImportError) as info:
        replace_tree(editor, strategy, parse_tree(data, "csv", area_codes=AREAS))
    assert info.value.errors[0].startswith("Row 4: unknown kind “gaol”")
    assert export_tree(strategy) == before
    assert Strategy.objects.get(pk=strategy.pk).version == version


def test_import_failing_midway_is_rolled_back(strategy, editor, monkeypatch):
    before = export_tree(strategy)
    version = Strategy.objects.get(pk=strategy.pk).version
    rows = parse_tree(render_tree(before, "json"), "json")

    def boom(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(IndicatorValue.objects, "create", boom)
    with pytest.raises(RuntimeError):
        replace_tree(editor, strategy, rows)
    monkeypatch.undo()
    assert export_tree(strategy) == before
    assert Strategy.objects.get(pk=strategy.pk).version == version
