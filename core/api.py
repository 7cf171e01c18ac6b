"""What every endpoint shares: the error shapes and the responses it documents, strict
input schemas; and what every list endpoint shares: paging, ordering, exports."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any, Literal

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.parser import Parser
from pydantic import ConfigDict

from core.exports import CONTENT_TYPES, EXPORT_ROW_LIMIT, Column, render_export
from core.text import without_nul

# Official codes whose form is fixed, so a malformed one is refused by the schema (400)
# before any lookup; a well-formed code that names no unit is a 400 saying so.
KRAJ_CODE = r"^([A-Za-z]{2}[0-9]{3})?$"  # NUTS 3, e.g. CZ031
ORP_CODE = r"^[0-9]{0,10}$"  # e.g. 4003


class ListParams(Schema):
    page: int = Field(1, ge=1, le=100_000, description="1-based page number")
    page_size: int = Field(50, ge=1, le=500, description="items per page (max 500)")
    search: str = Field("", max_length=200, description="text to search for")
    ordering: str = Field("", max_length=50, description="field name, '-' for descending")
    format: Literal["", "csv", "xlsx", "json"] = Field(
        "", description="csv, xlsx or json to download the whole filtered list"
    )


class InputSchema(Schema):
    """Every request body: a field the schema does not know is refused (422 naming it),
    never silently dropped."""

    model_config = ConfigDict(extra="forbid")


class ErrorOut(Schema):
    detail: Any


class ValidationErrorOut(ErrorOut):
    """A 400 or 422 from input validation: `detail` names each field, `errors` lists them."""

    errors: list[dict[str, Any]] = Field(
        default_factory=list, description="one entry per problem: loc, msg, type")


class ConflictOut(Schema):
    """A 409: the record changed since the version the client sent; nothing was saved."""

    detail: str
    current: dict = Field(..., description="the values saved meanwhile, to compare")


class ApiError(Exception):
    def __init__(self, status: int, detail: Any):
        self.status, self.detail = status, detail


JSON_MEDIA_TYPES = ("application/json",)


class JsonBodyParser(Parser):
    """Request bodies are JSON, sent as such: a body under another Content-Type (text/plain,
    a form) is a 415, not read as JSON anyway."""

    def parse_body(self, request):
        media_type = request.content_type.split(";")[0].strip().lower()
        if media_type not in JSON_MEDIA_TYPES and not media_type.endswith("+json"):
            raise ApiError(415, _("Send the body as JSON, with the header Content-Type: "
                                  "application/json (this request said “%(type)s”).")
                           % {"type": media_type})
        return without_nul(super().parse_body(request))  # PostgreSQL refuses NUL in text


# What each 4xx means on this API; the OpenAPI description shows it with the code.
ERROR_MEANINGS = {
    400: "Invalid input: a parameter or field out of its range, an unknown code or id, a "
         "rule of the record broken, a NUL character in the address; `detail` says which.",
    401: "No valid token: send `Authorization: Bearer <your token>`.",
    403: "The token's user may not do this (role, territory, state of the record, token "
         "scope).",
    404: "No such record, or the caller may not see it.",
    409: "The record changed since the version sent; nothing was saved. `current` holds the "
         "values saved meanwhile.",
    415: "The body is not JSON: send it with `Content-Type: application/json`.",
    422: "The body has a field this operation does not know; `detail` names it.",
}
ERROR_SCHEMAS: dict[int, type[Schema]] = {400: ValidationErrorOut, 409: ConflictOut,
                                          422: ValidationErrorOut}

# The 4xx of the usual kinds of operation, to combine in `replies`.
DETAIL = (400, 404)  # a record by id or code
BODY = (400, 415, 422)  # takes a JSON body
WRITE = (400, 401, 403)  # needs a token and a permission

BINARY = {"schema": {"type": "string", "format": "binary"}}
EXPORT_CONTENT = {
    CONTENT_TYPES["csv"].split(";")[0]: {"schema": {"type": "string"}},
    CONTENT_TYPES["xlsx"]: BINARY,
}
EXPORT_DESCRIPTION = ("One page as `{count, items}`; with `format=csv`, `xlsx` or `json` "
                      "the whole filtered list as a file to download (JSON: the same "
                      "`{count, items}` with every item).")


def replies(success: Any, *errors: int, status: int = 200, export: bool = False,
            content: dict[str, Any] | None = None) -> dict[str, Any]:
    """The `response=` and `openapi_extra=` of an operation: its success schema under
    `status` and the error shape of every 4xx it can answer, each with its meaning.
    `export=True` for a list that takes `format=`: the success then also comes as CSV
    and XLSX (and as JSON the `{count, items}` of the whole list, to download).
    `content` adds other media types of the success (a PDF)."""
    response: dict[int, Any] = {status: success}
    documented: dict[int, Any] = {}
    for code in sorted(set(errors)):
        response[code] = ERROR_SCHEMAS.get(code, ErrorOut)
        documented[code] = {"description": ERROR_MEANINGS[code]}
    if export:
        documented[status] = {"description": EXPORT_DESCRIPTION, "content": EXPORT_CONTENT}
    if content:
        documented[status] = {"content": content}
    return {"response": response, "openapi_extra": {"responses": documented}}


def order(queryset: QuerySet, ordering: str, allowed: dict[str, Sequence[str]],
          default: Sequence[str]) -> QuerySet:
    """Order by a public field name; unknown names are a 400, not a silent default."""
    if not ordering:
        return queryset.order_by(*default)
    descending = ordering.startswith("-")
    key = ordering.lstrip("-")
    if key not in allowed:
        raise ApiError(400, f"Unknown ordering '{ordering}'. Use one of: "
                            + ", ".join(sorted(allowed)) + " (prefix '-' for descending).")
    fields = [("-" if descending else "") + f for f in allowed[key]]
    return queryset.order_by(*fields)


def page_or_export(queryset: QuerySet, params: ListParams, serialise: Callable[[Any], Any],
                   columns: Sequence[Column], filename: str, page: type[Schema]):
    """`{"count", "items"}` for the requested page, or the whole list as a file: CSV or
    XLSX of `columns`, or JSON as the same `page` schema with every item."""
    if params.format in ("csv", "xlsx"):
        return render_export(queryset[:EXPORT_ROW_LIMIT], columns, params.format, filename)
    count = queryset.count()
    if params.format == "json":
        items = [serialise(obj) for obj in queryset[:EXPORT_ROW_LIMIT]]
        return json_download(page.model_validate({"count": count, "items": items}), filename)
    start = (params.page - 1) * params.page_size
    items = [serialise(obj) for obj in queryset[start:start + params.page_size]]
    return {"count": count, "items": items}


def json_download(data: Schema, filename: str) -> HttpResponse:
    """`data` exactly as the API renders it, as a file to download."""
    from ninja.responses import NinjaJSONEncoder

    body = json.dumps(data.model_dump(), cls=NinjaJSONEncoder, ensure_ascii=False)
    response = HttpResponse(body, content_type=CONTENT_TYPES["json"])
    response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
    return response
