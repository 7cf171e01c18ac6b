"""Reads of mining results: a document's extraction, profiles and their comparisons."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import QuerySet

from concept.models import KeyArea

from .models import Extraction, Passage


def extraction_for(sha256: str) -> Extraction | None:
    return Extraction.objects.filter(sha256=sha256).first()


def processing_of(sha256s) -> dict[str, dict[str, Any]]:
    """The processing state of each file (by SHA-256), as the API shows it."""
    return {e.sha256: {"status": e.status, "progress": e.progress, "retrying": e.retrying,
                       "attempt": e.attempt, "reason": e.reason if e.status == "failed" else "",
                       "pages": e.page_count, "passages": e.passage_count}
            for e in Extraction.objects.filter(sha256__in=list(sha256s))}


def passages_of(extraction: Extraction) -> QuerySet[Passage]:
    return extraction.passages.order_by("index")


def profiles_of_files(sha256s) -> dict[str, dict]:
    """The concept profile of each mined file (by SHA-256) that has one."""
    return dict(Extraction.objects.filter(sha256__in=set(sha256s)).exclude(profile={})
                .values_list("sha256", "profile"))


def combined_profile(profiles: list[dict]) -> dict[str, float]:
    """Passage-weighted shares per key area of several extraction profiles."""
    weights: dict[str, float] = defaultdict(float)
    total = 0
    for profile in profiles:
        count = profile.get("passages", 0)
        for code, share in profile.get("areas", {}).items():
            weights[code] += share * count
        total += count
    return {code: value / total for code, value in weights.items()} if total else {}


def mean_profile(profiles: list[dict[str, float]]) -> dict[str, float]:
    """The mean of shares per key area (each profile counts once, whatever its length);
    empty profiles are left out."""
    profiles = [p for p in profiles if p]
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
