"""Headers Django does not set on its own."""

from __future__ import annotations

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
