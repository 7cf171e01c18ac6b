from __future__ import annotations

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core import access
from core.access import Action
from core.history import entries_for

from . import maps, queries, sections, services
from .forms import GroupForm, UnitSearchForm
from .models import Kind

PAGE_SIZE = 25


def index(request):
    form = UnitSearchForm(request.GET or None)
    query = kind = ""
    if form.is_valid():
        query, kind = form.cleaned_data["q"], form.cleaned_data["kind"]
    results = None
    if query or kind:
        paginator = Paginator(queries.search_units(query, kind or None), PAGE_SIZE)
        results = paginator.get_page(request.GET.get("page"))
    context = {"form": form, "results": results, "query": query, "kind": kind,
               "query_string": urlencode({"q": query, "kind": kind}),
               "kraje": queries.kraje() if results is None else None}
    template = "territory/_results.html" if request.htmx else "territory/index.html"
    return render(request, template, context)


def detail(request, code: str):
    unit = queries.unit_by_code(code)
    if unit is None:
        raise Http404(_("No territorial unit has the code %(code)s.") % {"code": code})
    children = queries.children(unit)
    paginator = Paginator(children, 100)
    page = paginator.get_page(request.GET.get("page"))
    kraj_code = unit.code if unit.kind == Kind.KRAJ else (unit.kraj.code if unit.kraj else "")
    point = maps.project(unit.lon, unit.lat) if unit.lat is not None else None
    can_history = access.can(request.user, Action.VIEW_UNPUBLISHED, unit)
    return render(request, "territory/detail.html", {
        "unit": unit,
        "children": page,
        "groups": queries.groups_of(unit) if unit.kind == Kind.OBEC else [],
        "regions": maps.region_shapes(),
        "view_box": maps.view_box(),
        "current_region": kraj_code,
        "point": point,
        "can_history": can_history,
        "history": entries_for(unit)[:20] if can_history else [],
        "can_edit_group": unit.is_group
        and access.can(request.user, Action.MANAGE_GROUPS, unit),
        "sections": sections.sections_for(request.user, unit),
    })


def _group_form_view(request, unit=None):
    initial = {}
    if unit is not None:
        initial = {"kind": unit.kind, "name": unit.name, "code": unit.code,
                   "description": unit.description, "website": unit.website,
                   "version": unit.version,
                   "members": " ".join(unit.members.values_list("code", flat=True))}
    form = GroupForm(request.POST or None, initial=initial)
    if unit is not None:
        form.fields["kind"].disabled = True
        form.fields["code"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if unit is None:
                unit = services.create_group(
                    request.user, kind=data["kind"], name=data["name"], code=data["code"],
                    members=data["members"], description=data["description"],
                    website=data["website"])
            else:
                unit = services.update_group(
                    request.user, unit, expected_version=data["version"] or 0,
                    name=data["name"], members=data["members"],
                    description=data["description"], website=data["website"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect(unit.get_absolute_url())
    return render(request, "territory/group_form.html", {"form": form, "unit": unit})


def group_create(request):
    if not request.user.is_authenticated:
        return redirect(f"{_login_url()}?next={request.path}")
    return _group_form_view(request)


def group_edit(request, code: str):
    unit = queries.unit_by_code(code)
    if unit is None or not unit.is_group:
        raise Http404(_("No MAS or microregion has the code %(code)s.") % {"code": code})
    if not access.can(request.user, Action.MANAGE_GROUPS, unit):
        raise PermissionDenied
    return _group_form_view(request, unit)


def _login_url() -> str:
    return reverse("account_login")
