"""The measures and activities an intention may implement, for the chooser of its
classification step (core.choosers)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from core import choosers
from core.choosers import Option, Params
from core.text import fold
from core.validators import parse_id
from strategies.models import StructureNode

from .queries import linkable_nodes, visible_intentions

# How many elements of the linkable strategies are looked through for the typed text.
SCANNED = 3000


class MeasureSource(choosers.Source):
    """Measures and activities of the strategies of the intention's units and of the
    strategies above them (``intention``: its id), as far as the user may see them."""

    params = ("intention",)
    separators = r"[;\n]"  # titles may hold commas

    def _nodes(self, user: Any, params: Params):
        intention = visible_intentions(user).filter(
            pk=parse_id(params.get("intention")) or 0).select_related("lead_unit").first()
        if intention is None:
            return StructureNode.objects.none()
        units = [intention.lead_unit, *intention.partner_units.all()]
        return linkable_nodes(user, units)

    def suggest(self, user: Any, query: str, params: Params) -> Sequence[Any]:
        folded = fold(query)
        if not folded:
            return []
        ranked = []
        for node in self._nodes(user, params)[:SCANNED]:
            label, title = fold(str(node)), fold(node.title)
            if folded not in label and folded not in fold(node.strategy.title):
                continue
            rank = (0 if folded in (label, title) else
                    1 if title.startswith(folded) or label.startswith(folded) else
                    2 if f" {folded}" in f" {label}" else 3 if folded in label else 4)
            ranked.append((rank, node))
        ranked.sort(key=lambda pair: pair[0])
        return [node for _rank, node in ranked[:choosers.SUGGESTIONS]]

    def by_values(self, user: Any, values: Sequence[str], params: Params) -> list[Any]:
        """Elements by id among those the user may see; whether the intention may implement
        them is the service's question (it names the refused ones)."""
        from strategies.queries import visible_nodes

        ids = {parse_id(str(v)) for v in values} - {None}
        return list(visible_nodes(user).filter(pk__in=ids).select_related("strategy")) \
            if ids else []

    def named(self, user: Any, name: str, params: Params) -> list[Any]:
        folded = fold(name)
        return [node for node in self._nodes(user, params)[:SCANNED]
                if folded in (fold(str(node)), fold(node.title))]

    def value_of(self, record: Any) -> str:
        return str(record.pk)

    def is_value(self, text: str) -> bool:
        return text.lstrip("#").isdigit()  # an id: titles are not mere numbers

    def option(self, record: Any) -> Option:
        return Option(str(record.pk), str(record), record.strategy.title)


def register() -> None:
    choosers.register("measure", MeasureSource())
