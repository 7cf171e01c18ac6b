"""Strategy documents as mining sees them: the holder of their files (`mining.files`).

Every version of a document is a stored file; mining processes each distinct file once and
asks here which stored files have its bytes, who may follow its processing (whoever may see
a strategy using it) and who may correct its passages (an editor of such a strategy).
"""

from __future__ import annotations

from typing import Any

from accounts.permissions import Action, can
from mining import files

from .models import DocumentVersion, Strategy
from .queries import visible_strategies


def stored(sha256: str) -> list[Any]:
    return [version.file for version in DocumentVersion.objects.filter(sha256=sha256)]


def hashes() -> list[str]:
    return list(DocumentVersion.objects.values_list("sha256", flat=True).distinct())


def may_see(user: Any, sha256: str) -> bool:
    return visible_strategies(user).filter(documents__versions__sha256=sha256).exists()


def may_correct(user: Any, sha256: str) -> bool:
    strategies = Strategy.objects.filter(documents__versions__sha256=sha256).distinct()
    return any(can(user, Action.EDIT, strategy) for strategy in strategies)


def register() -> None:
    files.register(files.FileHolder(name="strategy_documents", stored=stored, hashes=hashes,
                                    may_see=may_see, may_correct=may_correct))
