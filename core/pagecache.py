"""Anonymous visitors' pages from a short-lived shared cache.

Most of the platform's traffic is people reading public pages without logging in: the
strategy and intention registers, a strategy, an intention, the funding calls, search, the
public API. Those pages are the same for every anonymous visitor, so a page rendered once
is served again for `PAGE_CACHE_SECONDS` (30 s in production, off with DEBUG) from the
shared cache (the database cache every web process and machine reads). An anonymous
visitor may therefore see a page up to that many seconds old; anyone logged in, anything
sent with an API token and every write always reaches the views.

What is never stored, so nothing personal or secret is ever shared between visitors:
- a page rendered for a logged-in user, a request with a session or with any cookie other
  than the CSRF and language cookies, a request with an Authorization header;
- a page that used the CSRF token (any form that posts): the token belongs to one
  visitor, and reusing it would both leak it and break the next visitor's form;
- a response that sets a cookie, touches the session, is not a plain 200, is streamed, is
  marked private or no-store, or is not HTML, JSON or CSV;
- `/healthz`, which must report the live state.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified

CACHE_ALIAS = "pages"
CACHED_TYPES = ("text/html", "application/json", "text/csv")
MAX_BYTES = 2 * 1024 * 1024
NEVER_CACHED_PREFIXES = ("/healthz", "/admin/", "/media/", "/static/")
# Cookies every anonymous visitor may carry without the page depending on them: the CSRF
# secret (pages using it are not stored) and the language (part of the key).
HARMLESS_COOKIES = {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
# Headers about one client's request, not about the page: a stored page never repeats them.
PER_CLIENT_HEADERS = {"ratelimit", "ratelimit-policy", "retry-after", "x-page-cache"}


def page_key(request: HttpRequest) -> str | None:
    """The cache key of an anonymous GET, or None when the request must reach the view."""
    if not settings.PAGE_CACHE_SECONDS or request.method != "GET":
        return None
    if request.path.startswith(NEVER_CACHED_PREFIXES):
        return None
    if set(request.COOKIES) - HARMLESS_COOKIES or "HTTP_AUTHORIZATION" in request.META:
        return None
    if request.user.is_authenticated:
        return None
    material = "\n".join([
        getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE),
        request.get_full_path(),
        request.META.get("HTTP_ACCEPT", ""),
        # htmx asks for parts of pages under the same address.
        request.META.get("HTTP_HX_REQUEST", ""), request.META.get("HTTP_HX_TARGET", ""),
    ])
    return "anon:" + hashlib.sha256(material.encode()).hexdigest()


def storable(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # the page holds a CSRF token
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    control = response.get("Cache-Control", "").lower()
    if "private" in control or "no-store" in control or "no-cache" in control:
        return False
    content_type = response.get("Content-Type", "").split(";")[0].strip()
    return content_type in CACHED_TYPES and len(response.content) <= MAX_BYTES


class AnonymousPageCacheMiddleware:
    """Innermost middleware: a hit skips only the view and the middleware inside it, so
    security headers, the language's Vary and Content-Language still apply to it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = page_key(request)
        if key is None:
            return self.get_response(request)
        cache = caches[CACHE_ALIAS]
        stored: dict[str, Any] | None = cache.get(key)
        if stored is not None:
            headers = dict(stored["headers"])
            etag = headers.get("ETag")
            response: HttpResponse
            if etag and etag in request.META.get("HTTP_IF_NONE_MATCH", ""):
                response = HttpResponseNotModified()  # the client has this page already
                response["ETag"] = etag
            else:
                response = HttpResponse(stored["content"])
                for name, value in headers.items():
                    response[name] = value
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if storable(request, response):
            kept = [(name, value) for name, value in response.items()
                    if name.lower() not in PER_CLIENT_HEADERS]
            cache.set(key, {"content": response.content, "headers": kept},
                      settings.PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response
