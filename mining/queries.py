"""Reads of mining results: a document's extraction, profiles and their comparisons."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import QuerySet

from concept.models import KeyArea

from .models import Extraction, Passage


def extraction_for(sha256: str) -> Extraction | None:
    return Extraction.objects.filter(sha256=sha256).first()


def passages_of(extraction: Extraction) -> QuerySet[Passage]:
    return extraction.passages.order_by("index")


def strategy_profile(strategy) -> dict[str, float]:
    """Share of the strategy's current documents per key area (passage-weighted)."""
    hashes = [d.current.sha256 for d in strategy.documents.prefetch_related("versions")
              if d.current is not None]
    return combined_profile(Extraction.objects.filter(sha256__in=hashes))


def combined_profile(extractions) -> dict[str, float]:
    weights: dict[str, float] = defaultdict(float)
    total = 0
    for extraction in extractions.exclude(profile={}):
        count = extraction.profile.get("passages", 0)
        for code, share in extraction.profile.get("areas", {}).items():
            weights[code] += share * count
        total += count
    return {code: value / total for code, value in weights.items()} if total else {}


def average_profile(strategies) -> dict[str, float]:
    """The mean of strategy profiles (each strategy counts once, whatever its length)."""
    profiles = [p for p in (strategy_profile(s) for s in strategies) if p]
    if not profiles:
        return {}
    codes = {code for profile in profiles for code in profile}
    return {code: sum(p.get(code, 0.0) for p in profiles) / len(profiles) for code in codes}


def profile_rows(*profiles: dict[str, float]) -> list[dict[str, Any]]:
    """One row per key area with the share in each profile, for charts and tables."""
    rows = []
    for area in KeyArea.objects.select_related("pillar").order_by("position"):
        values = [round(profile.get(area.code, 0.0) * 100, 1) for profile in profiles]
        rows.append({"area": area, "values": values})
    return rows
