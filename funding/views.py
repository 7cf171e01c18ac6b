"""Funding pages: calls, programmes, import, calendar, following. Writes go through
`services`, reads through `queries`."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import Action, can
from concept.models import KeyArea
from core import imports
from core.actions import deleted_records, post_action, save_form
from core.forms import apply_errors
from core.history import entries_for
from core.validators import parse_id, safe_next

from . import callio, ical, queries, services
from .forms import CallFilterForm, CallForm, CallImportForm, ProgrammeForm
from .models import Call, Programme

PAGE_SIZE = 25


def _is_moderator(user) -> bool:
    return can(user, Action.MANAGE_TAXONOMY)


def call_list(request):
    form = CallFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    filters = queries.CallFilters(
        search=data.get("q", ""), state=data.get("state", "") if request.GET else "active",
        area=data.get("area", ""), applicant_type=data.get("applicant_type", ""),
        provider_type=data.get("provider_type", ""), kraj=data.get("kraj", ""))
    calls = queries.filter_calls(Call.objects.all(), filters)
    page = Paginator(queries.for_list(calls.order_by("closes_on", "id")),
                     PAGE_SIZE).get_page(request.GET.get("page"))
    params = {k: v for k, v in request.GET.items() if k != "page" and v}
    api_params = {("search" if k == "q" else k): v for k, v in params.items()}
    if not request.GET:
        api_params["state"] = "active"
    return render(request, "funding/list.html", {
        "form": form, "page": page, "query_string": urlencode(params),
        "api_query": urlencode(api_params), "is_moderator": _is_moderator(request.user),
        "can_restore": can(request.user, Action.RESTORE),
        "areas": KeyArea.objects.order_by("position"),
        "followed_areas": set(request.user.funding_follows.filter(area__isnull=False)
                              .values_list("area_id", flat=True))
        if request.user.is_authenticated else set(),
    })


def call_detail(request, pk: int):
    call = queries.call_detail(pk)
    if call is None:
        raise Http404(_("No such call."))
    demand = queries.matching_intentions(request.user, call)
    return render(request, "funding/detail.html", {
        "call": call, "demand": demand, "is_moderator": _is_moderator(request.user),
        "following": queries.is_following(request.user, call=call),
        "history": entries_for(call)[:20] if _is_moderator(request.user) else [],
    })


def _call_data(form: CallForm):
    d = form.cleaned_data
    return services.CallData(
        programme=d["programme"], identifier=d["identifier"], title=d["title"],
        provider=d["provider"], description=d["description"],
        applicant_types=list(d["applicant_types"]), min_population=d["min_population"],
        max_population=d["max_population"], territories=d["territories"],
        areas=list(d["areas"]), allocation=d["allocation"], min_support=d["min_support"],
        max_support=d["max_support"], cofinancing_rate=d["cofinancing_rate"],
        opens_on=d["opens_on"], closes_on=d["closes_on"], web_url=d["web_url"],
        documents=d["documents"])


@login_required
def call_edit(request, pk: int | None = None):
    if not _is_moderator(request.user):
        raise PermissionDenied
    call = get_object_or_404(Call, pk=pk) if pk else None
    initial = {"cofinancing_rate": 0}
    if call is not None:
        data = callio.call_data_from(call)
        initial = {**data.__dict__, "territories": " ".join(u.code for u in data.territories),
                   "documents": "\n".join(f"{t} | {u}" for t, u in data.documents),
                   "programme": call.programme_id, "version": call.version}
    form = CallForm(request.POST or None, initial=initial)

    def save() -> Call:
        if call is None:
            return services.create_call(request.user, _call_data(form))
        return services.update_call(request.user, call, _call_data(form),
                                    form.cleaned_data["version"] or 0)

    done, conflict = save_form(request, form, save,
                               current_version=lambda: Call.objects.get(pk=pk).version,
                               success=_("The call has been saved."),
                               next_url=lambda saved: saved.get_absolute_url())
    if done:
        return done
    return render(request, "funding/call_form.html",
                  {"form": form, "call": call, "conflict": conflict})


@login_required
def programme_list(request):
    if not _is_moderator(request.user):
        raise PermissionDenied
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.save_programme(request.user, **values)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The programme has been added."))
            return redirect("funding:programmes")
    return render(request, "funding/programmes.html",
                  {"form": form, "programmes": queries.programmes()})


@login_required
def programme_edit(request, pk: int):
    if not _is_moderator(request.user):
        raise PermissionDenied
    programme = get_object_or_404(Programme, pk=pk)
    initial = {**services.programme_values(programme), "version": programme.version}
    form = ProgrammeForm(request.POST or None, initial=initial)
    done, conflict = save_form(
        request, form, lambda: services.save_programme(
            request.user, programme, expected_version=form.cleaned_data["version"] or 0,
            **{k: v for k, v in form.cleaned_data.items() if k != "version"}),
        current_version=lambda: Programme.objects.get(pk=pk).version,
        success=_("The programme has been saved."), next_url=reverse("funding:programmes"))
    if done:
        return done
    return render(request, "funding/programme_form.html", {
        "form": form, "programme": programme, "conflict": conflict,
        "history": entries_for(programme)[:20]})


@login_required
def call_delete(request, pk: int):
    if not _is_moderator(request.user):
        raise PermissionDenied
    call = get_object_or_404(Call, pk=pk)
    if request.method == "POST":
        return post_action(request, lambda: services.delete_call(request.user, call),
                           success=_("The call has been deleted. An administrator can "
                                     "restore it."), next_url=reverse("funding:list"))
    return render(request, "funding/call_confirm_delete.html", {
        "call": call, "followers": call.followers.count()})


@login_required
def deleted_calls(request):
    return deleted_records(
        request, allowed=can(request.user, Action.RESTORE), records=queries.deleted_calls(),
        restore=lambda pk: services.restore_call(request.user, pk),
        success=_("The call has been restored."), template="funding/deleted.html")


@login_required
def call_import(request):
    if not _is_moderator(request.user):
        raise PermissionDenied
    form = CallImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            data, fmt = imports.read_upload(form.cleaned_data["file"], callio.FORMATS, "csv")
            rows = callio.parse_calls(data, fmt)
            created, updated = services.import_calls(request.user, rows)
        except callio.CallImportError as error:
            problems = error.errors
        except ValidationError as error:  # too large; what the service refuses
            problems = error.messages
        else:
            messages.success(request, _("%(created)s calls created, %(updated)s updated.")
                             % {"created": created, "updated": updated})
            return redirect("funding:list")
    return render(request, "funding/import.html", {"form": form, "problems": problems})


def calendar_view(request):
    return render(request, "funding/calendar.html", {"months": queries.calendar()})


def calendar_ics(request):
    events = []
    for _month, items in queries.calendar(months=24):
        for event in items:
            if event.kind == "open":  # the subscription has the two days, not every month
                continue
            call = event.call
            summary = (_("Opens: %(title)s") if event.kind == "opens"
                       else _("Closes: %(title)s")) % {"title": f"{call.identifier} {call.title}"}
            events.append((f"call-{call.pk}-{event.kind}", event.day, summary,
                           call.programme.name, request.build_absolute_uri(
                               call.get_absolute_url())))
    body = ical.calendar(events, request.get_host().split(":")[0] or "smart",
                         _("Funding calls"))
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


@login_required
@require_POST
def follow(request, kind: str, key: str):
    if kind == "call":
        call_id = parse_id(key)
        if call_id is None:
            raise Http404
        target = {"call": get_object_or_404(Call, pk=call_id)}
    elif kind == "area":
        target = {"area": get_object_or_404(KeyArea, code=key)}
    else:
        raise Http404
    if request.POST.get("action") == "unfollow":
        return post_action(request, lambda: services.unfollow(request.user, **target),
                           success=_("You no longer follow it."),
                           next_url=safe_next(request, request.POST.get("next")))
    return post_action(request, lambda: services.follow(request.user, **target),
                       success=_("You follow it now; news appear on your overview."),
                       next_url=safe_next(request, request.POST.get("next")))

