"""Health check, language switch and error pages (the home page, dashboard and history page
are the portal's)."""

from __future__ import annotations

from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.i18n import set_language as django_set_language


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
