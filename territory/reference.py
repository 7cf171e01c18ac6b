"""Reading the official territorial reference files (ČSÚ / RÚIAN codes).

Parsing is separate from loading: `read_reference(folder)` validates every file and row
first and raises `ReferenceDataError` naming the file and line, so a broken file stops the
load before the database is touched.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from .models import Kind

DATA_DIR = Path(__file__).resolve().parent / "data"

OBEC_STATUSES = {"obec", "město", "městys", "statutární město", "vojenský újezd", "hlavní město"}


class ReferenceDataError(ValueError):
    def __init__(self, path: Path | str, line: int | None, message: str):
        self.path, self.line, self.message = Path(path), line, message
        where = f"{Path(path).name}, line {line}" if line else Path(path).name
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class UnitRow:
    kind: str
    code: str
    name: str
    alt_code: str = ""
    status: str = ""
    population: int | None = None
    lat: float | None = None
    lon: float | None = None
    kraj: str = ""  # codes of parents (kraj by NUTS 3 code)
    okres: str = ""
    orp: str = ""


def _rows(path: Path, required: list[str]):
    if not path.exists():
        raise ReferenceDataError(path, None, "file is missing")
    try:
        handle = path.open(encoding="utf-8", newline="")
        with handle:
            reader = csv.DictReader(handle)
            header = reader.fieldnames or []
            missing = [column for column in required if column not in header]
            if missing:
                raise ReferenceDataError(path, 1, f"missing columns: {', '.join(missing)}")
            rows = list(reader)
    except UnicodeDecodeError as error:
        raise ReferenceDataError(path, None, f"not valid UTF-8 ({error.reason})") from error
    except csv.Error as error:
        raise ReferenceDataError(path, None, f"not a valid CSV file ({error})") from error
    if not rows:
        raise ReferenceDataError(path, None, "file has no data rows")
    for index, row in enumerate(rows, start=2):
        if None in row or any(row.get(column) is None for column in required):
            raise ReferenceDataError(path, index, "wrong number of columns")
        empty = [column for column in required if not row[column].strip()]
        if empty:
            raise ReferenceDataError(path, index, f"empty value in {', '.join(empty)}")
        yield index, row


def _integer(path: Path, line: int, column: str, value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise ReferenceDataError(path, line, f"{column} '{value}' is not a whole number") from None
    if number < 0:
        raise ReferenceDataError(path, line, f"{column} must not be negative")
    return number


def _coordinate(path: Path, line: int, column: str, value: str, low: float, high: float) -> float:
    try:
        number = float(value)
    except ValueError:
        raise ReferenceDataError(path, line, f"{column} '{value}' is not a number") from None
    if not low <= number <= high:
        raise ReferenceDataError(path, line, f"{column} {number} lies outside Czechia")
    return number


def _unique(path: Path, seen: set[str], line: int, code: str) -> None:
    if code in seen:
        raise ReferenceDataError(path, line, f"duplicate code {code}")
    seen.add(code)


def read_reference(folder: Path = DATA_DIR) -> list[UnitRow]:
    """All official units, parents before children, validated."""
    # The state owns national strategies; it is the root above the 14 kraje.
    units: list[UnitRow] = [UnitRow(Kind.STATE, "CZ", "Česká republika")]

    path = folder / "kraje.csv"
    kraje: dict[str, str] = {}  # NUTS 3 → VÚSC
    seen: set[str] = set()
    for line, row in _rows(path, ["code", "nuts3", "name"]):
        _integer(path, line, "code", row["code"])
        _unique(path, seen, line, row["nuts3"])
        kraje[row["nuts3"]] = row["code"]
        units.append(UnitRow(Kind.KRAJ, row["nuts3"], row["name"].strip(), alt_code=row["code"]))

    def kraj_of(path: Path, line: int, nuts3: str) -> str:
        if nuts3 not in kraje:
            raise ReferenceDataError(path, line, f"unknown kraj {nuts3}")
        return nuts3

    path = folder / "okresy.csv"
    okresy: set[str] = set()
    for line, row in _rows(path, ["code", "lau1", "name", "kraj_nuts3"]):
        _integer(path, line, "code", row["code"])
        _unique(path, okresy, line, row["code"])
        units.append(UnitRow(
            Kind.OKRES, row["code"], row["name"].strip(), alt_code=row["lau1"],
            kraj=kraj_of(path, line, row["kraj_nuts3"]),
        ))

    path = folder / "orp.csv"
    orps: set[str] = set()
    for line, row in _rows(path, ["code", "name", "kraj_nuts3"]):
        _integer(path, line, "code", row["code"])
        _unique(path, orps, line, row["code"])
        units.append(UnitRow(
            Kind.ORP, row["code"], row["name"].strip(), kraj=kraj_of(path, line, row["kraj_nuts3"])
        ))

    path = folder / "obce.csv"
    obce: set[str] = set()
    columns = ["code", "name", "status", "okres_code", "orp_code", "pou_code", "kraj_nuts3",
               "population", "lat", "lon"]
    for line, row in _rows(path, columns):
        _integer(path, line, "code", row["code"])
        _unique(path, obce, line, row["code"])
        if row["status"] not in OBEC_STATUSES:
            raise ReferenceDataError(path, line, f"unknown status '{row['status']}'")
        if row["okres_code"] not in okresy:
            raise ReferenceDataError(path, line, f"unknown okres {row['okres_code']}")
        if row["orp_code"] not in orps:
            raise ReferenceDataError(path, line, f"unknown ORP {row['orp_code']}")
        units.append(UnitRow(
            Kind.OBEC, row["code"], row["name"].strip(), alt_code=row["pou_code"],
            status=row["status"],
            population=_integer(path, line, "population", row["population"]),
            lat=_coordinate(path, line, "lat", row["lat"], 48.4, 51.2),
            lon=_coordinate(path, line, "lon", row["lon"], 12.0, 19.0),
            kraj=kraj_of(path, line, row["kraj_nuts3"]),
            okres=row["okres_code"],
            orp=row["orp_code"],
        ))
    return units
