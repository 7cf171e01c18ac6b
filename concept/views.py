"""Concept pages, and the technologies vocabulary kept by moderators. Writes go through
`services`, reads through `queries`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import Action, can
from core.actions import post_action
from core.forms import apply_errors
from core.history import entries_for

from . import queries, services
from .forms import TechnologyForm, TechnologyNamesForm
from .models import Technology


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


# --- technologies (moderators) ----------------------------------------------------------------

def _require_moderator(user) -> None:
    if not can(user, Action.MANAGE_TAXONOMY):
        raise PermissionDenied


@login_required
def technologies(request):
    _require_moderator(request.user)
    form = TechnologyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            technology = services.add_technology(request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The technology %(name)s has been added.")
                             % {"name": technology.name})
            return redirect("concept:technologies")
    return render(request, "concept/technologies.html",
                  {"form": form, "technologies": queries.technologies_with_use()})


@login_required
def technology_edit(request, code: str):
    _require_moderator(request.user)
    technology = get_object_or_404(Technology, code=code)
    form = TechnologyNamesForm(request.POST or None, initial={
        "name_cs": technology.name_cs, "name_en": technology.name_en})
    if request.method == "POST" and form.is_valid():
        try:
            services.rename_technology(request.user, technology, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The technology has been renamed."))
            return redirect("concept:technologies")
    return render(request, "concept/technology_form.html", {
        "form": form, "technology": technology, "history": entries_for(technology)[:20]})


@login_required
@require_POST
def technology_state(request, code: str):
    _require_moderator(request.user)
    technology = get_object_or_404(Technology, code=code)
    active = request.POST.get("action") == "offer"
    return post_action(
        request, lambda: services.set_technology_active(request.user, technology, active),
        success=_("%(name)s is offered again.") % {"name": technology.name} if active
        else _("%(name)s has been retired; intentions using it keep it.")
        % {"name": technology.name}, next_url=reverse("concept:technologies"))
