"""Concept profiles of strategies: how their current documents fall into the key areas, from
what mining found in each file."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import QuerySet

from mining.queries import combined_profile, mean_profile, profiles_of_files

from .models import DocumentVersion


def strategy_profile(strategy) -> dict[str, float]:
    """Share of the strategy's current documents per key area (passage-weighted)."""
    return profiles_of([strategy.pk]).get(strategy.pk, {})


def profiles_of(strategies) -> dict[int, dict[str, float]]:
    """``strategy_profile`` of each of ``strategies`` (ids or a queryset) in two queries,
    however many there are: the kraj and national averages read hundreds of them."""
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
    mined = profiles_of_files(sha256 for _n, _s, sha256 in newest.values())
    return {strategy: combined_profile([mined[h] for h in sorted(shas) if h in mined])
            for strategy, shas in hashes.items()}


def average_profile(strategies) -> dict[str, float]:
    """The mean of strategy profiles (each strategy counts once, whatever its length)."""
    return mean_profile(list(profiles_of(strategies).values()))
