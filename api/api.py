"""API v1: one NinjaAPI; each bounded context contributes a router."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from concept.api import router as concept_router
from core.conflicts import EditConflict
from funding.api import router as funding_router
from intentions.api import router as intentions_router
from mining.api import router as mining_router
from search.api import router as search_router
from strategies.api import router as strategies_router
from territory.api import router as territory_router

from .common import ApiError

api = NinjaAPI(
    title="SMART platforma API",
    version="1",
    description="Read and write access to the SMART platform: territory, the Smart Cities "
                "Concept, strategies, intentions, funding. Lists answer {count, items}, take "
                "page, page_size, search, filters, ordering and format=csv|xlsx|json.",
    urls_namespace="api-1",
)


def _describe(error: dict) -> str:
    where = ".".join(str(part) for part in error.get("loc", [])[1:]) or "request"
    return f"{where}: {error.get('msg', 'invalid value')}"


@api.exception_handler(NinjaValidationError)
def on_validation_error(request, exc: NinjaValidationError):
    messages = [_describe(error) for error in exc.errors]
    return api.create_response(request, {"detail": "; ".join(messages), "errors": exc.errors},
                               status=400)


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
def on_auth_error(request, exc):
    return api.create_response(request, {"detail": "Authentication required."}, status=401)


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    return api.create_response(request, {"detail": exc.message}, status=exc.status_code)


api.add_router("/territories", territory_router)
api.add_router("/concept", concept_router)
api.add_router("/strategies", strategies_router)
api.add_router("/search", search_router)
api.add_router("/intentions", intentions_router)
api.add_router("/funding", funding_router)
api.add_router("", mining_router)
