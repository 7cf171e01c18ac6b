"""API v1: one NinjaAPI; each bounded context contributes a router."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.constants import NOT_SET
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.schema import OpenAPISchema

from accounts.api_auth import read_auth, write_auth
from concept.api import router as concept_router
from core.api import ApiError, ErrorOut, JsonBodyParser
from core.conflicts import EditConflict
from funding.api import router as funding_router
from intentions.api import router as intentions_router
from mining.api import router as mining_router
from search.api import router as search_router
from strategies.api import router as strategies_router
from territory.api import router as territory_router


class _Schema(OpenAPISchema):
    """Security as the API applies it: each operation lists its alternatives (a token with
    the scope it needs, the session, and `{}` where anonymous callers are let in), and
    documents the 401 (and, for changes, 403) that authentication may answer."""

    def operation_security(self, operation):
        requirements = []
        for auth in operation.auth_callbacks:
            if getattr(auth, "openapi_security_schema", None) is not None:
                self.securitySchemes[type(auth).__name__] = auth.openapi_security_schema
            requirements.append(auth.security_requirement)
        return requirements or None

    def responses(self, operation):
        responses = super().responses(operation)
        self.schemas.setdefault("ErrorOut", ErrorOut.model_json_schema())
        responses.setdefault(429, TOO_MANY_REQUESTS)
        for answer in responses.values():
            answer.setdefault("headers", {}).update(RATE_LIMIT_HEADERS)
        if not operation.auth_callbacks:
            return responses
        refusals = {401: "The API token is not valid, expired or revoked; or the operation "
                         "needs a signed-in caller."}
        if {} not in [auth.security_requirement for auth in operation.auth_callbacks]:
            refusals[403] = ("A read-only token, a failed CSRF check, or not allowed for "
                             "this user.")
        error = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
        for status, description in refusals.items():
            responses.setdefault(status, {"description": description, "content": error})
        self.schemas.setdefault("ErrorOut", ErrorOut.model_json_schema())
        return responses


RATE_LIMIT_HEADERS = {
    "RateLimit-Policy": {
        "description": "The caller's quota (draft-ietf-httpapi-ratelimit-headers): "
                       "`\"anonymous\";q=1200;w=60` is 1,200 requests per 60 seconds; per "
                       "client address without a token, per token (or signed-in user) with "
                       "one (`\"authenticated\"`).",
        "schema": {"type": "string"}},
    "RateLimit": {
        "description": "What is left of it: `\"anonymous\";r=1187;t=42` is 1,187 requests "
                       "for the next 42 seconds.",
        "schema": {"type": "string"}},
}
TOO_MANY_REQUESTS = {
    "description": "Too many requests from this caller in the current window; nothing was "
                   "done. Wait the seconds `Retry-After` says.",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}},
    "headers": {"Retry-After": {"description": "seconds to wait",
                                "schema": {"type": "integer"}}},
}

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# Operations that use a changing HTTP method but change nothing, so they keep the read
# authentication (anonymous callers allowed) instead of the write default; paths are relative
# to the API root (/api/v1). Each entry says why.
READ_ONLY_CHANGES: dict[tuple[str, str], str] = {
    # POST only because the text to classify may be long; it is scored and answered,
    # nothing is stored.
    ("POST", "/classify"): "classifies the text sent, stores nothing",
}


class PlatformAPI(NinjaAPI):
    """The API's default authentication depends on the method: an operation that declares
    no `auth=` reads with `read_auth` (the API's `auth`) but changes with `write_auth`, so
    forgetting the declaration on a change cannot let read tokens or CSRF-less sessions in.
    Exceptions are listed in READ_ONLY_CHANGES."""

    def _get_bound_routers(self):
        fresh = self._bound_routers_cache is None
        bound_routers = super()._get_bound_routers()
        if fresh:
            for bound in bound_routers:
                if bound.auth is not NOT_SET:
                    continue  # the router chose its own default
                for path, view in bound.path_operations.items():
                    for operation in view.operations:
                        changes = set(operation.methods) - SAFE_METHODS
                        if operation.auth_param is not NOT_SET or not changes:
                            continue
                        where = "/" + f"{bound.prefix}{path}".strip("/")
                        if (",".join(sorted(changes)), where) not in READ_ONLY_CHANGES:
                            operation._set_auth(write_auth)
        return bound_routers

    def create_temporal_response(self, request):
        """The answer being prepared, where a view may set headers (`core.api.conditional`
        sets `ETag` and `Last-Modified` there before the body is rendered)."""
        response = super().create_temporal_response(request)
        request.api_response = response
        return response

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return _Schema(self, path_prefix)


api = PlatformAPI(
    title="SMART platforma API",
    version="1",
    description="Read and write access to the SMART platform: territory, the Smart Cities "
                "Concept, strategies, intentions, funding. Lists answer {count, items, deleted}, "
                "take page, page_size, search, filters, ordering, format=csv|xlsx|json "
                "(sep=semicolon for CSV in a Czech spreadsheet) and modified_since for "
                "incremental sync (changed records, and in `deleted` those gone); reads "
                "carry ETag/Last-Modified and answer 304 to If-None-Match/If-Modified-Since; "
                "every answer carries the RateLimit-Policy/RateLimit headers, and a caller "
                "over its limit gets 429 with Retry-After. Integration guide with the sync "
                "loop: docs/integration.md in the repository.",
    urls_namespace="api-1",
    auth=read_auth,
    parser=JsonBodyParser(),
)


def _describe(error: dict) -> str:
    where = ".".join(str(part) for part in error.get("loc", [])[1:]) or "request"
    if error.get("type") == "extra_forbidden":
        return _("%(field)s: unknown field") % {"field": where}
    return f"{where}: {error.get('msg', 'invalid value')}"


@api.exception_handler(NinjaValidationError)
def on_validation_error(request, exc: NinjaValidationError):
    """400 for invalid values; 422 when the body has fields the operation does not know
    (they would otherwise be dropped without a word)."""
    unknown = any(error.get("type") == "extra_forbidden" for error in exc.errors)
    messages = [_describe(error) for error in exc.errors]
    return api.create_response(request, {"detail": "; ".join(messages), "errors": exc.errors},
                               status=422 if unknown else 400)


@api.exception_handler(ApiError)
def on_api_error(request, exc: ApiError):
    return api.create_response(request, {"detail": exc.detail}, status=exc.status)


@api.exception_handler(EditConflict)
def on_edit_conflict(request, exc: EditConflict):
    return api.create_response(request, {"detail": exc.messages[0], "current": exc.current},
                               status=409)


@api.exception_handler(DjangoValidationError)
def on_django_validation_error(request, exc: DjangoValidationError):
    return api.create_response(request, {"detail": " ".join(exc.messages)}, status=400)


@api.exception_handler(PermissionDenied)
def on_permission_denied(request, exc):
    return api.create_response(request, {"detail": str(exc) or "Permission denied."}, status=403)


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return api.create_response(request, {"detail": str(exc) or "Not found."}, status=404)


@api.exception_handler(AuthenticationError)
def on_auth_error(request, exc: AuthenticationError):
    detail = exc.message if exc.message != "Unauthorized" else _(
        "Sign in, or send a personal API token with the scope “read and write” "
        "(Authorization: Bearer <token>).")
    response = api.create_response(request, {"detail": detail}, status=401)
    response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    if isinstance(exc.__cause__, ApiError):  # ninja wraps what the body parser raised
        return on_api_error(request, exc.__cause__)
    return api.create_response(request, {"detail": exc.message}, status=exc.status_code)


api.add_router("/territories", territory_router)
api.add_router("/concept", concept_router)
api.add_router("/strategies", strategies_router)
api.add_router("/search", search_router)
api.add_router("/intentions", intentions_router)
api.add_router("/funding", funding_router)
api.add_router("", mining_router)
