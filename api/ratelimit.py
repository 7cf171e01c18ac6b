"""Rate limits of the API: a number of requests per window, per caller.

A request with a valid personal token counts against the token, one from a signed-in
browser session against the user, anything else (no credentials, or a token that is not
valid) against the client's address. Windows are fixed (aligned to multiples of their
length) and counted in the database with one atomic upsert per request, so every web
process and machine shares the count. Every API answer carries the limits as the IETF
draft draft-ietf-httpapi-ratelimit-headers describes them:

    RateLimit-Policy: "anonymous";q=1200;w=60
    RateLimit: "anonymous";r=1187;t=42

(`q` requests per `w` seconds; `r` left, `t` seconds until the window ends); a request over
the limit is answered 429 with `Retry-After` and `{"detail": …}`. Limits come from settings
(`API_RATE_LIMIT_ANONYMOUS`, `API_RATE_LIMIT_AUTHENTICATED`, `API_RATE_WINDOW`; 0 turns a
limit off).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import parse_http_date_safe
from django.utils.translation import gettext as _

from .models import RateWindow

API_PREFIX = "/api/"
# The description of the API is static and read by tools before anything else: not counted.
NOT_COUNTED = ("/api/v1/openapi.json", "/api/v1/docs")


@dataclass(frozen=True)
class Policy:
    name: str
    quota: int
    window: int


def client_address(request: HttpRequest) -> str:
    """The caller's address: behind the reverse proxy (`BEHIND_PROXY`), the address the
    proxy appended last to X-Forwarded-For (earlier entries are the client's word)."""
    if getattr(settings, "BEHIND_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.split(",")[-1].strip()
        if last:
            return last[:45]
    return request.META.get("REMOTE_ADDR", "")[:45] or "unknown"


def caller(request: HttpRequest) -> tuple[str, Policy]:
    """The bucket the request counts against and the policy that applies to it."""
    window = settings.API_RATE_WINDOW
    authenticated = Policy("authenticated", settings.API_RATE_LIMIT_AUTHENTICATED, window)
    header = request.headers.get("Authorization", "")
    scheme, _space, key = header.partition(" ")
    if scheme.lower() == "bearer" and key.strip():
        from accounts.services import TokenRefused, token_for_key

        try:
            return f"token:{token_for_key(key.strip()).pk}", authenticated
        except TokenRefused:
            pass  # answered 401 by the API; counted against the address
    else:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return f"user:{user.pk}", authenticated
    anonymous = Policy("anonymous", settings.API_RATE_LIMIT_ANONYMOUS, window)
    return f"address:{client_address(request)}", anonymous


UPSERT = (
    "INSERT INTO {table} (bucket, period, hits) VALUES (%s, %s, 1) "
    "ON CONFLICT (bucket) DO UPDATE SET "
    "hits = CASE WHEN {table}.period = excluded.period THEN {table}.hits + 1 ELSE 1 END, "
    "period = excluded.period RETURNING hits"
)


def count_hit(bucket: str, period: int) -> int:
    """Count one request of `bucket` in window number `period`; the count so far."""
    table = connection.ops.quote_name(RateWindow._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(UPSERT.format(table=table), [bucket, period])
        hits = cursor.fetchone()[0]
        if random.random() < 0.001:  # now and then forget callers gone for a day
            cursor.execute(f"DELETE FROM {table} WHERE period < %s",  # noqa: S608
                           [period - max(1, 86400 // settings.API_RATE_WINDOW)])
    return int(hits)


def revalidated(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """A 304 for an answer the caller already holds, also when it came from the page cache
    (which stores whole answers and does not look at the request's conditions)."""
    if response.status_code != 200 or response.streaming or not response.has_header("ETag"):
        return response
    stamp = parse_http_date_safe(response.get("Last-Modified", ""))
    return get_conditional_response(request, etag=response["ETag"], last_modified=stamp,
                                    response=response) or response


class ApiRateLimitMiddleware:
    """Counts every request under /api/ and refuses those over the caller's limit."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIX) or request.path.startswith(NOT_COUNTED):
            return self.get_response(request)
        bucket, policy = caller(request)
        if policy.quota <= 0 or policy.window <= 0:
            return self.get_response(request)
        now = time.time()
        period = int(now // policy.window)
        hits = count_hit(bucket, period)
        reset = max(1, int((period + 1) * policy.window - now + 0.999))
        if hits > policy.quota:
            response: HttpResponse = JsonResponse(
                {"detail": _("Too many requests: the limit is %(quota)s requests in %(window)s "
                             "seconds. Try again in %(seconds)s seconds.")
                 % {"quota": policy.quota, "window": policy.window, "seconds": reset}},
                status=429)
            response["Retry-After"] = str(reset)
        else:
            response = self.get_response(request)
            response = revalidated(request, response)
        response["RateLimit-Policy"] = f'"{policy.name}";q={policy.quota};w={policy.window}'
        response["RateLimit"] = f'"{policy.name}";r={max(0, policy.quota - hits)};t={reset}'
        patch_vary_headers(response, ["Authorization"])
        return response
