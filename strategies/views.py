"""Strategy registry pages; every write goes through `services`."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import Action, can, editable_units, four_eyes_refusal
from concept.models import KeyArea
from core import imports, workflow
from core.actions import deleted_records, post_action, save_form
from core.exports import CONTENT_TYPES
from core.forms import apply_errors
from core.history import entries_for
from core.models import HistoryEntry
from core.validators import parse_id
from core.workflow import ReviewState
from mining import queries as mining_queries
from mining.models import Extraction
from territory.choropleth import render_choropleth

from . import completeness, merge, profiles, proposed_tree, queries, services, treeio
from .forms import (
    DocumentUploadForm,
    IndicatorForm,
    IndicatorValueForm,
    NodeForm,
    ReturnForm,
    StrategyFilterForm,
    StrategyForm,
    TreeImportForm,
    default_owner_codes,
)
from .models import (
    NODE_DEPTH,
    DocumentVersion,
    Indicator,
    NodeKind,
    Revision,
    Strategy,
    StrategyDocument,
    StructureMerge,
    StructureNode,
)

PAGE_SIZE = 25


def filters_from(form: StrategyFilterForm) -> queries.StrategyFilters:
    data = form.cleaned_data if form.is_valid() else {}
    smart = {"yes": True, "no": False}.get(data.get("smart") or "")
    return queries.StrategyFilters(
        search=data.get("q", ""), kraj=data.get("kraj", ""), orp=data.get("orp", ""),
        level=data.get("level", ""), strategy_type=data.get("type", ""),
        status=data.get("status", ""), state=data.get("state", ""), valid_in=data.get("year"),
        area=data.get("area", ""), smart=smart)


def strategy_list(request):
    form = StrategyFilterForm(request.GET or None, user=request.user)
    filters = filters_from(form)
    strategies = queries.filter_strategies(queries.visible_strategies(request.user), filters)
    page = Paginator(queries.for_list(strategies), PAGE_SIZE).get_page(request.GET.get("page"))
    params = {k: v for k, v in request.GET.items() if k != "page" and v}
    params.pop("orp", None)  # the ORP chosen by name or code, as its code
    if filters.orp:
        params["orp"] = filters.orp
    # The download links ask the API for the same list: its names for the form's fields.
    api_names = {"q": "search", "year": "valid_in"}
    api_params = {api_names.get(k, k): v for k, v in params.items()}
    return render(request, "strategies/list.html", {
        "form": form, "page": page, "facets": queries.facet_counts(strategies),
        "query_string": urlencode(params), "api_query": urlencode(api_params),
        "can_create": request.user.is_authenticated and queries_can_create(request.user),
    })


def queries_can_create(user) -> bool:
    return editable_units(user).exists()


def _strategy_or_404(request, pk: int) -> Strategy:
    strategy = queries.strategy_detail(request.user, pk)
    if strategy is None:
        raise Http404(_("No such strategy, or you may not see it."))
    return strategy


def strategy_detail(request, pk: int):
    strategy = _strategy_or_404(request, pk)
    tree = queries.structure_tree(strategy)
    user = request.user
    can_edit = can(user, Action.EDIT, strategy) and strategy.state != ReviewState.SUBMITTED
    reviewer = services.WORKFLOW.allows(user, strategy, workflow.PUBLISH)
    four_eyes = four_eyes_refusal(user, strategy) if reviewer else None
    return render(request, "strategies/detail.html", {
        "strategy": strategy,
        "rows": [(depth, item, _child_kind(item.node))
                 for depth, item in queries.flatten(tree)],
        "documents": queries.documents_of(strategy),
        "implemented_by": queries.implemented_by(user, strategy),
        "can_edit": can_edit,
        "can_submit": services.WORKFLOW.allows(user, strategy, workflow.SUBMIT),
        "can_withdraw": services.WORKFLOW.allows(user, strategy, workflow.WITHDRAW),
        "can_review": reviewer and not four_eyes, "four_eyes": four_eyes,
        "can_delete": can(user, Action.DELETE, strategy),
        "can_history": can(user, Action.VIEW_UNPUBLISHED, strategy),
        "history": entries_for(strategy)[:30],
        "node_form": NodeForm(strategy=strategy) if can_edit else None,
        "top_kinds": NodeKind.choices,
        "report": completeness.check(completeness.facts_of(strategy))
        if can_edit or can(user, Action.VIEW_UNPUBLISHED, strategy) else None,
        "merges": strategy.merges.filter(undone_at__isnull=True).select_related(
            "created_by")[:3] if can_edit else [],
        "return_form": ReturnForm(),
        **_revision_context(user, strategy),
        **_profile_context(request, strategy),
    })


def _revision_context(user, strategy: Strategy) -> dict:
    """The strategy's open revision, for its editors and reviewers (the public sees the
    published values only): what it changes in words and what the user may do with it."""
    if not can(user, Action.VIEW_UNPUBLISHED, strategy):
        return {}
    revision = services.open_revision(strategy)
    if revision is None:
        return {}
    flow = services.REVISION_WORKFLOW
    reviewer = flow.allows(user, revision, workflow.PUBLISH)
    four_eyes = four_eyes_refusal(user, revision) if reviewer else None
    return {
        "revision": revision,
        "revision_changes": services.revision_in_words(revision, user),
        "revision_submitted": entries_for(revision).filter(
            action=HistoryEntry.Action.SUBMIT).order_by("-id").first(),
        "can_review_revision": reviewer and not four_eyes,
        "revision_four_eyes": four_eyes,
        "can_withdraw_revision": flow.allows(user, revision, workflow.WITHDRAW),
    }


def _child_kind(node: StructureNode) -> str:
    """The kind of an element added under `node` (the next level), "" under an activity."""
    deeper = NODE_DEPTH[node.kind] + 1
    return NodeKind.values[deeper] if deeper < len(NodeKind.values) else ""


def _labelled(rows: list[dict], labels: list) -> list[dict]:
    """Each profile row's values paired with the label of the profile they belong to."""
    for row in rows:
        row["cells"] = list(zip(labels, row["values"], strict=True))
    return rows


def _profile_context(request, strategy: Strategy) -> dict:
    """The strategy's concept profile beside its kraj's and the national average, or beside
    another strategy chosen by the visitor."""
    own = profiles.strategy_profile(strategy)
    if not own:
        return {"profile_rows": []}
    public = queries.visible_strategies(None).filter(documents__isnull=False).distinct()
    labels, shares = [_("this strategy")], [own]
    other = None
    compare = parse_id(request.GET.get("compare"))
    if compare is not None:
        other = queries.strategy_detail(request.user, compare)
    if other is not None:
        labels.append(other.title[:40])
        shares.append(profiles.strategy_profile(other))
    else:
        kraje = {u.kraj_id or u.pk for u in strategy.owners.all()}
        in_kraj = public.filter(Q(owners__kraj__in=kraje) | Q(owners__in=kraje)).distinct()
        labels += [_("kraj average"), _("national average")]
        shares += [profiles.average_profile(in_kraj[:200]),
                   profiles.average_profile(public[:500])]
    return {"profile_rows": _labelled(mining_queries.profile_rows(*shares), labels),
            "profile_labels": labels,
            "compare_with": other,
            "compare_choices": public.exclude(pk=strategy.pk).order_by("sort_key")[:300]}


def _data_from(form: StrategyForm) -> services.StrategyData:
    d = form.cleaned_data
    return services.StrategyData(
        title=d["title"], level=d["level"], strategy_type=d["strategy_type"],
        owners=d["owners"], summary=d["summary"], status=d["status"],
        valid_from=d["valid_from"], valid_to=d["valid_to"], approved_on=d["approved_on"],
        approved_by=d["approved_by"], web_url=d["web_url"], contact_name=d["contact_name"],
        contact_email=d["contact_email"], contact_phone=d["contact_phone"],
        areas=list(d["areas"]), parents=list(d["parents"]))


@login_required
def strategy_create(request):
    form = StrategyForm(request.POST or None, user=request.user,
                        initial={"owners": default_owner_codes(request.user),
                                 "level": "municipal", "strategy_type": "smart_city"})
    if request.method == "POST" and form.is_valid():
        try:
            strategy = services.create_strategy(request.user, _data_from(form))
        except ValidationError as error:
            apply_errors(form, error)
        except PermissionDenied as error:
            form.add_error("owners", str(error))
        else:
            messages.success(request, _("The strategy has been created as a draft."))
            return redirect(strategy.get_absolute_url())
    return render(request, "strategies/form.html", {"form": form})


def _initial(strategy: Strategy) -> dict:
    return {
        "title": strategy.title, "summary": strategy.summary, "level": strategy.level,
        "strategy_type": strategy.strategy_type, "status": strategy.status,
        "valid_from": strategy.valid_from, "valid_to": strategy.valid_to,
        "approved_on": strategy.approved_on, "approved_by": strategy.approved_by,
        "web_url": strategy.web_url, "contact_name": strategy.contact_name,
        "contact_email": strategy.contact_email, "contact_phone": strategy.contact_phone,
        "owners": " ".join(u.code for u in strategy.owners.all()),
        "areas": list(strategy.areas.all()), "parents": list(strategy.parents.all()),
        "version": strategy.version,
    }


@login_required
def strategy_edit(request, pk: int):
    strategy = _strategy_or_404(request, pk)
    if not can(request.user, Action.EDIT, strategy):
        raise PermissionDenied
    form = StrategyForm(request.POST or None, user=request.user, strategy=strategy,
                        initial=_initial(strategy))
    revision = _note_review(form, strategy)

    def save() -> Strategy:
        try:
            return services.update_strategy(request.user, strategy, _data_from(form),
                                            expected_version=form.cleaned_data["version"] or 0)
        except PermissionDenied as error:  # an owner the user may not enter strategies for
            raise ValidationError({"owners": [str(error)]}) from None

    done, conflict = save_form(request, form, save,
                               current_version=lambda: Strategy.objects.get(pk=pk).version,
                               success=_("The changes have been saved."),
                               next_url=strategy.get_absolute_url())
    if done:
        if services.needs_review(strategy) and services.open_revision(strategy):
            messages.info(request, _("Changes that need review wait for a reviewer; until "
                                     "then everyone else sees the published values."))
        return done
    return render(request, "strategies/form.html",
                  {"form": form, "strategy": strategy, "conflict": conflict,
                   "reviewed": services.needs_review(strategy), "revision": revision})


def _note_review(form: StrategyForm, strategy: Strategy) -> Revision | None:
    """On a published strategy, say by each field whose change needs review that it does,
    and fill those fields with what its open revision asks for (what its editors last
    wanted, not yet published)."""
    if not services.needs_review(strategy):
        return None
    note = _("A change here is published after review.")
    for name in services.REVIEWED_FIELDS:
        if name in form.fields:
            field = form.fields[name]
            field.help_text = f"{field.help_text} {note}" if field.help_text else note
    revision = services.open_revision(strategy)
    if revision is not None and not form.is_bound:
        for name, value in revision.changes.items():
            if name == "owners":
                form.initial["owners"] = " ".join(value)
            elif name == "approved_on":
                form.initial[name] = dt.date.fromisoformat(value) if value else None
            elif name in services.REVIEWED_FIELDS:
                form.initial[name] = value
    return revision


def _transition(request, pk: int, run, success: str):
    strategy = _strategy_or_404(request, pk)
    return post_action(request, lambda: run(strategy), success=success,
                       next_url=strategy.get_absolute_url())


@login_required
@require_POST
def strategy_submit(request, pk: int):
    return _transition(request, pk, lambda s: services.submit_strategy(request.user, s),
                       _("The strategy has been submitted for review."))


@login_required
@require_POST
def strategy_withdraw(request, pk: int):
    return _transition(request, pk, lambda s: services.withdraw_strategy(request.user, s),
                       _("The submission has been withdrawn; the strategy is a draft again."))


@login_required
@require_POST
def strategy_publish(request, pk: int):
    return _transition(request, pk, lambda s: services.publish_strategy(request.user, s),
                       _("The strategy has been published."))


def _revision_action(request, pk: int, revision_pk: int, run, success: str):
    strategy = _strategy_or_404(request, pk)
    revision = get_object_or_404(Revision.objects.select_related("strategy"),
                                 pk=revision_pk, strategy=strategy)
    return post_action(request, lambda: run(revision), success=success,
                       next_url=strategy.get_absolute_url())


def _posted_version(request) -> int | None:
    return parse_id(request.POST.get("version", ""))


@login_required
@require_POST
def revision_publish(request, pk: int, revision_pk: int):
    return _revision_action(
        request, pk, revision_pk,
        lambda r: services.publish_revision(request.user, r, _posted_version(request)),
        _("The changes have been published."))


@login_required
@require_POST
def revision_return(request, pk: int, revision_pk: int):
    comment = request.POST.get("comment", "")
    return _revision_action(
        request, pk, revision_pk,
        lambda r: services.return_revision(request.user, r, comment,
                                           _posted_version(request)),
        _("The changes have been returned to the strategy's editors."))


@login_required
@require_POST
def revision_withdraw(request, pk: int, revision_pk: int):
    return _revision_action(
        request, pk, revision_pk, lambda r: services.withdraw_revision(request.user, r),
        _("The changes have been withdrawn; the published values stay."))


@login_required
@require_POST
def strategy_return(request, pk: int):
    form = ReturnForm(request.POST)
    comment = form.data.get("comment", "")
    return _transition(request, pk,
                       lambda s: services.return_strategy(request.user, s, comment),
                       _("The strategy has been returned to its editors."))


@login_required
def strategy_delete(request, pk: int):
    strategy = _strategy_or_404(request, pk)
    if not can(request.user, Action.DELETE, strategy):
        raise PermissionDenied
    if request.method == "POST":
        return post_action(request, lambda: services.delete_strategy(request.user, strategy),
                           success=_("The strategy has been deleted. An administrator can "
                                     "restore it."),
                           next_url=reverse("strategies:list"),
                           failure_url=strategy.get_absolute_url())
    return render(request, "strategies/confirm_delete.html", {
        "strategy": strategy, "documents": strategy.documents.count(),
        "nodes": strategy.nodes.count()})


@login_required
def deleted_list(request):
    return deleted_records(
        request, allowed=can(request.user, Action.RESTORE),
        records=workflow.deleted(services.WORKFLOW),
        restore=lambda pk: services.restore_strategy(request.user, pk),
        success=_("The strategy has been restored."), template="strategies/deleted.html")


# --- structure tree -------------------------------------------------------------------------

def _editable_strategy(request, pk: int) -> Strategy:
    strategy = _strategy_or_404(request, pk)
    if not can(request.user, Action.EDIT, strategy):
        raise PermissionDenied
    return strategy


def _node_kwargs(data) -> dict:
    return {"kind": data["kind"], "title": data["title"], "code": data["code"],
            "description": data["description"], "responsible": data["responsible"],
            "areas": list(data["areas"])}


@login_required
def node_add(request, pk: int):
    strategy = _editable_strategy(request, pk)
    form = NodeForm(request.POST or None, strategy=strategy)
    if request.method == "POST" and form.is_valid():
        parent = strategy.nodes.filter(pk=form.cleaned_data["parent"]).first() \
            if form.cleaned_data["parent"] else None
        try:
            node = services.add_node(request.user, strategy, parent=parent,
                                     **_node_kwargs(form.cleaned_data))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The element has been added."))
            return redirect(node.get_absolute_url())
    return render(request, "strategies/node_form.html", {"form": form, "strategy": strategy})


def _node_or_404(request, pk: int) -> StructureNode:
    node = get_object_or_404(StructureNode.objects.select_related("strategy"), pk=pk)
    _editable_strategy(request, node.strategy_id)
    return node


@login_required
def node_edit(request, pk: int):
    node = _node_or_404(request, pk)
    initial = {"kind": node.kind, "code": node.code, "title": node.title,
               "description": node.description, "responsible": node.responsible,
               "areas": list(node.areas.all()), "parent": node.parent_id,
               "version": node.version}
    form = NodeForm(request.POST or None, strategy=node.strategy, exclude_pk=node.pk,
                    initial=initial)

    def save() -> None:
        data = form.cleaned_data
        services.update_node(request.user, node, expected_version=data["version"] or 0,
                             **_node_kwargs(data))
        if data["parent"] != node.parent_id:
            parent = node.strategy.nodes.filter(pk=data["parent"]).first() \
                if data["parent"] else None
            services.move_node(request.user, node, parent=parent)

    done, conflict = save_form(request, form, save,
                               current_version=lambda: StructureNode.objects.get(pk=pk).version,
                               success=_("The changes have been saved."),
                               next_url=node.get_absolute_url())
    if done:
        return done
    indicators = node.indicators.prefetch_related("values")
    return render(request, "strategies/node_form.html", {
        "form": form, "strategy": node.strategy, "node": node, "conflict": conflict,
        "indicators": indicators, "indicator_form": IndicatorForm(),
        "value_form": IndicatorValueForm(initial={"year": dt.date.today().year})})


@login_required
@require_POST
def node_rename(request, pk: int):
    """Inline editing in the tree: the element's code and title (the rest as it is)."""
    node = _node_or_404(request, pk)
    version = parse_id(request.POST.get("version"))
    return post_action(
        request, lambda: services.update_node(
            request.user, node, expected_version=version or 0, kind=node.kind,
            title=request.POST.get("title", ""), code=request.POST.get("code", ""),
            description=node.description, responsible=node.responsible,
            areas=list(node.areas.all())),
        success=_("The element has been saved."), next_url=_in_tree(node))


def _in_tree(node: StructureNode) -> str:
    """The element in the tree on the strategy's page (where the tree is edited)."""
    return f"{node.strategy.get_absolute_url()}#node-{node.pk}"


@login_required
@require_POST
def node_move(request, pk: int, direction: str):
    node = _node_or_404(request, pk)
    siblings = list(node.strategy.nodes.filter(parent=node.parent_id).order_by("position", "id"))
    index = next(i for i, s in enumerate(siblings) if s.pk == node.pk)
    target = index - 1 if direction == "up" else index + 1
    if not 0 <= target < len(siblings):
        return redirect(node.get_absolute_url())
    # Said in words (the tree's live region reads it out after an in-place update).
    moved = (_("%(node)s moved up: now %(position)s of %(count)s.") if direction == "up"
             else _("%(node)s moved down: now %(position)s of %(count)s.")) % {
        "node": node, "position": target + 1, "count": len(siblings)}
    return post_action(
        request, lambda: services.move_node(request.user, node, parent=node.parent,
                                            position=target),
        success=moved, next_url=node.get_absolute_url())


@login_required
@require_POST
def node_delete(request, pk: int):
    node = _node_or_404(request, pk)
    return post_action(request, lambda: services.delete_node(request.user, node),
                       success=_("The element has been removed."),
                       next_url=node.strategy.get_absolute_url(),
                       failure_url=node.get_absolute_url())


@login_required
@require_POST
def indicator_add(request, pk: int):
    node = _node_or_404(request, pk)
    form = IndicatorForm(request.POST)
    back = _in_tree(node) if request.POST.get("back") == "tree" \
        else reverse("strategies:node_edit", kwargs={"pk": node.pk})
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        return post_action(request, lambda: services.add_indicator(request.user, node, **data),
                           success=_("The indicator has been added."), next_url=back)
    else:
        messages.error(request, _("The indicator was not added: %(errors)s")
                       % {"errors": "; ".join(f"{form.fields[k].label}: {' '.join(v)}"
                                              for k, v in form.errors.items()
                                              if k in form.fields)})
    return redirect(back)


@login_required
def indicator_edit(request, pk: int):
    """Correct an indicator's name, unit, baseline and target; its measured values stay. A
    save over someone else's meanwhile shows both versions (the indicator's own version)."""
    indicator = get_object_or_404(Indicator.objects.select_related("node__strategy"), pk=pk)
    node = _node_or_404(request, indicator.node_id)
    initial = {**{name: getattr(indicator, name) for name in services.INDICATOR_FIELDS},
               "version": indicator.version}
    form = IndicatorForm(request.POST or None, initial=initial)
    done, conflict = save_form(
        request, form, lambda: services.update_indicator(
            request.user, indicator, expected_version=form.cleaned_data["version"] or 0,
            **{k: v for k, v in form.cleaned_data.items() if k != "version"}),
        current_version=lambda: Indicator.objects.get(pk=pk).version,
        success=_("The changes have been saved."),
        next_url=reverse("strategies:node_edit", kwargs={"pk": node.pk}))
    if done:
        return done
    return render(request, "strategies/indicator_form.html", {
        "form": form, "indicator": indicator, "node": node, "strategy": node.strategy,
        "conflict": conflict})


@login_required
@require_POST
def indicator_value(request, pk: int):
    indicator = get_object_or_404(Indicator.objects.select_related("node"), pk=pk)
    _node_or_404(request, indicator.node_id)
    form = IndicatorValueForm(request.POST)
    back = reverse("strategies:node_edit", kwargs={"pk": indicator.node_id})
    if not form.is_valid():
        messages.error(request, _("Enter a year and a number."))
        return redirect(back)
    return post_action(
        request, lambda: services.set_indicator_value(
            request.user, indicator, form.cleaned_data["year"], form.cleaned_data["value"]),
        success=_("The measured value has been saved."), next_url=back)


@login_required
@require_POST
def indicator_delete(request, pk: int):
    indicator = get_object_or_404(Indicator.objects.select_related("node"), pk=pk)
    _node_or_404(request, indicator.node_id)
    return post_action(request, lambda: services.delete_indicator(request.user, indicator),
                       success=_("The indicator has been removed."),
                       next_url=reverse("strategies:node_edit", kwargs={"pk": indicator.node_id}))


@login_required
def tree_import(request, pk: int):
    strategy = _editable_strategy(request, pk)
    form = TreeImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            data, fmt = imports.read_upload(form.cleaned_data["file"], treeio.FORMATS, "csv")
            rows = treeio.parse_tree(data, fmt, area_codes=set(
                KeyArea.objects.values_list("code", flat=True)))
            count = services.replace_tree(request.user, strategy, rows)
        except treeio.TreeImportError as error:
            problems = error.errors
        except ValidationError as error:  # too large; what the service refuses (limits, bounds)
            problems = error.messages
        else:
            messages.success(request, _("%(count)s elements imported.") % {"count": count})
            return redirect(strategy.get_absolute_url())
    return render(request, "strategies/tree_import.html",
                  {"form": form, "strategy": strategy, "problems": problems})


def tree_export(request, pk: int, fmt: str):
    strategy = _strategy_or_404(request, pk)
    if fmt not in treeio.FORMATS:
        raise Http404
    body = treeio.render_tree(treeio.export_tree(strategy), fmt)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="strategy-{strategy.pk}-tree.{fmt}"'
    return response


# --- documents ------------------------------------------------------------------------------

@login_required
def document_upload(request, pk: int):
    strategy = _editable_strategy(request, pk)
    document = None
    if "document" in request.GET:  # a new version of this document of the strategy
        document_id = parse_id(request.GET["document"])
        document = strategy.documents.filter(pk=document_id).first() if document_id else None
        if document is None:
            raise Http404(_("This strategy has no such document."))
    form = DocumentUploadForm(request.POST or None, request.FILES or None,
                              initial={"part": document.part if document else "full",
                                       "title": document.title if document else ""})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = services.upload_document(request.user, strategy, data["file"],
                                              part=data["part"], title=data["title"],
                                              document=document, note=data["note"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if result.duplicate_of is not None:
                messages.info(request, _("This file was uploaded before (same SHA-256); it is "
                                         "stored once."))
            messages.success(request, _("The document has been uploaded."))
            return redirect(result.version.document.get_absolute_url())
    return render(request, "strategies/document_upload.html",
                  {"form": form, "strategy": strategy, "document": document})


def document_detail(request, pk: int):
    document = get_object_or_404(StrategyDocument.objects.select_related("strategy"), pk=pk)
    _strategy_or_404(request, document.strategy_id)
    current = document.current
    extraction = mining_queries.extraction_for(current.sha256) if current else None
    passages = None
    if extraction is not None:
        passages = Paginator(mining_queries.passages_of(extraction), 20).get_page(
            request.GET.get("page"))
    return render(request, "strategies/document.html", {
        "document": document, "versions": document.versions.select_related("uploaded_by"),
        "can_edit": can(request.user, Action.EDIT, document.strategy),
        "extraction": extraction, "passages": passages,
        "profile_rows": _labelled(mining_queries.profile_rows(
            extraction.profile.get("areas", {})), [_("share of passages")])
        if extraction and extraction.profile else [],
        "can_correct": bool(passages) and request.user.is_authenticated
        and can(request.user, Action.EDIT, passages[0]) if passages else False,
        "areas": KeyArea.objects.order_by("position"),
        "profile_labels": [_("share of passages")],
    })


def document_download(request, pk: int):
    version = get_object_or_404(DocumentVersion.objects.select_related("document"), pk=pk)
    _strategy_or_404(request, version.document.strategy_id)
    content_types = {"pdf": "application/pdf", "html": "text/plain; charset=utf-8",
                     "txt": "text/plain; charset=utf-8", "rtf": "application/rtf",
                     "odt": "application/vnd.oasis.opendocument.text",
                     "docx": "application/vnd.openxmlformats-officedocument."
                             "wordprocessingml.document"}
    # HTML is served as plain text and always as an attachment: an uploaded page must never
    # run in our origin.
    return FileResponse(version.file.open("rb"), as_attachment=True,
                        filename=version.original_name,
                        content_type=content_types.get(version.file_type,
                                                       "application/octet-stream"))


# --- national overview ----------------------------------------------------------------------

def overview(request):
    try:
        year = int(request.GET.get("year") or dt.date.today().year)
    except ValueError:
        year = dt.date.today().year
    year = max(1990, min(2100, year))
    data = queries.national_overview(year)
    # 1: a valid strategy, 2: a SMART city strategy; municipalities without are "none".
    choropleth = render_choropleth(data.obec_classes, [(1, "strategy"), (2, "smart")],
                                   empty_class="none")
    return render(request, "strategies/overview.html", {
        "data": data, "choropleth": choropleth,
        "legend_counts": {item.css_class: item.count for item in choropleth.legend},
        "years": range(year - 5, year + 6)})


def _extraction_of(request, pk: int, extraction_pk: int) -> tuple[Strategy, Extraction]:
    strategy = queries.strategy_detail(request.user, pk)
    if strategy is None or not can(request.user, Action.EDIT, strategy):
        raise PermissionDenied
    extraction = get_object_or_404(Extraction, pk=extraction_pk)
    if not strategy.documents.filter(versions__sha256=extraction.sha256).exists():
        raise Http404  # another strategy's file: answered like an id that does not exist
    return strategy, extraction


@login_required
def accept_tree(request, pk: int, extraction_pk: int):
    """The proposed structure beside the current one and what a merge would do (GET);
    the merge, with the elements the editor chose to remove (POST)."""
    strategy, extraction = _extraction_of(request, pk, extraction_pk)
    rows = proposed_tree.proposed_rows(extraction.proposed_tree or [])
    if request.method == "POST":
        remove = {i for i in (parse_id(v) for v in request.POST.getlist("remove")) if i}
        try:
            count = proposed_tree.accept_proposed_tree(
                request.user, strategy, extraction, remove=remove,
                strategy_version=parse_id(request.POST.get("version")))
        except services.EditConflict:
            messages.error(request, _("The structure has changed meanwhile; check the "
                                      "comparison again."))
            return redirect(request.path)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(count)s elements added from the document; your "
                                        "elements were kept.") % {"count": count})
        return redirect(f"{strategy.get_absolute_url()}#tree-heading")
    return render(request, "strategies/merge_preview.html", {
        "strategy": strategy, "extraction": extraction,
        "current": list(queries.flatten(queries.structure_tree(strategy))),
        "plan": merge.plan(strategy, rows),
    })


@login_required
@require_POST
def merge_undo(request, pk: int, merge_pk: int):
    strategy = _editable_strategy(request, pk)
    record = get_object_or_404(StructureMerge, pk=merge_pk, strategy=strategy)
    return post_action(request, lambda: merge.undo(request.user, record),
                       success=_("The merge has been undone; the structure is as it was "
                                 "before."),
                       next_url=f"{strategy.get_absolute_url()}#tree-heading")
