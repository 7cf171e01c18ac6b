"""Funding calls in the search: every call that is not deleted is one entry under the
source key ``call:<id>``: its identifier and title, programme and provider, description,
the key areas it supports, the territory it is open to and the years it runs."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy

from search import index

from .models import Call

SOURCE = "call"


def call_entry(call: Call, pillar_of_area: dict[str, str]) -> index.EntryData:
    """Expects ``programme``, ``areas`` and ``territories`` (with their kraj, okres, orp and
    groups) loaded."""
    areas = [area.code for area in call.areas.all()]
    territories = list(call.territories.all())
    kraje, units = index.territory_facets(territories)
    programme = call.programme
    body = "\n\n".join(text for text in (
        call.description, " · ".join(dict.fromkeys(
            part for part in (programme.name, call.provider or programme.provider) if part)),
        ", ".join(unit.name for unit in territories)) if text)
    return index.EntryData(
        # Shown as everywhere in the app: "OPD-22-BEZPECNOST Bezpečnost chodců".
        SOURCE, str(call.pk), f"{call.identifier} {call.title}", index.canonical_url(call),
        body=body, document=programme.name, areas=areas,
        pillars=index.pillars_of(areas, pillar_of_area), kraje=kraje, units=units,
        year_from=call.opens_on.year, year_to=call.closes_on.year)


def entries(call_id: int) -> list[index.EntryData] | None:
    """None when the call is gone or deleted. The row lock makes two workers reindexing
    it take turns."""
    if Call.objects.select_for_update().filter(pk=call_id).only("pk").first() is None:
        return None
    units = index.facet_units()
    call = (Call.objects.filter(pk=call_id).select_related("programme")
            .prefetch_related("areas", Prefetch("territories", queryset=units)).get())
    return [call_entry(call, index.pillar_of_area())]


def live_ids() -> list[int]:
    return list(Call.objects.values_list("pk", flat=True))


def is_public(call_id: int) -> bool:
    return Call.objects.filter(pk=call_id).exists()


def register() -> None:
    # The result shows the programme (its ``document``) as it is.
    index.register(index.SearchableSource(
        name=SOURCE, entries=entries, all_ids=live_ids, is_public=is_public, plural="calls",
        kinds=[index.SearchKind("call", gettext_lazy("call"))]))
