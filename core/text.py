"""Text helpers for Czech: diacritics folding and Czech collation."""

from __future__ import annotations

import unicodedata
from typing import Any

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


# --- text input -------------------------------------------------------------------------
#
# Every text a service stores goes through `clean_text` once, at the service boundary:
# Unicode NFC, line ends as "\n", and no control characters (they break XLSX exports, and
# PostgreSQL refuses NUL in text), except newline and tab where multi-line text is allowed.
# Lone surrogates (possible in JSON "\ud800") cannot be stored as UTF-8 and go too.

# Length limits of free text (TextField), in one place; services, forms and the API
# schemas use them. Fields stored in a CharField are limited by its max_length.
TITLE_MAX_LENGTH = 300  # titles of strategies, intentions, calls, documents
TEXT_MAX_LENGTH = 20_000  # summaries, descriptions, problem, goals, target groups
COMMENT_MAX_LENGTH = 5_000  # review comments, reasons, notes
URL_MAX_LENGTH = 200  # links (Django's URLField)

_MULTILINE_KEEP = {"\n", "\t"}


def _is_dropped(ch: str, multiline: bool) -> bool:
    if ch in _MULTILINE_KEEP:
        return not multiline
    category = unicodedata.category(ch)
    # Cc: C0/C1 controls and DEL; Cs: lone surrogates; U+FFFE/U+FFFF: non-characters.
    return category in ("Cc", "Cs") or ch in ("\ufffe", "\uffff")


def clean_text(value: object, *, multiline: bool = False) -> str:
    """Text as the services store it: NFC-normalised, stripped of control characters,
    surrounding whitespace removed. Single-line text gets a space for a newline or tab;
    multi-line text keeps newlines ("\\r\\n" and "\\r" become "\\n") and tabs."""
    if value is None:
        return ""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    if not multiline:
        text = text.replace("\n", " ").replace("\t", " ")
    text = "".join(ch for ch in text if not _is_dropped(ch, multiline))
    return unicodedata.normalize("NFC", text).strip()


def text_field(errors: dict[str, list[str]], name: str, value: object, max_length: int, *,
               multiline: bool = False, required: bool = False) -> str:
    """`clean_text` of one field, adding to `errors[name]` what is wrong with it (too long;
    empty although required). Returns the cleaned text either way."""
    from django.utils.translation import gettext as _

    text = clean_text(value, multiline=multiline)
    if required and not text:
        errors.setdefault(name, []).append(_("This field is required."))
    elif len(text) > max_length:
        errors.setdefault(name, []).append(
            _("Enter at most %(limit)s characters (it has %(count)s).")
            % {"limit": max_length, "count": len(text)})
    return text


def without_nul(data: Any) -> Any:
    """`data` (parsed JSON: dicts, lists, strings…) with every NUL character removed from
    its strings and keys. PostgreSQL refuses NUL in text, so a NUL in a code or id sent
    to the API would otherwise fail the query instead of finding nothing."""
    if isinstance(data, str):
        return data.replace("\x00", "")
    if isinstance(data, list):
        return [without_nul(item) for item in data]
    if isinstance(data, dict):
        return {without_nul(key): without_nul(value) for key, value in data.items()}
    return data
