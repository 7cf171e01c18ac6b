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

from . import services
from .models import Extraction, Passage


def status(request, pk: int):
    """The processing status of a file, polled by htmx while it is queued or running."""
    extraction = get_object_or_404(Extraction, pk=pk)
    # Only for a file of a record the user may see (a strategy's document); any other id
    # is unknown.
    if not can(request.user, Action.VIEW, extraction):
        raise Http404
    return render(request, "mining/_status.html", {"extraction": extraction})


@login_required
@require_POST
def correct(request, pk: int):
    passage = get_object_or_404(Passage.objects.select_related("extraction"), pk=pk)
    if not can(request.user, Action.EDIT, passage):
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
