"""Intention pages; every write goes through `services`, every read through `queries`."""

from __future__ import annotations

import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.permissions import Action, can, editable_units, four_eyes_refusal
from core import workflow
from core.actions import deleted_records, post_action
from core.conflicts import show_in_form
from core.forms import apply_errors
from core.history import entries_for
from territory import maps
from territory.queries import unit_by_code

from . import calls, exports, queries, services
from .forms import IntentionFilterForm, ReturnForm, StartForm, budget_years, step_form
from .models import Intention

PAGE_SIZE = 25
# Lazy: the titles are shown in the language of each request, not of the import.
STEP_TITLES = {**services.STEP_TITLES, "review": gettext_lazy("Check and submit")}


def step_titles():
    return [(step, _(str(title))) for step, title in STEP_TITLES.items()]


def filters_from(form: IntentionFilterForm, user) -> queries.IntentionFilters:
    data = form.cleaned_data if form.is_valid() else {}
    return queries.IntentionFilters(
        search=data.get("q", ""), kraj=data.get("kraj", ""), orp=data.get("orp", ""),
        size_class=data.get("size_class", ""), area=data.get("area", ""),
        pillar=data.get("pillar", ""), technology=data.get("technology", ""),
        status=data.get("status", ""), readiness=data.get("readiness", ""),
        year=data.get("year"), source=data.get("source", ""), budget=data.get("budget", ""))


def intention_list(request):
    form = IntentionFilterForm(request.GET or None)
    filters = filters_from(form, request.user)
    intentions = queries.visible_intentions(request.user)
    mine = form.is_valid() and form.cleaned_data.get("mine")
    if mine:
        # The units the user edits, as a subquery (a kraj coordinator's run to thousands).
        intentions = intentions.filter(pk__in=queries.intentions_of_units(
            request.user, editable_units(request.user).values("pk")).values("pk"))
    intentions = queries.filter_intentions(intentions, filters, request.user)
    page = Paginator(queries.for_list(intentions), PAGE_SIZE).get_page(request.GET.get("page"))
    for intention in page:
        intention.show_budget = queries.can_see_budget(request.user, intention)
    params = {k: v for k, v in request.GET.items() if k != "page" and v}
    params.pop("orp", None)  # the ORP chosen by name or code, as its code
    if filters.orp:
        params["orp"] = filters.orp
    api_params = {("search" if k == "q" else k): v for k, v in params.items() if k != "mine"}
    return render(request, "intentions/list.html", {
        "form": form, "page": page, "facets": queries.facet_counts(intentions, request.user),
        "points": queries.map_points(intentions), "regions": maps.region_shapes(),
        "view_box": maps.view_box(), "query_string": urlencode(params),
        "api_query": urlencode(api_params),
        "can_create": request.user.is_authenticated and editable_units(request.user).exists(),
        "can_restore": can(request.user, Action.RESTORE),
        "fiche_units": queries.fiche_units(request.user),
    })


def _intention_or_404(request, pk: int) -> Intention:
    intention = queries.intention_detail(request.user, pk)
    if intention is None:
        raise Http404(_("No such intention, or you may not see it."))
    return intention


def intention_detail(request, pk: int):
    intention = _intention_or_404(request, pk)
    user = request.user
    can_edit = can(user, Action.EDIT, intention) and intention.is_editable
    report = queries.completeness_report(intention, user) \
        if can(user, Action.VIEW_UNPUBLISHED, intention) else None
    reviewer = services.WORKFLOW.allows(user, intention, workflow.PUBLISH)
    four_eyes = four_eyes_refusal(user, intention) if reviewer else None
    return render(request, "intentions/detail.html", {
        "intention": intention, "budget": queries.budget_table(intention),
        "show_budget": queries.can_see_budget(user, intention),
        "strategy_nodes": queries.shown_strategy_nodes(user, intention),
        "report": report, "can_edit": can_edit,
        "can_submit": services.WORKFLOW.allows(user, intention, workflow.SUBMIT),
        "can_withdraw": services.WORKFLOW.allows(user, intention, workflow.WITHDRAW),
        "can_review": reviewer and not four_eyes, "four_eyes": four_eyes,
        "can_manage": can(user, Action.EDIT, intention),
        "can_delete": can(user, Action.DELETE, intention) and intention.published_at is None,
        "can_history": can(user, Action.VIEW_UNPUBLISHED, intention),
        "history": entries_for(intention)[:30] if can(user, Action.VIEW_UNPUBLISHED,
                                                      intention) else [],
        "calls": calls.matching_calls(intention, limit=5, viewer=request.user),
        "return_form": ReturnForm(),
        "partnerships": queries.partnerships_shown(user, intention),
    })


@login_required
@require_POST
def partnership_answer(request, pk: int, partnership_pk: int, answer: str):
    """The invited unit's editor confirms or declines (or leaves) a partnership."""
    if answer not in ("confirm", "decline"):
        raise Http404
    intention = _intention_or_404(request, pk)
    partnership = next((p for p in intention.partnerships.all() if p.pk == partnership_pk),
                       None)
    if partnership is None:
        raise Http404(_("No such partnership."))
    return post_action(
        request, lambda: services.answer_partnership(request.user, partnership,
                                                     accept=answer == "confirm"),
        success=_("The partnership has been confirmed.") if answer == "confirm"
        else _("The partnership has been declined."), next_url=intention.get_absolute_url())


@login_required
def intention_create(request):
    form = StartForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            intention = services.create_intention(
                request.user, title=form.cleaned_data["title"],
                lead_unit=form.cleaned_data["lead_unit"])
        except ValidationError as error:
            apply_errors(form, error)
        except PermissionDenied as error:
            form.add_error("lead_unit", str(error))
        else:
            messages.success(request, _("The intention has been created as a draft. Every "
                                        "change is saved as you go."))
            return redirect("intentions:step", pk=intention.pk, step="basics")
    return render(request, "intentions/start.html", {"form": form})


def _editable(request, pk: int) -> Intention:
    intention = _intention_or_404(request, pk)
    if not can(request.user, Action.EDIT, intention):
        raise PermissionDenied
    return intention


def _next_step(step: str, direction: str) -> str:
    steps = list(STEP_TITLES)
    index = steps.index(step)
    if direction == "previous":
        return steps[max(0, index - 1)]
    if direction == "stay":
        return step
    if direction in STEP_TITLES:
        return direction
    return steps[min(len(steps) - 1, index + 1)]


@login_required
def intention_step(request, pk: int, step: str):
    """One step of the wizard. A change saves the step (htmx, in the background); the
    buttons save and move on. Invalid input is kept, valid input is stored."""
    if step not in STEP_TITLES:
        raise Http404
    intention = _editable(request, pk)
    if step == "review":
        return _review(request, intention)
    if not intention.is_editable:
        messages.error(request, _("An intention that is %(status)s cannot be changed.")
                       % {"status": intention.get_status_display()})
        return redirect(intention.get_absolute_url())
    conflict = None
    if request.method == "POST":
        form = step_form(step, intention, request.user, data=request.POST,
                         extra_years=_posted_years(request.POST))
        form.is_valid()
        values, pending = form.values(), form.pending()
        try:
            saved = services.save_step(request.user, intention, step, values,
                                       expected_version=form.cleaned_data.get("version") or 0,
                                       pending=pending,
                                       session=request.POST.get("session", "")[:40])
        except services.EditConflict as error:
            if request.htmx:
                return _autosave_reply(request, form, intention, conflict=True)
            conflict = show_in_form(
                form, error, Intention.objects.get(pk=pk).step_versions.get(step, 0))
        except ValidationError as error:
            apply_errors(form, error)
            if request.htmx:
                return _autosave_reply(request, form, intention, failed=True)
        else:
            if request.htmx:
                return _autosave_reply(request, form, saved)
            if pending:
                messages.warning(request, _("Saved. Some values are not valid yet and were "
                                            "kept as you typed them: fix the marked fields."))
            else:
                messages.success(request, _("Saved."))
                return redirect("intentions:step", pk=pk,
                                step=_next_step(step, request.POST.get("go", "next")))
            form = step_form(step, saved, request.user)
            intention = saved
    else:
        form = step_form(step, intention, request.user)
    return render(request, "intentions/step.html", {
        "intention": intention, "form": form, "step": step, "steps": step_titles(),
        "step_title": _(str(STEP_TITLES[step])), "conflict": conflict,
        "template": f"intentions/steps/{step}.html", "session": uuid.uuid4().hex,
    })


def _posted_years(data) -> list[int]:
    years = []
    for value in data.getlist("grid_years"):
        if len(value) == 4 and value.isascii() and value.isdigit():  # not "²", not 10**5000
            years.append(int(value))
    return years


def _autosave_reply(request, form, intention, *, conflict: bool = False,
                    failed: bool = False):
    if not conflict and not failed:
        intention = Intention.objects.get(pk=intention.pk)
    years = getattr(form, "years", None)
    fresh_years = None
    if years is not None and not conflict and not failed:
        new_years = budget_years(intention)
        if new_years != years:
            fresh_years = step_form("budget", intention, request.user)
    return render(request, "intentions/_autosave.html", {
        "form": form, "intention": intention, "conflict": conflict, "failed": failed,
        "version": intention.step_versions.get(form.step, 0), "saved_at": timezone.now(),
        "fresh_grid": fresh_years,
    })


def _review(request, intention: Intention):
    report = queries.completeness_report(intention, request.user)
    return render(request, "intentions/review.html", {
        "intention": intention, "report": report, "steps": step_titles(), "step": "review",
        "step_title": _(str(STEP_TITLES["review"])),
        "step_names": {k: _(str(v)) for k, v in STEP_TITLES.items()},
        "can_submit": services.WORKFLOW.allows(request.user, intention, workflow.SUBMIT),
        "calls": calls.matching_calls(intention, limit=5, viewer=request.user),
    })


def _transition(request, pk: int, run, success: str, *, next_url: str | None = None):
    intention = _intention_or_404(request, pk)
    failure_url = intention.get_absolute_url()
    if request.POST.get("from") == "review":
        failure_url = reverse("intentions:step", kwargs={"pk": pk, "step": "review"})
    return post_action(request, lambda: run(intention), success=success,
                       next_url=next_url or intention.get_absolute_url(),
                       failure_url=failure_url)


@login_required
@require_POST
def intention_submit(request, pk: int):
    return _transition(request, pk, lambda i: services.submit_intention(request.user, i),
                       _("The intention has been submitted."))


@login_required
@require_POST
def intention_withdraw(request, pk: int):
    return _transition(request, pk, lambda i: services.withdraw_intention(request.user, i),
                       _("The submission has been withdrawn; the intention is a draft again."))


@login_required
@require_POST
def intention_publish(request, pk: int):
    return _transition(request, pk, lambda i: services.publish_intention(request.user, i),
                       _("The intention has been published."))


@login_required
@require_POST
def intention_return(request, pk: int):
    comment = request.POST.get("comment", "")
    return _transition(request, pk,
                       lambda i: services.return_intention(request.user, i, comment),
                       _("The intention has been returned to its editors."))


@login_required
@require_POST
def intention_status(request, pk: int, change: str):
    actions = {
        "start": (services.start_implementation, _("The implementation has started.")),
        "complete": (services.complete_intention, _("The intention has been completed.")),
        "cancel": (services.cancel_intention, _("The intention has been cancelled.")),
        "delete": (services.delete_intention, _("The draft has been deleted.")),
    }
    if change not in actions:
        raise Http404
    function, success = actions[change]
    return _transition(request, pk, lambda i: function(request.user, i), success,
                       next_url=reverse("intentions:list") if change == "delete" else None)


@login_required
def deleted_list(request):
    return deleted_records(
        request, allowed=can(request.user, Action.RESTORE),
        records=workflow.deleted(services.WORKFLOW).select_related("lead_unit"),
        restore=lambda pk: services.restore_intention(request.user, pk),
        success=_("The intention has been restored."), template="intentions/deleted.html")


def intention_calls(request, pk: int):
    intention = _intention_or_404(request, pk)
    return render(request, "intentions/calls.html", {
        "intention": intention,
        "calls": calls.matching_calls(intention, limit=50, viewer=request.user),
        "late_calls": calls.too_late_calls(intention, limit=50, viewer=request.user)})


def fiche(request, pk: int, fmt: str):
    intention = _intention_or_404(request, pk)
    show_budget = queries.can_see_budget(request.user, intention)
    if fmt == "pdf":
        from .pdf import render_fiches

        body = render_fiches([intention], show_budget=lambda _i: show_budget,
                             viewer=request.user)
        response = HttpResponse(body, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="fiche-{intention.pk}.pdf"'
        return response
    if fmt not in ("csv", "xlsx", "json"):
        raise Http404
    return exports.fiche_export(intention, fmt, show_budget, viewer=request.user)


def unit_fiches(request, code: str, fmt: str):
    """All intentions of a unit and of the units inside it at once (a municipality's, a
    kraj's), as far as the user may see them."""
    unit = unit_by_code(code)
    if unit is None:
        raise Http404(_("Unknown unit."))
    intentions = list(queries.intentions_at_or_within(request.user, unit).prefetch_related(
        "outputs", "partners", "activities", "sdgs", "strategy_nodes__strategy"))
    if fmt == "pdf":
        from .pdf import render_fiches

        body = render_fiches(intentions,
                             show_budget=lambda i: queries.can_see_budget(request.user, i),
                             viewer=request.user)
        response = HttpResponse(body, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="fiches-{unit.code}.pdf"'
        return response
    if fmt not in ("csv", "xlsx", "json"):
        raise Http404
    return exports.list_export(intentions, fmt, f"intentions-{unit.code}", request.user)

