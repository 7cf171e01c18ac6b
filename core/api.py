"""What every endpoint shares: the error shapes and the responses it documents, strict
input schemas; and what every list endpoint shares: paging, ordering, exports."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, Literal, get_args

from django.db.models import Count, Max, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.parser import Parser
from pydantic import ConfigDict

from core.exports import CONTENT_TYPES, EXPORT_ROW_LIMIT, Column, Download, stream_export
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
    sep: Literal["comma", "semicolon"] = Field(
        "comma", description="CSV only: `semicolon` separates fields with ';' and writes "
                             "decimal commas, as a spreadsheet set to Czech expects")
    modified_since: str = Field(
        "", max_length=40,
        description="ISO 8601 date or time (e.g. 2026-05-01T12:00:00Z; without a zone: "
                    "Prague time): only records changed at or after it, and in `deleted` "
                    "the records changed since then that are no longer in this list "
                    "(deleted, hidden from you, or no longer matching the filters)")


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


VALIDATOR_HEADERS = {
    "ETag": {"description": "The version of this answer for this caller; send it back in "
                            "`If-None-Match` to get a 304 while it holds.",
             "schema": {"type": "string"}},
    "Last-Modified": {"description": "When the latest record in it changed (HTTP date); "
                                     "for `If-Modified-Since`.",
                      "schema": {"type": "string"}},
}
NOT_MODIFIED = {"description": "Not modified: the `ETag` sent in `If-None-Match` (or the "
                               "time in `If-Modified-Since`) still holds; no body.",
                "headers": {"ETag": VALIDATOR_HEADERS["ETag"]}}


class ListPage(Schema):
    """What every list answers besides its `items`."""

    count: int
    deleted: list[int | str] = Field(
        default_factory=list,
        description="with `modified_since` (first page): ids (territories: codes) of the "
                    "records changed since then that are no longer in this list — deleted, "
                    "no longer visible to you, or no longer matching the filters")


def replies(success: Any, *errors: int, status: int = 200, export: bool = False,
            content: dict[str, Any] | None = None,
            conditional: bool = False) -> dict[str, Any]:
    """The `response=` and `openapi_extra=` of an operation: its success schema under
    `status` and the error shape of every 4xx it can answer, each with its meaning.
    `export=True` for a list that takes `format=`: the success then also comes as CSV
    and XLSX (and as JSON the `{count, items}` of the whole list, to download).
    `content` adds other media types of the success (a PDF). A list (`export`) or a read
    with `conditional=True` carries `ETag`/`Last-Modified` and may answer 304."""
    response: dict[int, Any] = {status: success}
    documented: dict[int, Any] = {}
    for code in sorted(set(errors)):
        response[code] = ERROR_SCHEMAS.get(code, ErrorOut)
        documented[code] = {"description": ERROR_MEANINGS[code]}
    if export:
        documented[status] = {"description": EXPORT_DESCRIPTION, "content": EXPORT_CONTENT}
    if content:
        documented[status] = {"content": content}
    if export or conditional:
        documented.setdefault(status, {})["headers"] = VALIDATOR_HEADERS
        documented[304] = NOT_MODIFIED
    return {"response": response, "openapi_extra": {"responses": documented}}


def order(queryset: QuerySet, ordering: str, allowed: Mapping[str, Sequence[str]],
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


# --- conditional reads and incremental sync ------------------------------------------------

# Who reads, as far as the answer depends on it: the API registers a function of the user
# (their roles and units) at start-up; until then every signed-in user is their own reader.
_viewer_keys: list[Callable[[Any], str]] = []


def register_viewer_key(function: Callable[[Any], str]) -> None:
    _viewer_keys[:] = [function]


def viewer_key(user: Any) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return "public"
    return _viewer_keys[0](user) if _viewer_keys else f"user:{user.pk}"


def conditional(request: HttpRequest, material: Sequence[Any],
                last_modified: dt.datetime | None) -> HttpResponse | None:
    """Put `ETag` (a digest of `material`, the reader and the language) and `Last-Modified`
    on the answer being prepared, and return a 304 when the request's `If-None-Match` or
    `If-Modified-Since` says the caller already holds it (None: answer as usual)."""
    digest = hashlib.sha256("\n".join(
        [viewer_key(getattr(request, "user", None)), get_language() or "", request.path,
         *(str(part) for part in material)]).encode()).hexdigest()[:32]
    etag = f'W/"{digest}"'
    answer: HttpResponse = getattr(request, "api_response", None) or HttpResponse()
    answer["ETag"] = etag
    stamp = int(last_modified.timestamp()) if last_modified is not None else None
    if stamp is not None:
        answer["Last-Modified"] = http_date(stamp)
    reply = get_conditional_response(request, etag=etag, last_modified=stamp, response=answer)
    return reply if reply is not answer else None


def conditional_record(request: HttpRequest, record: Any) -> HttpResponse | None:
    """`conditional` for one record's detail: its version and when it was saved."""
    return conditional(request, [type(record).__name__, record.pk,
                                 getattr(record, "version", ""), record.updated_at],
                       record.updated_at)


def parse_since(value: str) -> dt.datetime | None:
    """`modified_since` as an aware time; a date means its start; no zone means Prague's."""
    if not value:
        return None
    text = value.strip()
    try:
        if len(text) == 10:
            parsed = dt.datetime.combine(dt.date.fromisoformat(text), dt.time())
        else:
            parsed = dt.datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        raise ApiError(400, _("modified_since: “%(value)s” is not a date or time in ISO 8601 "
                              "form; send e.g. 2026-05-01 or 2026-05-01T12:00:00Z.")
                       % {"value": value[:40]}) from None
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def _latest(queryset: QuerySet) -> dt.datetime | None:
    return queryset.order_by().aggregate(latest=Max("updated_at"))["latest"]


def page_or_export(queryset: QuerySet, params: ListParams, serialise: Callable[[Any], Any],
                   columns: Sequence[Column], filename: str, page: type[Schema], *,
                   request: HttpRequest, known: QuerySet, key: str = "pk"):
    """`{"count", "items", "deleted"}` for the requested page, or the whole list as a file:
    CSV or XLSX of `columns`, or JSON as the same `page` schema with every item; streamed.

    `known` holds every record of the list's type, deleted ones included, that the caller
    may know of (what they may see now, and what was once public): with `modified_since`,
    those of them changed since then and not in `queryset` are reported in `deleted` (by
    `key`). Reads carry `ETag` (the count and latest change of the caller's filtered list)
    and `Last-Modified` (the latest change among `known`), and answer 304 when unchanged."""
    since = parse_since(params.modified_since)
    listed = queryset.filter(updated_at__gte=since) if since else queryset
    stats = listed.order_by().aggregate(count=Count("pk"), latest=Max("updated_at"))
    known_latest = _latest(known)
    changed = max([t for t in (stats["latest"], known_latest) if t is not None], default=None)
    not_modified = conditional(request, [request.GET.urlencode(), stats["count"],
                                         stats["latest"], known_latest], changed)
    if not_modified is not None:
        return not_modified

    def deleted() -> list[Any]:
        if since is None:
            return []
        gone = (known.filter(updated_at__gte=since)
                .exclude(pk__in=queryset.order_by().values("pk")).order_by("updated_at", "pk"))
        return list(gone.values_list(key, flat=True)[:EXPORT_ROW_LIMIT])

    rows = listed[:EXPORT_ROW_LIMIT]
    if params.format in ("csv", "xlsx"):
        return stream_export(rows.iterator(chunk_size=500), columns, params.format, filename,
                             delimiter=";" if params.sep == "semicolon" else ",")
    if params.format == "json":
        return json_stream(stats["count"], rows, serialise, page, filename, deleted)
    start = (params.page - 1) * params.page_size
    items = [serialise(obj) for obj in listed[start:start + params.page_size]]
    return {"count": stats["count"], "items": items,
            "deleted": deleted() if params.page == 1 else []}


def json_stream(count: int, rows: QuerySet, serialise: Callable[[Any], Any],
                page: type[Schema], filename: str,
                deleted: Callable[[], list[Any]]) -> Download:
    """`{count, items, deleted}` as the API renders `page`, every item, written item by item
    as the rows are read."""
    from ninja.responses import NinjaJSONEncoder

    item_schema = get_args(page.model_fields["items"].annotation)[0]

    def chunks() -> Iterator[str]:
        yield f'{{"count": {count}, "items": ['
        batch: list[str] = []
        for number, obj in enumerate(rows.iterator(chunk_size=500)):
            item = item_schema.model_validate(serialise(obj)).model_dump()
            batch.append(("," if number else "")
                         + json.dumps(item, cls=NinjaJSONEncoder, ensure_ascii=False))
            if len(batch) == 500:
                yield "".join(batch)
                batch = []
        yield "".join(batch)
        yield '], "deleted": ' + json.dumps(deleted(), cls=NinjaJSONEncoder) + "}"

    response = Download((part.encode() for part in chunks()), content_type=CONTENT_TYPES["json"])
    response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
    return response


def json_download(data: Schema, filename: str) -> HttpResponse:
    """`data` exactly as the API renders it, as a file to download."""
    from ninja.responses import NinjaJSONEncoder

    body = json.dumps(data.model_dump(), cls=NinjaJSONEncoder, ensure_ascii=False)
    response = HttpResponse(body, content_type=CONTENT_TYPES["json"])
    response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
    return response
