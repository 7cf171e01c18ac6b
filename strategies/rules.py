"""The permission rule of each strategies record type (`accounts.permissions`).

A strategy is owned by its units and public once published; its elements, indicators,
indicator values, documents and their versions follow the strategy they belong to.
"""

from __future__ import annotations

from django.db.models import Q

from accounts import permissions
from accounts.permissions import Owned, PartOf
from core.workflow import ReviewState

from .models import (
    DocumentVersion,
    Indicator,
    IndicatorValue,
    Revision,
    Strategy,
    StrategyDocument,
    StructureMerge,
    StructureNode,
)


def register() -> None:
    permissions.register(Strategy, Owned(
        units="owners", public=Q(state=ReviewState.PUBLISHED, deleted_at__isnull=True)))
    permissions.register(StructureNode, PartOf("strategy"))
    permissions.register(Indicator, PartOf("node"))
    permissions.register(IndicatorValue, PartOf("indicator"))
    permissions.register(StrategyDocument, PartOf("strategy"))
    permissions.register(DocumentVersion, PartOf("document"))
    # A revision waiting for review and a merge kept for its undo: shown only on the
    # strategy's page, to those who may see its unpublished state.
    permissions.register(Revision, PartOf("strategy"))
    permissions.register(StructureMerge, PartOf("strategy"))
