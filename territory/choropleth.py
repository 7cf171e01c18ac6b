"""Choropleth maps of all 6,258 municipalities, drawn on the server as SVG.

The municipality polygons come from `data/obce.topo.json` (TopoJSON, object `SPH_OBEC`,
quantised and delta-encoded arcs, geometry `id` = municipality code as a number; see
`data/SOURCES.md`). They are decoded here in pure Python, projected with
`territory.maps.project` (the same projection as the kraj map, so kraj outlines from
`maps.region_shapes()` overlay exactly) and simplified per *arc*: every arc drops the points
closer than `MIN_STEP` px to the last point kept, but always keeps its two end points. Arcs
are shared by neighbouring municipalities, so simplifying arcs (not rings) leaves no gaps or
overlaps between neighbours.

The decoded paths are cached for the life of the process (`municipality_paths`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from .maps import HEIGHT, WIDTH, RegionShape, project, region_shapes, view_box

TOPOJSON = Path(__file__).resolve().parent / "data" / "obce.topo.json"
OBJECT = "SPH_OBEC"
MIN_STEP = 0.7  # px: points closer than this to the previous kept point are dropped
EMPTY_CLASS = "ch-none"

Point = tuple[float, float]


def _fmt(value: float) -> str:
    return f"{value:g}"


def _decode_arcs(topology: dict) -> list[list[Point]]:
    """Absolute, projected and simplified points of every arc."""
    transform = topology.get("transform")
    (sx, sy), (tx, ty) = ((transform["scale"], transform["translate"]) if transform
                          else ((1.0, 1.0), (0.0, 0.0)))
    min_sq = MIN_STEP * MIN_STEP
    decoded: list[list[Point]] = []
    for arc in topology["arcs"]:
        x = y = 0
        points: list[Point] = []
        last = len(arc) - 1
        for index, (dx, dy) in enumerate(arc):
            if transform:
                x += dx
                y += dy
            else:
                x, y = dx, dy
            point = project(x * sx + tx, y * sy + ty)
            if points and index != last:
                px, py = points[-1]
                if (point[0] - px) ** 2 + (point[1] - py) ** 2 < min_sq:
                    continue
            points.append(point)
        decoded.append(points)
    return decoded


def _ring(arcs: list[list[Point]], indexes: list[int]) -> str:
    points: list[Point] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    # Consecutive duplicates appear where short arcs collapsed after rounding.
    unique = [points[0]] if points else []
    for point in points[1:]:
        if point != unique[-1]:
            unique.append(point)
    if len(unique) > 1 and unique[0] == unique[-1]:
        unique.pop()
    if not unique:
        return ""
    head, *rest = unique
    return (f"M{_fmt(head[0])},{_fmt(head[1])}"
            + ("L" + " ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in rest) if rest else "")
            + "Z")


@lru_cache(maxsize=1)
def municipality_paths() -> dict[str, str]:
    """SVG path data (`d`) per municipality code (string), in the `maps` projection."""
    topology = json.loads(TOPOJSON.read_bytes())
    arcs = _decode_arcs(topology)
    paths: dict[str, str] = {}
    for geometry in topology["objects"][OBJECT]["geometries"]:
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        path = "".join(_ring(arcs, ring) for polygon in polygons for ring in polygon)
        paths[str(geometry["id"])] = path
    return paths


def path_bbox(path: str) -> tuple[float, float, float, float]:
    """(min x, min y, max x, max y) of a path produced by `municipality_paths`."""
    xs, ys = [], []
    for token in path.replace("M", " ").replace("L", " ").replace("Z", " ").split():
        x, y = token.split(",")
        xs.append(float(x))
        ys.append(float(y))
    return min(xs), min(ys), max(xs), max(ys)


@dataclass(frozen=True)
class ChoroplethArea:
    code: str
    path: str
    css_class: str
    value: int | None
    name: str = ""


@dataclass(frozen=True)
class LegendItem:
    css_class: str
    label: str
    lower: int | None  # None for the "no value" item
    upper: int | None  # None when open-ended
    count: int  # municipalities in this class


@dataclass(frozen=True)
class Choropleth:
    view_box: str
    width: float
    height: float
    areas: tuple[ChoroplethArea, ...]
    legend: tuple[LegendItem, ...]
    outlines: tuple[RegionShape, ...]  # kraje, to draw over the municipalities

    def as_svg(self, *, title: str = "", css_class: str = "choropleth") -> str:
        """The whole map as one inline `<svg>` (faster than looping in a template)."""
        parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{self.view_box}" '
                 f'class="{escape(css_class)}" role="img"'
                 + (f' aria-label="{escape(title)}"' if title else "") + ">"]
        if title:
            parts.append(f"<title>{escape(title)}</title>")
        parts.append('<g class="ch-municipalities">')
        for area in self.areas:
            label = f"{area.name} ({area.code})" if area.name else area.code
            if area.value is not None:
                label += f": {area.value}"
            parts.append(f'<path id="obec-{area.code}" class="{area.css_class}" '
                         f'd="{area.path}"><title>{escape(label)}</title></path>')
        parts.append('</g><g class="ch-outlines" fill="none">')
        parts.extend(f'<path d="{shape.path}"/>' for shape in self.outlines)
        parts.append("</g></svg>")
        return "".join(parts)


def _class_for(value: int | None, bounds: list[tuple[int, str]], empty_class: str) -> str:
    if value is None:
        return empty_class
    chosen = empty_class
    for lower, css_class in bounds:
        if value >= lower:
            chosen = css_class
        else:
            break
    return chosen


def render_choropleth(values: Mapping[str, int | None], classes: Iterable[tuple[int, str]],
                      *, names: Mapping[str, str] | None = None,
                      empty_class: str = EMPTY_CLASS,
                      empty_label: str | None = None) -> Choropleth:
    """Data for a choropleth template.

    `values` maps municipality codes (strings) to a count; `classes` lists
    `(lower_bound, css_class)`: a municipality gets the class with the greatest lower bound
    not above its value. Municipalities without a value, or with a value below the first
    bound, get `empty_class`. The legend lists the classes with ranges ("1–4", "5–19",
    "20+") and how many municipalities fall in each, the empty class first.
    """
    bounds = sorted(classes)
    names = names or {}
    counts: dict[str, int] = {}
    areas = []
    for code, path in municipality_paths().items():
        value = values.get(code)
        css_class = _class_for(value, bounds, empty_class)
        counts[css_class] = counts.get(css_class, 0) + 1
        areas.append(ChoroplethArea(code, path, css_class, value, names.get(code, "")))
    legend = [LegendItem(empty_class, str(empty_label if empty_label is not None
                                          else _("no value")), None, None,
                         counts.get(empty_class, 0))]
    for index, (lower, css_class) in enumerate(bounds):
        upper = bounds[index + 1][0] - 1 if index + 1 < len(bounds) else None
        if upper is None:
            label = f"{lower}+"
        elif upper == lower:
            label = str(lower)
        else:
            label = f"{lower}–{upper}"
        legend.append(LegendItem(css_class, label, lower, upper, counts.get(css_class, 0)))
    return Choropleth(view_box(), WIDTH, HEIGHT, tuple(areas), tuple(legend), region_shapes())
