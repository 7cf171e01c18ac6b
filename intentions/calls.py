"""Funding calls that fit an intention, as the app that holds the calls finds them.

Intentions lie below funding (funding matches calls and intentions both ways), so the
intention's pages and API ask here and funding registers its matcher in its
`AppConfig.ready()`. Without a matcher no call is offered.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# (intention, limit=, viewer=, too_late=False) → [(call, match)], best first; a match has
# `score`, `requested_support` and `reasons`; with too_late=True the calls the intention
# cannot reach in time instead.
Matcher = Callable[..., list[tuple[Any, Any]]]

_matchers: list[Matcher] = []


def register(matcher: Matcher) -> None:
    """Find calls with `matcher` (replacing what was registered before)."""
    _matchers[:] = [matcher]


def matching_calls(intention: Any, *, limit: int, viewer: Any) -> list[tuple[Any, Any]]:
    """Open and upcoming calls ranked by fit for the intention, at most `limit`; a budget
    the viewer may not see stays out of the match."""
    if not _matchers:
        return []
    return _matchers[0](intention, limit=limit, viewer=viewer)


def too_late_calls(intention: Any, *, limit: int, viewer: Any) -> list[tuple[Any, Any]]:
    """Calls on the intention's subject that close before it can have its application
    ready (at its readiness), best first: not matches, shown apart."""
    if not _matchers:
        return []
    return _matchers[0](intention, limit=limit, viewer=viewer, too_late=True)
