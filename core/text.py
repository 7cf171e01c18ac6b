"""Text helpers for Czech: diacritics folding and Czech collation."""

from __future__ import annotations

import unicodedata

import czech_sort


def fold(text: str) -> str:
    """Lower-case text without diacritics, for diacritics-insensitive matching.

    "České Budějovice" → "ceske budejovice"; the same function folds the stored name and the
    query, so "Ceske Bud" and "české bud" both find it.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def czech_key(text: str):
    """Sort key following Czech collation (ch after h, č after c, á with a …)."""
    return czech_sort.key(text or "")


def czech_sort_bytes(text: str) -> bytes:
    """Bytes that sort in Czech order under plain byte comparison.

    Stored beside names (BinaryField) so both SQLite and PostgreSQL order lists the Czech
    way without an ICU collation in the database.
    """
    return czech_sort.bytes_key(text or "")
