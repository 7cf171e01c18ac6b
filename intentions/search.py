"""Project intentions in the search: a public intention is one entry under the source key
``intention:<id>``: its fiche texts, areas, the territory of the leading and partner units
and the years it runs."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy

from accounts.permissions import public_q
from search import index

from .models import Intention

SOURCE = "intention"


def intention_entry(intention: Intention, pillar_of_area: dict[str, str]) -> index.EntryData:
    """Expects ``lead_unit`` (with its kraj), ``partner_units`` (with their groups) and
    ``other_areas`` prefetched."""
    units = [intention.lead_unit, *intention.partner_units.all()]
    main = [intention.main_area.code] if intention.main_area_id else []
    areas = list(dict.fromkeys(main + [area.code for area in intention.other_areas.all()]))
    body = "\n\n".join(text for text in (intention.problem, intention.goals,
                                          intention.target_groups, intention.description)
                        if text)
    years = intention.years
    kraje, unit_codes = index.territory_facets(units)
    return index.EntryData(
        SOURCE, str(intention.pk), intention.title, index.canonical_url(intention),
        body=body, document=intention.lead_unit.name, areas=areas,
        pillars=index.pillars_of(areas, pillar_of_area), kraje=kraje, units=unit_codes,
        year_from=years[0] if years else None, year_to=years[-1] if years else None)


def entries(intention_id: int) -> list[index.EntryData] | None:
    """The entry of a public intention; None when it is gone or not public (any longer).
    The row lock makes two workers reindexing it take turns."""
    locked = Intention.all_objects.select_for_update().filter(pk=intention_id).first()
    if locked is None or not locked.is_public:
        return None
    units = index.facet_units()
    intention = (Intention.all_objects.filter(pk=intention_id)
                 .select_related("main_area")
                 .prefetch_related(Prefetch("lead_unit", queryset=units),
                                   Prefetch("partner_units", queryset=units),
                                   "other_areas").get())
    return [intention_entry(intention, index.pillar_of_area())]


def public_ids() -> list[int]:
    return list(Intention.objects.filter(public_q(Intention)).values_list("pk", flat=True))


def is_public(intention_id: int) -> bool:
    return Intention.objects.filter(public_q(Intention), pk=intention_id).exists()


def register() -> None:
    # The result shows the leading unit (its ``document``) as it is.
    index.register(index.SearchableSource(
        name=SOURCE, entries=entries, all_ids=public_ids, is_public=is_public,
        plural="intentions",
        kinds=[index.SearchKind("intention", gettext_lazy("project intention"))]))
