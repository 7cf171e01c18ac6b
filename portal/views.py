"""The home page, a user's dashboard and the change history of any record: pages that
put together what several apps know."""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts.permissions import Action, can, editable_units
from concept.queries import pillars_with_areas
from core import history as history_log
from core import workqueue
from funding.queries import followed_news
from intentions.queries import waiting_invitations
from territory.models import Kind
from territory.queries import unit_counts


def home(request):
    return render(request, "portal/home.html", {
        "counts": unit_counts([Kind.KRAJ, Kind.OKRES, Kind.ORP, Kind.OBEC]),
        "pillars": pillars_with_areas(),
    })


@login_required
def dashboard(request):
    memberships = request.user.memberships.select_related("unit").order_by("role")
    return render(request, "portal/dashboard.html", {
        "memberships": memberships,
        "can_manage_memberships": can(request.user, Action.MANAGE_MEMBERSHIPS),
        "can_manage_taxonomy": can(request.user, Action.MANAGE_TAXONOMY),
        "can_create_strategy": editable_units(request.user).exists(),
        "can_manage_groups": can(request.user, Action.MANAGE_GROUPS),
        "funding_news": followed_news(request.user),
        "partner_invitations": list(waiting_invitations(request.user)[:50]),
        "queue": workqueue.queue_for(request.user),
        "queue_total": workqueue.count_for(request.user),
    })


# Items a section shows on the queue page; the count says how many there are in all.
QUEUE_PAGE_ITEMS = 100


@login_required
def work_queue(request):
    """What waits for the user, section by section (every registered section)."""
    return render(request, "portal/work_queue.html", {
        "queue": workqueue.queue_for(request.user), "limit": QUEUE_PAGE_ITEMS})


def history(request, label: str, object_id: str):
    """The change log of one record. Only record types declaring `history_visible_to` have
    one; a record the user may not see on its own page is not found here either."""
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        raise Http404(_("Unknown record type.")) from None
    if getattr(model, "history_visible_to", None) is None:
        raise Http404(_("Unknown record type."))
    valid_id = object_id.isascii() and object_id.isdigit() and len(object_id) <= 18
    instance = model._default_manager.filter(pk=int(object_id)).first() if valid_id else None
    if instance is None or not can(request.user, Action.VIEW, instance):
        raise Http404(_("Record not found."))
    if not can(request.user, Action.VIEW_HISTORY, instance):
        raise PermissionDenied
    entries = history_log.entries_for(instance)[:200]
    return render(request, "portal/history.html", {"object": instance, "entries": entries})
