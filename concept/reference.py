"""Reading the Smart Cities Concept taxonomy file, validated before anything is written."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

CONCEPT_FILE = Path(__file__).resolve().parent / "data" / "smart-cities-concept.json"


class ConceptDataError(ValueError):
    def __init__(self, path: Path | str, line: int | None, message: str):
        self.path, self.line, self.message = Path(path), line, message
        where = f"{Path(path).name}, line {line}" if line else Path(path).name
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class AreaRow:
    code: str
    name_cs: str
    name_en: str
    official_cs: bool


@dataclass(frozen=True)
class PillarRow:
    code: str
    name_cs: str
    name_en: str
    motto_cs: str
    motto_en: str
    areas: tuple[AreaRow, ...]


def _line_of(text: str, needle: str) -> int | None:
    position = text.find(needle)
    return text.count("\n", 0, position) + 1 if position >= 0 else None


def read_concept(path: Path = CONCEPT_FILE) -> list[PillarRow]:
    if not path.exists():
        raise ConceptDataError(path, None, "file is missing")
    text = path.read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ConceptDataError(path, error.lineno, f"invalid JSON ({error.msg})") from error
    pillars = data.get("pillars") if isinstance(data, dict) else None
    if not isinstance(pillars, list) or not pillars:
        raise ConceptDataError(path, None, "no 'pillars' list")
    result, seen = [], set()
    for pillar in pillars:
        code = pillar.get("code") if isinstance(pillar, dict) else None
        line = _line_of(text, f'"{code}"') if code else None
        try:
            areas = tuple(
                AreaRow(a["code"], a["name"]["cs"], a["name"]["en"], bool(a.get("official_cs")))
                for a in pillar["areas"]
            )
            row = PillarRow(code, pillar["name"]["cs"], pillar["name"]["en"],
                            pillar.get("motto", {}).get("cs", ""),
                            pillar.get("motto", {}).get("en", ""), areas)
        except (KeyError, TypeError) as error:
            raise ConceptDataError(path, line, f"pillar {code or '?'}: missing {error}") from None
        for area in (row, *areas):
            if not area.code or not area.name_cs or not area.name_en:
                raise ConceptDataError(path, _line_of(text, f'"{area.code}"') or line,
                                       f"{area.code or '?'}: empty code or name")
            if area.code in seen:
                raise ConceptDataError(path, _line_of(text, f'"{area.code}"'),
                                       f"duplicate code {area.code}")
            seen.add(area.code)
        result.append(row)
    return result


SDG_FILE = Path(__file__).resolve().parent / "data" / "sdgs.json"
TECHNOLOGY_FILE = Path(__file__).resolve().parent / "data" / "technologies.json"


@dataclass(frozen=True)
class VocabularyRow:
    code: str
    name_cs: str
    name_en: str


def _read_vocabulary(path: Path, key: str) -> list[VocabularyRow]:
    if not path.exists():
        raise ConceptDataError(path, None, "file is missing")
    text = path.read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ConceptDataError(path, error.lineno, f"invalid JSON ({error.msg})") from error
    items = data.get(key) if isinstance(data, dict) else None
    if not isinstance(items, list) or not items:
        raise ConceptDataError(path, None, f"no '{key}' list")
    rows, seen = [], set()
    for item in items:
        try:
            row = VocabularyRow(str(item["code"]), item["cs"].strip(), item["en"].strip())
        except (KeyError, TypeError, AttributeError) as error:
            raise ConceptDataError(path, None, f"entry {item!r}: missing {error}") from None
        if not row.code or not row.name_cs or not row.name_en:
            raise ConceptDataError(path, _line_of(text, row.code), f"{row.code}: empty value")
        if row.code in seen:
            raise ConceptDataError(path, _line_of(text, row.code), f"duplicate code {row.code}")
        seen.add(row.code)
        rows.append(row)
    return rows


def read_sdgs(path: Path = SDG_FILE) -> list[VocabularyRow]:
    rows = _read_vocabulary(path, "goals")
    codes = sorted(int(r.code) for r in rows if r.code.isdigit())
    if codes != list(range(1, 18)):
        raise ConceptDataError(path, None, "the goals must be numbered 1 to 17")
    return rows


def read_technologies(path: Path = TECHNOLOGY_FILE) -> list[VocabularyRow]:
    return _read_vocabulary(path, "technologies")
