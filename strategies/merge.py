"""Taking over a proposed structure as a merge into the editor's tree, and undoing it.

Nothing the editor built is lost silently: an element of the proposal that matches one of
the tree's (by code, else by title — normalised, a title cut at a PDF line break matching
the whole one) is kept as the editor has it, with its indicators and links; what is new is
added under its matched parent; an element of the tree that the proposal does not contain
stays unless the editor explicitly chooses to remove it. The merge is kept
(`StructureMerge`) so that it can be undone: the added elements go, the removed ones come
back with their sub-elements, indicators, measured values, areas and the records (e.g.
intentions) linking to them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import history
from core.models import HistoryEntry
from core.text import fold
from core.workflow import Actor

from . import services
from .models import (
    NODE_DEPTH,
    Indicator,
    IndicatorValue,
    NodeKind,
    Strategy,
    StructureMerge,
    StructureNode,
)

MIN_PREFIX = 12  # characters a cut title must keep to match the whole one


def normalise_title(text: str) -> str:
    """A title as compared: a word split by a hyphen at a line break joined, without
    diacritics, case, punctuation at the ends and repeated spaces."""
    joined = re.sub(r"(\w)-\s*\n\s*(\w)", r"\1\2", text or "")
    return fold(joined).strip(" .,;:–-")


def normalise_code(code: str) -> str:
    return re.sub(r"\s+", "", (code or "")).strip(".").casefold()


def _titles_match(a: str, b: str) -> bool:
    if not a or not b:
        return False
    if a == b:
        return True
    shorter, longer = sorted((a, b), key=len)
    # A title cut at a line break of the PDF is the beginning of the whole title.
    return len(shorter) >= MIN_PREFIX and longer.startswith(shorter + " ")


@dataclass
class Item:
    """One element in the plan: a row of the proposal or an element of the tree."""

    key: str  # the proposal's row key, or "n<pk>" for an element of the tree only
    kind: str
    code: str
    title: str
    depth: int = 0
    node: StructureNode | None = None  # matched or existing element
    parent_key: str = ""
    indicators: list[str] = field(default_factory=list)
    links: int = 0

    @property
    def label(self) -> str:
        return f"{self.code} {self.title}".strip()


@dataclass
class Plan:
    added: list[Item]  # in the proposal only: will be added
    kept: list[Item]  # in both: the editor's element stays as it is
    only_current: list[Item]  # in the tree only: stays unless chosen for removal

    @property
    def changes_anything(self) -> bool:
        return bool(self.added)


def _links(node: StructureNode) -> int:
    """How many records of other apps link to the element (many-to-many fields pointing to
    StructureNode, e.g. the intentions implementing it), found without importing them."""
    count = 0
    for relation in StructureNode._meta.related_objects:
        if relation.many_to_many:
            count += getattr(node, str(relation.get_accessor_name())).count()
    return count


def plan(strategy: Strategy, rows: list[dict[str, Any]]) -> Plan:
    """What merging the proposal's rows (`proposed_tree.proposed_rows`) would do."""
    nodes = list(strategy.nodes.prefetch_related("indicators").order_by("position", "id"))
    unmatched = {node.pk: node for node in nodes}
    matched: dict[str, StructureNode] = {}
    added: list[Item] = []
    kept: list[Item] = []
    depth_of: dict[str, int] = {}
    for row in rows:
        code, title = normalise_code(row.get("code", "")), normalise_title(row["title"])
        found = None
        if code:
            found = next((n for n in unmatched.values() if normalise_code(n.code) == code),
                         None)
        if found is None:
            found = next((n for n in unmatched.values()
                          if _titles_match(normalise_title(n.title), title)), None)
        depth = depth_of.get(row.get("parent_key", ""), -1) + 1
        depth_of[row["key"]] = depth
        item = Item(row["key"], row["kind"], row.get("code", ""), row["title"], depth,
                    parent_key=row.get("parent_key", ""))
        if found is not None:
            del unmatched[found.pk]
            matched[row["key"]] = found
            item.node = found
            item.code, item.title, item.kind = found.code, found.title, found.kind
            kept.append(item)
        else:
            added.append(item)
    only = [Item(f"n{n.pk}", n.kind, n.code, n.title, node=n,
                 indicators=[i.name for i in n.indicators.all()], links=_links(n))
            for n in unmatched.values()]
    return Plan(added, kept, only)


# --- the removed elements as data, for the undo ---------------------------------------------

def _link_rows(node: StructureNode) -> dict[str, list[Any]]:
    rows: dict[str, list[Any]] = {}
    for relation in StructureNode._meta.related_objects:
        if relation.many_to_many:
            accessor = str(relation.get_accessor_name())
            ids = list(getattr(node, accessor).values_list("pk", flat=True))
            if ids:
                rows[accessor] = ids
    return rows


def _as_data(node: StructureNode) -> dict[str, Any]:
    return {
        "kind": node.kind, "code": node.code, "title": node.title,
        "description": node.description, "responsible": node.responsible,
        "position": node.position, "parent": node.parent_id,
        "areas": list(node.areas.values_list("code", flat=True)),
        "indicators": [{
            **history.snapshot(indicator, services.INDICATOR_FIELDS),
            "values": {str(v.year): str(v.value) for v in indicator.values.all()},
        } for indicator in node.indicators.all()],
        "links": _link_rows(node),
        "children": [_as_data(child) for child in node.children.order_by("position", "id")],
    }


def _restore(strategy: Strategy, data: dict[str, Any], parent: StructureNode | None) -> int:
    from concept.models import KeyArea

    node = StructureNode.objects.create(
        strategy=strategy, parent=parent, kind=data["kind"], code=data["code"],
        title=data["title"], description=data["description"],
        responsible=data["responsible"], position=data["position"])
    node.areas.set(KeyArea.objects.filter(code__in=data["areas"]))
    for spec in data["indicators"]:
        values = spec.pop("values", {})
        indicator = Indicator.objects.create(node=node, **spec)
        for year, value in values.items():
            IndicatorValue.objects.create(indicator=indicator, year=int(year), value=value)
    for accessor, ids in data["links"].items():
        getattr(node, accessor).add(*ids)
    return 1 + sum(_restore(strategy, child, node) for child in data["children"])


# --- merge and undo ---------------------------------------------------------------------

def _kind_under(parent: StructureNode | None, wanted: str) -> str:
    """The proposed kind, or the next deeper one when it may not sit under `parent` (the
    editor's element may be deeper than the proposal's)."""
    if parent is None or NODE_DEPTH[wanted] > NODE_DEPTH[parent.kind]:
        return wanted
    deeper = NODE_DEPTH[parent.kind] + 1
    return NodeKind.values[deeper] if deeper < len(NodeKind.values) else ""


@transaction.atomic
def merge(actor: Actor, strategy: Strategy, rows: list[dict[str, Any]], *,
          remove: set[int] | None = None, extraction_id: int | None = None,
          strategy_version: int | None = None) -> StructureMerge:
    """Merge the proposal's rows into the tree; `remove`: ids of elements not in the
    proposal that the editor chose to remove (with their sub-elements)."""
    strategy = services._editable_locked(actor, strategy.pk, strategy_version)
    the_plan = plan(strategy, rows)
    remove = set(remove or ())
    removable = {item.node.pk for item in the_plan.only_current if item.node is not None}
    if remove - removable:
        raise ValidationError(_("Only elements missing from the proposal can be removed."))
    by_key: dict[str, StructureNode | None] = {i.key: i.node for i in the_plan.kept}
    added_ids: list[int] = []
    added_labels: list[str] = []
    for item in the_plan.added:
        parent = by_key.get(item.parent_key) if item.parent_key else None
        while parent is not None and not _kind_under(parent, item.kind):
            parent = parent.parent  # an activity cannot have children: go up
        kind = _kind_under(parent, item.kind)
        code, title, _description, _responsible = services._node_text(
            code=item.code, title=item.title, description="", responsible="")
        node = StructureNode.objects.create(
            strategy=strategy, parent=parent, kind=kind, code=code, title=title,
            position=services._next_position(strategy, parent))
        by_key[item.key] = node
        added_ids.append(node.pk)
        added_labels.append(str(node))
    removed_data, removed_labels = [], []
    for node in StructureNode.objects.filter(pk__in=remove, strategy=strategy):
        if node.parent_id in remove:
            continue  # goes with its parent
        removed_data.append(_as_data(node))
        removed_labels.append(str(node))
        node.delete()
    record = StructureMerge.objects.create(
        strategy=strategy, extraction_id=extraction_id, added=added_ids,
        removed=removed_data,
        created_by=actor if actor is not None and actor.is_authenticated else None)  # type: ignore[misc]
    services._bump(strategy)
    history.record(actor, strategy, HistoryEntry.Action.UPDATE, {
        "merge_added": [[], added_labels],
        "merge_kept": [None, len(the_plan.kept) + len(the_plan.only_current) - len(remove)],
        "merge_removed": [removed_labels, []],
    }, note=_("proposed structure merged"))
    return record


@transaction.atomic
def undo(actor: Actor, merge_record: StructureMerge, *,
         strategy_version: int | None = None) -> int:
    """Put the tree back as it was before the merge: the added elements go, the removed
    ones return with everything that hung on them. Refused when an added element has
    gained indicators or links since (removing it would lose them)."""
    strategy = services._editable_locked(actor, merge_record.strategy_id, strategy_version)
    merge_record = StructureMerge.objects.select_for_update().get(pk=merge_record.pk)
    if merge_record.undone_at is not None:
        raise ValidationError(_("This merge has already been undone."))
    added = list(StructureNode.objects.filter(pk__in=merge_record.added, strategy=strategy))
    kept_work = [str(n) for n in added
                 if n.indicators.exists() or _links(n)
                 or n.children.exclude(pk__in=merge_record.added).exists()]
    if kept_work:
        raise ValidationError(
            _("The merge cannot be undone: elements it added now carry work of their own "
              "(indicators, links or new sub-elements): %(nodes)s.")
            % {"nodes": "; ".join(kept_work)})
    added_labels = [str(n) for n in added]
    StructureNode.objects.filter(pk__in=[n.pk for n in added]).delete()
    restored_labels = []
    for data in merge_record.removed:
        parent = StructureNode.objects.filter(pk=data.get("parent"), strategy=strategy).first()
        _restore(strategy, data, parent)
        restored_labels.append(f"{data['code']} {data['title']}".strip())
    merge_record.undone_at = timezone.now()
    merge_record.save(update_fields=["undone_at"])
    services._bump(strategy)
    history.record(actor, strategy, HistoryEntry.Action.UPDATE, {
        "merge_added": [added_labels, []],
        "merge_removed": [[], restored_labels],
    }, note=_("structure merge undone"))
    return len(added_labels)
