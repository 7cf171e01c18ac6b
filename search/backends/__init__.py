"""One search interface, one engine per database vendor (see ``base.SearchBackend``)."""

from __future__ import annotations

from django.conf import settings
from django.db import connections

from .base import Hits, Match, Row, SearchBackend

__all__ = ["Hits", "Match", "Row", "SearchBackend", "get_backend"]


def get_backend(using: str = "default") -> SearchBackend:
    vendor = connections[using].vendor
    if vendor == "postgresql":
        from .postgres import PostgresBackend as backend_class
    elif vendor == "sqlite":
        from .sqlite import SqliteBackend as backend_class
    else:  # pragma: no cover - the project runs on these two
        raise NotImplementedError(f"No search backend for {vendor}.")
    backend = backend_class(using)
    overrides = getattr(settings, "SEARCH", {})
    for name in ("exact_limit", "candidate_limit"):
        if name in overrides:
            setattr(backend, name, int(overrides[name]))
    return backend
