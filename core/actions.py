"""The one way pages carry out a POST action (submit, publish, delete, restore, remove an
element…): permission → service → message → redirect, and the conflict page when the
record has moved on from the version the action named; and the one way an edit form is
saved (`save_form`): the same, with a conflict or a refusal shown on the form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .conflicts import EditConflict, conflict_page, show_in_form
from .forms import apply_errors
from .validators import parse_id

Target = str | Callable[[Any], str]  # a URL, or one made from what the service returned


def _url(target: Target, result: Any) -> str:
    return target(result) if callable(target) else target


def post_action(request: HttpRequest, run: Callable[[], Any], *, success: str = "",
                next_url: Target, failure_url: str | None = None,
                allowed: bool = True) -> HttpResponse:
    """Run the service call `run` for a POST and answer with a redirect.

    `allowed` is the page's own permission check (False: 403 and nothing runs; the service
    checks again). The service's refusal (ValidationError) becomes error messages and a
    redirect to `failure_url` (default `next_url`, which must not need the result then); a
    record that does not exist (any more) is a 404; a version conflict shows the conflict
    page; success shows `success` (if any) and goes to `next_url`."""
    if not allowed:
        raise PermissionDenied
    try:
        result = run()
    except ObjectDoesNotExist:
        raise Http404 from None
    except EditConflict as conflict:
        return conflict_page(request, conflict, back_url=failure_url or _url(next_url, None))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(failure_url or _url(next_url, None))
    if success:
        messages.success(request, success)
    return redirect(_url(next_url, result))


def save_form(request: HttpRequest, form: forms.BaseForm, save: Callable[[], Any], *,
              current_version: Callable[[], int], success: str,
              next_url: Target) -> tuple[HttpResponse | None, list[tuple[str, Any, Any]]]:
    """The POST of an edit form whose hidden `version` names what its editor loaded.

    When the form is valid, `save()` runs the service. A version conflict rebases the form
    on `current_version()` with both versions to compare (`show_in_form`, for
    ``core/_conflict.html``), a refusal (ValidationError) lands at the form's fields, and
    success shows `success` and answers with the redirect to `next_url`. Returns that
    redirect (None: render the form again) and the rows to compare (empty: no conflict)."""
    if request.method != "POST" or not form.is_valid():
        return None, []
    try:
        result = save()
    except EditConflict as conflict:
        return None, show_in_form(form, conflict, current_version())
    except ValidationError as error:
        apply_errors(form, error)
        return None, []
    messages.success(request, success)
    return redirect(_url(next_url, result)), []


def deleted_records(request: HttpRequest, *, allowed: bool, records: QuerySet,
                    restore: Callable[[int], Any], success: str,
                    template: str) -> HttpResponse:
    """The list of soft-deleted records of one type, each with a button restoring it
    (`restore(pk)`, a workflow service); after restoring, the record's page."""
    if not allowed:
        raise PermissionDenied
    if request.method == "POST":
        pk = parse_id(request.POST.get("pk"))
        if pk is None:
            raise Http404
        return post_action(request, lambda: restore(pk), success=success,
                           next_url=lambda record: record.get_absolute_url(),
                           failure_url=request.path)
    page = Paginator(records, 50).get_page(request.GET.get("page"))
    return render(request, template, {"page": page})
