"""How a strategy's change history reads (core.history): the owners, areas and parents by
name, and the changes inside it – elements of the tree, indicators and their values – by
the keys the services record them under."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from concept.queries import area_names
from core import history
from core.history import NUMBER, Part, Shown
from territory.queries import unit_names

from .models import Indicator, Revision, Strategy, StructureNode
from .queries import strategy_names

NODE_KEYS = "kind|code|title|description|responsible|areas|parent|position"
INDICATOR_KEYS = "name|unit|baseline_value|baseline_year|target_value|target_year"


def register() -> None:
    history.declare(Strategy, {
        "owners": Shown(names=unit_names),
        "areas": Shown(names=area_names),
        "parents": Shown(names=strategy_names),
        "node": Shown(label=_("element of the structure")),
        "nodes": Shown(label=_("number of elements of the structure"), kind=NUMBER),
        "indicator": Shown(label=_("indicator")),
        "document": Shown(label=_("document")),
        # merge.merge / merge.undo: the elements a merge added, kept and removed
        "merge_added": Shown(label=_("elements added from the proposed structure"),
                             many=True),
        "merge_kept": Shown(label=_("elements of the structure kept"), kind=NUMBER),
        "merge_removed": Shown(label=_("elements removed by the merge"), many=True),
        # services.publish_revision: the changes under review it published
        "revision": Shown(label=_("published changes (number)"), kind=NUMBER),
    }, parts=[
        # update_node, move_node: "<code or id>.<field>"
        Part(rf"(?P<subject>.+)\.(?P<field>{NODE_KEYS})", _("Element %(subject)s"),
             {"areas": Shown(names=area_names),
              "parent": Shown(label=_("parent element")),
              "position": Shown(label=_("position among its siblings"), kind=NUMBER)},
             model=StructureNode),
        # update_indicator: "<name>.<field>"
        Part(rf"(?P<subject>.+)\.(?P<field>{INDICATOR_KEYS})", _("Indicator “%(subject)s”"),
             model=Indicator),
        # set_indicator_value: "<name>.<year>"
        Part(r"(?P<subject>.+)\.(?P<year>\d{4})",
             _("Indicator “%(subject)s”: value in %(year)s"), {"*": Shown(kind=NUMBER)}),
    ])
    # A revision records the values asked for as the strategy's history records them.
    history.declare(Revision, {name: _as_on_strategy(name) for name in (
        "level", "strategy_type", "status", "valid_from", "valid_to", "approved_on",
        "approved_by", "owners")})


def _as_on_strategy(name: str) -> Shown:
    """How a strategy's field reads in the history of a revision asking to change it."""
    field = Strategy._meta.get_field(name)
    assert isinstance(field, models.Field)
    return Shown(label=field.verbose_name,
                 choices=dict(field.flatchoices) if field.choices else None,
                 kind={"valid_from": history.YEAR, "valid_to": history.YEAR,
                       "approved_on": history.DATE}.get(name),
                 names=unit_names if name == "owners" else None, many=name == "owners")
