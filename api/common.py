"""What every list endpoint shares: paging, ordering, exports, the error shape."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Literal

from django.db.models import QuerySet
from ninja import Field, Schema

from core.exports import Column, render_export


class ListParams(Schema):
    page: int = Field(1, ge=1, le=100_000, description="1-based page number")
    page_size: int = Field(50, ge=1, le=500, description="items per page (max 500)")
    search: str = Field("", max_length=200, description="text to search for")
    ordering: str = Field("", max_length=50, description="field name, '-' for descending")
    format: Literal["", "csv", "xlsx", "json"] = Field(
        "", description="csv, xlsx or json to download the whole filtered list"
    )


class ErrorOut(Schema):
    detail: Any


class ConflictOut(Schema):
    """A 409: the record changed since the version the client sent; nothing was saved."""

    detail: str
    current: dict = Field(..., description="the values saved meanwhile, to compare")


class ApiError(Exception):
    def __init__(self, status: int, detail: Any):
        self.status, self.detail = status, detail


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
                   columns: Sequence[Column], filename: str):
    """`{"count", "items"}` for the requested page, or the whole list as a file."""
    if params.format:
        from core.exports import EXPORT_ROW_LIMIT

        return render_export(queryset[:EXPORT_ROW_LIMIT], columns, params.format, filename)
    count = queryset.count()
    start = (params.page - 1) * params.page_size
    items = [serialise(obj) for obj in queryset[start:start + params.page_size]]
    return {"count": count, "items": items}
