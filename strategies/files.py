"""Strategy documents as mining sees them: the holder of their files (`mining.files`).

Every version of a document is a stored file; mining processes each distinct file once and
asks here which stored files have its bytes and which strategies use it: whoever may see
one of them follows its processing, an editor of one corrects its passages.
"""

from __future__ import annotations

from typing import Any

from mining import files

from .models import DocumentVersion, Strategy


def stored(sha256: str) -> list[Any]:
    return [version.file for version in DocumentVersion.objects.filter(sha256=sha256)]


def hashes() -> list[str]:
    return list(DocumentVersion.objects.values_list("sha256", flat=True).distinct())


def records(sha256: str) -> list[Strategy]:
    """The strategies (not deleted) with a document version of these bytes."""
    return list(Strategy.objects.filter(documents__versions__sha256=sha256).distinct()
                .prefetch_related("owners"))


def register() -> None:
    files.register(files.FileHolder(name="strategy_documents", stored=stored, hashes=hashes,
                                    records=records))
