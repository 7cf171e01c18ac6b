"""How a project intention's change history reads (core.history): units, areas,
technologies and goals by name, budget lines, outputs, partners and activities as rows in
words, and the partnership and progress changes by the keys the services record them under."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from concept.queries import area_names, sdg_names, technology_names
from core import history
from core.history import DATE, MONEY, NUMBER, PERCENT, YEAR, Part, Shown
from territory.queries import unit_names

from .models import FundingSource, Intention, PartnerState, Sector


def register() -> None:
    history.declare(Intention, {
        "lead_unit": Shown(names=unit_names),
        "partner_units": Shown(names=unit_names, many=True),
        "main_area": Shown(names=area_names),
        "other_areas": Shown(names=area_names, many=True),
        "technologies": Shown(names=technology_names, many=True),
        "sdgs": Shown(names=sdg_names, many=True),
        "strategy_nodes": Shown(many=True),
        "total_cost": Shown(kind=MONEY),
        "budget": Shown(label=_("budget by year and source"), many=True, columns=(
            ("year", Shown(label=_("year"), kind=YEAR)),
            ("source", Shown(label=_("funding source"), choices=dict(FundingSource.choices))),
            ("amount", Shown(label=_("amount"), kind=MONEY))),
            row=_("%(year)s, %(source)s: %(amount)s")),
        "outputs": Shown(label=_("outputs and indicators"), many=True, columns=(
            ("name", Shown(label=_("name"))),
            ("unit", Shown(label=_("unit"))),
            ("baseline", Shown(label=_("baseline"), kind=NUMBER)),
            ("target", Shown(label=_("target"), kind=NUMBER)),
            ("target_year", Shown(label=_("target year"), kind=YEAR)))),
        "partners": Shown(label=_("partners"), many=True, columns=(
            ("name", Shown(label=_("name"))),
            ("sector", Shown(label=_("sector"), choices=dict(Sector.choices))),
            ("role", Shown(label=_("role in the project"))))),
        "activities": Shown(label=_("activities"), many=True, columns=(
            ("title", Shown(label=_("title"))),
            ("start_date", Shown(label=_("start"), kind=DATE)),
            ("end_date", Shown(label=_("end"), kind=DATE)),
            ("progress", Shown(label=_("progress"), kind=PERCENT)))),
    }, parts=[
        # The partnership with a unit: "partner <unit code>", its state before and after.
        Part(r"partner (?P<subject>\S+)", _("Partner municipality %(subject)s"),
             {"*": Shown(choices=dict(PartnerState.choices))}, subject_names=unit_names),
        # set_activity_progress: "<activity title>.progress"
        Part(r"(?P<subject>.+)\.(?P<field>progress)", _("Activity “%(subject)s”"),
             {"progress": Shown(label=_("progress"), kind=PERCENT)}),
    ])
