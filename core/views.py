"""Home, dashboard, health check, history and error pages."""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.i18n import set_language as django_set_language

from accounts.permissions import Action, can, editable_units, scope_of
from concept.queries import pillars_with_areas
from territory.models import Kind
from territory.queries import unit_counts

from . import history as history_log


def home(request):
    return render(request, "core/home.html", {
        "counts": unit_counts([Kind.KRAJ, Kind.OKRES, Kind.ORP, Kind.OBEC]),
        "pillars": pillars_with_areas(),
    })


@login_required
def dashboard(request):
    memberships = request.user.memberships.select_related("unit").order_by("role")
    scope = scope_of(request.user)
    return render(request, "core/dashboard.html", {
        "memberships": memberships,
        "can_manage_memberships": can(request.user, Action.MANAGE_MEMBERSHIPS),
        "can_manage_taxonomy": can(request.user, Action.MANAGE_TAXONOMY),
        "can_create_strategy": editable_units(request.user).exists(),
        "can_manage_groups": scope.is_admin or scope.is_moderator
        or bool(scope.coordinator_kraj_ids),
        "funding_news": _funding_news(request.user),
        "partner_invitations": _partner_invitations(request.user),
    })


def _partner_invitations(user):
    if not apps.is_installed("intentions"):
        return []
    from intentions.queries import waiting_invitations

    return list(waiting_invitations(user)[:50])


def _funding_news(user):
    if not apps.is_installed("funding"):
        return None
    from funding.queries import followed_news

    return followed_news(user)


@never_cache
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database = "ok"
    except Exception as error:  # noqa: BLE001 - any failure means the database is unreachable
        return JsonResponse({"status": "error", "database": "unavailable",
                             "detail": error.__class__.__name__}, status=503)
    return JsonResponse({"status": "ok", "database": database,
                         "vendor": connection.vendor})


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
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    entries = history_log.entries_for(instance)[:200]
    return render(request, "core/history.html", {"object": instance, "entries": entries})


def set_language(request):
    return django_set_language(request)


def _error(request, status: int, title: str, message: str):
    return render(request, "core/error.html",
                  {"status": status, "title": title, "message": message}, status=status)


def bad_request(request, exception=None):
    return _error(request, 400, _("Bad request"),
                  _("The request could not be understood. Check the address and try again."))


def permission_denied(request, exception=None):
    return _error(request, 403, _("Access denied"),
                  _("You are not allowed to see this page. Log in with an account that has "
                    "the right role, or ask your administrator."))


def page_not_found(request, exception=None):
    return _error(request, 404, _("Page not found"),
                  _("The page you are looking for does not exist or has been moved."))


def server_error(request):
    # Rendered without the base template's context-dependent parts: the error may come
    # from them.
    return render(request, "core/500.html", status=500)
