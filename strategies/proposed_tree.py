"""Taking over the structure mining proposes for a document into the strategy's tree."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.access import Actor
from mining.models import Extraction

from . import merge
from .models import NODE_DEPTH, NodeKind, Strategy

# The pipeline's heading levels mapped to the registry's five kinds.
LEVEL_TO_KIND = {"vision": NodeKind.VISION, "priority": NodeKind.PRIORITY,
                 "strategic_goal": NodeKind.GOAL, "specific_goal": NodeKind.GOAL,
                 "measure": NodeKind.MEASURE, "activity": NodeKind.ACTIVITY}


def proposed_rows(tree: list[dict]) -> list[dict]:
    """Rows (as `services.replace_tree` takes them) from the proposed tree. A child whose kind is not
    deeper than its parent's (e.g. a specific goal under a strategic goal, both goals) is
    attached to the nearest ancestor it can sit under."""
    rows: list[dict] = []
    counter = [0]

    def walk(nodes: list[dict], ancestors: list[tuple[str, str]]) -> None:
        for node in nodes:
            kind = str(LEVEL_TO_KIND.get(node.get("level", ""), NodeKind.MEASURE))
            chain = list(ancestors)
            while chain and NODE_DEPTH[chain[-1][1]] >= NODE_DEPTH[kind]:
                chain.pop()
            counter[0] += 1
            key = f"P{counter[0]}"
            rows.append({"key": key, "parent_key": chain[-1][0] if chain else "",
                         "kind": kind, "code": (node.get("code") or "")[:30],
                         "title": (node.get("title") or "")[:500] or kind,
                         "description": "", "responsible": "", "areas": [],
                         "indicators": []})
            walk(node.get("children") or [], [*chain, (key, kind)])

    walk(tree, [])
    return rows


def accept_proposed_tree(actor: Actor, strategy: Strategy, extraction: Extraction, *,
                         remove: set[int] | None = None,
                         strategy_version: int | None = None) -> int:
    """Merge the structure found in one of the strategy's documents into its tree
    (`merge.merge`: what is new is added, the editor's elements stay unless chosen for
    removal); returns how many elements were added."""
    if not extraction.proposed_tree:
        raise ValidationError(_("No structure was found in this document."))
    record = merge.merge(actor, strategy, proposed_rows(extraction.proposed_tree),
                         remove=remove, extraction_id=extraction.pk,
                         strategy_version=strategy_version)
    return len(record.added)
