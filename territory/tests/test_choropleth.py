from __future__ import annotations

import csv
from pathlib import Path

import pytest

from territory import choropleth
from territory.choropleth import municipality_paths, path_bbox, render_choropleth
from territory.maps import HEIGHT, WIDTH, project

OBCE = Path(choropleth.__file__).resolve().parent / "data" / "obce.csv"


@pytest.fixture(scope="module")
def obce() -> dict[str, dict[str, str]]:
    with OBCE.open(encoding="utf-8", newline="") as handle:
        return {row["code"]: row for row in csv.DictReader(handle)}


def test_decoding_is_cached():
    # How fast the decoding is belongs in bench/, not in a test (a loaded CI machine made
    # the old 3-second threshold fail); what a test can state is that it runs once.
    municipality_paths.cache_clear()
    first = municipality_paths()
    assert municipality_paths() is first
    assert municipality_paths.cache_info().misses == 1


def test_one_path_per_municipality_with_codes_of_obce_csv(obce):
    paths = municipality_paths()
    assert len(paths) == 6258
    assert set(paths) == set(obce)
    assert all(path.startswith("M") and path.endswith("Z") for path in paths.values())


def test_all_paths_lie_within_the_map():
    for path in municipality_paths().values():
        x0, y0, x1, y1 = path_bbox(path)
        assert -1 <= x0 <= x1 <= WIDTH + 1
        assert -1 <= y0 <= y1 <= HEIGHT + 1


def test_ceske_budejovice_path_contains_its_point(obce):
    row = obce["544256"]
    x, y = project(float(row["lon"]), float(row["lat"]))
    x0, y0, x1, y1 = path_bbox(municipality_paths()["544256"])
    tolerance = 2.0
    assert x0 - tolerance <= x <= x1 + tolerance
    assert y0 - tolerance <= y <= y1 + tolerance
    # A city of its size spans a few pixels, not the whole map.
    assert 3 < x1 - x0 < 60 and 3 < y1 - y0 < 60


def test_multipolygons_have_several_rings():
    multi = [path for path in municipality_paths().values() if path.count("M") > 1]
    assert len(multi) >= 88


def test_whole_country_svg_is_small_enough():
    paths = municipality_paths()
    assert sum(len(path) for path in paths.values()) < 1_000_000
    svg = render_choropleth({}, [(1, "c1")]).as_svg(title="Mapa")
    assert len(svg.encode("utf-8")) < 1_500_000
    assert svg.startswith("<svg") and svg.endswith("</svg>")


def test_classes_and_legend():
    values = {"544256": 25, "500011": 3, "500020": 0}
    classes = [(20, "c3"), (1, "c1"), (5, "c2")]  # order does not matter
    result = render_choropleth(values, classes, names={"544256": "České Budějovice"})
    by_code = {area.code: area for area in result.areas}
    assert len(by_code) == 6258
    assert by_code["544256"].css_class == "c3"
    assert by_code["544256"].name == "České Budějovice"
    assert by_code["500011"].css_class == "c1"
    assert by_code["500020"].css_class == "ch-none"  # below the first bound
    assert by_code["500020"].value == 0
    assert by_code["569704"].css_class == "ch-none"  # no value at all
    assert [(item.css_class, item.label, item.count) for item in result.legend[1:]] == [
        ("c1", "1–4", 1), ("c2", "5–19", 0), ("c3", "20+", 1)]
    assert result.legend[0].css_class == "ch-none" and result.legend[0].count == 6256
    assert len(result.outlines) == 14
    assert result.view_box == f"0 0 {WIDTH:g} {HEIGHT:g}"


def test_svg_escapes_names():
    svg = render_choropleth({"544256": 1}, [(1, "c1")],
                            names={"544256": "<script>&"}).as_svg(title='"x"')
    assert "<script>" not in svg
    assert "&lt;script&gt;&amp; (544256): 1" in svg
    assert 'aria-label="&quot;x&quot;"' in svg
