from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import Action, can
from core.validators import safe_next
from strategies.queries import strategy_detail, visible_strategies

from . import services
from .models import Extraction, Passage


def status(request, pk: int):
    """The processing status of a file, polled by htmx while it is queued or running."""
    extraction = get_object_or_404(Extraction, pk=pk)
    # Only for a file of a strategy the user may see; any other id is unknown.
    if not visible_strategies(request.user).filter(
            documents__versions__sha256=extraction.sha256).exists():
        raise Http404
    return render(request, "mining/_status.html", {"extraction": extraction})


@login_required
@require_POST
def correct(request, pk: int):
    passage = get_object_or_404(Passage.objects.select_related("extraction"), pk=pk)
    if not services.may_correct(request.user, passage):
        raise Http404  # answered like an id that does not exist: no probing of passages
    areas = [code for code in request.POST.getlist("areas") if code]
    try:
        services.correct_passage(request.user, passage, areas)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("Thank you: the correction is saved and will train the "
                                    "next model."))
    return redirect(safe_next(request, request.POST.get("next")))


@login_required
@require_POST
def accept_tree(request, strategy_pk: int, pk: int):
    strategy = strategy_detail(request.user, strategy_pk)
    extraction = get_object_or_404(Extraction, pk=pk)
    if strategy is None or not can(request.user, Action.EDIT, strategy):
        raise PermissionDenied
    if not strategy.documents.filter(versions__sha256=extraction.sha256).exists():
        raise Http404  # another strategy's file: answered like an id that does not exist
    try:
        count = services.accept_proposed_tree(request.user, strategy, extraction)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(count)s elements taken over from the document; you "
                                    "can correct them now.") % {"count": count})
    return redirect(strategy.get_absolute_url())
