from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from . import queries


def index(request):
    return render(request, "concept/index.html", {"pillars": queries.pillars_with_areas()})


def pillar(request, code: str):
    found = queries.pillar_by_code(code)
    if found is None:
        raise Http404(_("No pillar has the code %(code)s.") % {"code": code})
    return render(request, "concept/pillar.html", {"pillar": found})


def area(request, code: str):
    found = queries.area_by_code(code)
    if found is None:
        raise Http404(_("No key area has the code %(code)s.") % {"code": code})
    siblings = [a for a in queries.areas().filter(pillar=found.pillar) if a.pk != found.pk]
    return render(request, "concept/area.html", {"area": found, "siblings": siblings})
