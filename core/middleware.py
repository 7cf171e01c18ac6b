"""Headers Django does not set on its own, and addresses no view should see."""

from __future__ import annotations

from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _

# Everything is served by the app itself, so the policy can forbid every other origin.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "img-src 'self' data:",
    "style-src 'self'",
    "script-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/api/v1/docs"):
            # The API docs page (Swagger UI from django-ninja's own static files) needs
            # inline script to boot.
            response.setdefault("Content-Security-Policy",
                                CONTENT_SECURITY_POLICY.replace("script-src 'self'",
                                                                "script-src 'self' 'unsafe-inline'")
                                .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"))
        else:
            response.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


class RefuseNulMiddleware:
    """An address with a NUL character (%00) in its path or query string is a 400 before
    any view runs: no code, id, search or filter contains one, and PostgreSQL refuses NUL
    in text (the query would fail with a 500). NUL in submitted text is removed by the
    services (core.text.clean_text) and in API bodies by the API's parser."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
                "\x00" in key or any("\x00" in value for value in values)
                for key, values in request.GET.lists()):
            message = _("The address contains a NUL character; remove it and try again.")
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
