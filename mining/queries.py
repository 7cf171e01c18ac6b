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


def strategy_profile(strategy) -> dict[str, float]:
    """Share of the strategy's current documents per key area (passage-weighted)."""
    return profiles_of([strategy.pk]).get(strategy.pk, {})


def profiles_of(strategies) -> dict[int, dict[str, float]]:
    """``strategy_profile`` of each of ``strategies`` (ids or a queryset) in two queries,
    however many there are: the kraj and national averages read hundreds of them."""
    from strategies.models import DocumentVersion

    if isinstance(strategies, QuerySet):  # evaluated here: it may be sliced and distinct
        strategies = list(strategies.values_list("pk", flat=True))
    newest: dict[int, tuple[int, int, str]] = {}  # document → (number, strategy, sha256)
    for document, strategy, number, sha256 in DocumentVersion.objects.filter(
            document__strategy__in=strategies).values_list(
            "document_id", "document__strategy_id", "number", "sha256"):
        if document not in newest or number > newest[document][0]:
            newest[document] = (number, strategy, sha256)
    hashes: dict[int, set[str]] = defaultdict(set)  # a file used twice counts once
    for _number, strategy, sha256 in newest.values():
        hashes[strategy].add(sha256)
    mined = dict(Extraction.objects.filter(
        sha256__in={sha256 for _n, _s, sha256 in newest.values()}).exclude(profile={})
        .values_list("sha256", "profile"))
    return {strategy: combined_profile([mined[h] for h in sorted(shas) if h in mined])
            for strategy, shas in hashes.items()}


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


def average_profile(strategies) -> dict[str, float]:
    """The mean of strategy profiles (each strategy counts once, whatever its length)."""
    profiles = [p for p in profiles_of(strategies).values() if p]
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
