"""Small SVG maps drawn on the server from the bundled GeoJSON: no tile server, no CDN.

The projection is equirectangular with longitudes scaled by cos(49.8°), which keeps
Czechia's shape faithful enough at this size.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

GEOJSON = Path(__file__).resolve().parent / "data" / "kraje.geo.json"
WIDTH = 600.0
LON_MIN, LON_MAX, LAT_MIN, LAT_MAX = 12.05, 18.9, 48.53, 51.08
SCALE_X = math.cos(math.radians(49.8))
HEIGHT = round(WIDTH * (LAT_MAX - LAT_MIN) / ((LON_MAX - LON_MIN) * SCALE_X), 1)


def project(lon: float, lat: float) -> tuple[float, float]:
    x = (lon - LON_MIN) / (LON_MAX - LON_MIN) * WIDTH
    y = (LAT_MAX - lat) / (LAT_MAX - LAT_MIN) * HEIGHT
    return round(x, 1), round(y, 1)


def _ring_path(ring: list[list[float]]) -> str:
    points = [project(lon, lat) for lon, lat in ring]
    return "M" + "L".join(f"{x},{y}" for x, y in points) + "Z"


@dataclass(frozen=True)
class RegionShape:
    code: str  # VÚSC code as in the GeoJSON
    nuts3: str
    name: str
    path: str


@lru_cache(maxsize=1)
def region_shapes() -> tuple[RegionShape, ...]:
    data = json.loads(GEOJSON.read_text(encoding="utf-8"))
    shapes = []
    for feature in data["features"]:
        geometry = feature["geometry"]
        polygons = (geometry["coordinates"] if geometry["type"] == "MultiPolygon"
                    else [geometry["coordinates"]])
        path = "".join(_ring_path(ring) for polygon in polygons for ring in polygon)
        props = feature["properties"]
        shapes.append(RegionShape(props["code"], props["nuts3"], props["name"], path))
    return tuple(shapes)


def view_box() -> str:
    return f"0 0 {WIDTH:g} {HEIGHT:g}"
