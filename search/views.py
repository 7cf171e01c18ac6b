"""The search page: a thin view over ``queries.search``."""

from __future__ import annotations

from urllib.parse import urlencode

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from . import queries

PAGE_SIZE = 20
FACET_TITLES = {
    "kind": _("Kind"),
    "area": _("Key area"),
    "pillar": _("Pillar"),
    "kraj": _("Region"),
    "level": _("Level"),
    "type": _("Type"),
    "year": _("Year"),
}


def _int(value: str | None, default: int | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else default
    except ValueError:
        return default


def search_page(request):
    params = {name: request.GET.get(name, "").strip()[:300] for name in ("q", *queries.FILTERS)}
    filters = queries.SearchFilters(
        kind=params["kind"], area=params["area"], pillar=params["pillar"],
        kraj=params["kraj"], level=params["level"], type=params["type"],
        year=_int(params["year"], None), unit=params["unit"])
    page = max(1, min(_int(request.GET.get("page"), 1) or 1, 10_000))
    context = {"q": params["q"], "params": params, "results": None, "error": "",
               "facet_titles": FACET_TITLES}
    status = 200
    if params["q"]:
        try:
            results = queries.search(params["q"], filters, page=page,
                                     page_size=PAGE_SIZE)
        except queries.QueryError as error:
            context["error"], status = str(error), 400
        else:
            current = {k: v for k, v in params.items() if v}
            context["results"] = results
            context["facet_groups"] = [
                (name, FACET_TITLES[name], [
                    (value, _link(current, name, "" if value.selected else value.value))
                    for value in values])
                for name, values in results.facets.items() if values]
            context["active_filters"] = [
                (FACET_TITLES[name], value, _link(current, name, ""))
                for name, value in current.items() if name in FACET_TITLES]
            context["previous_url"] = "?" + urlencode({**current, "page": page - 1})
            context["next_url"] = "?" + urlencode({**current, "page": page + 1})
    return render(request, "search/index.html", context, status=status)


def _link(current: dict[str, str], name: str, value: str) -> str:
    params = {k: v for k, v in current.items() if k not in (name, "page")}
    if value:
        params[name] = value
    return "?" + urlencode(params)
