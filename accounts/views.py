from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.actions import post_action
from core.forms import apply_errors

from . import notifications, queries, services
from .forms import ApiTokenForm, GrantMembershipForm, NotificationSettingsForm
from .models import Membership
from .permissions import Action, can


def _require_admin(request) -> None:
    if not can(request.user, Action.MANAGE_MEMBERSHIPS):
        raise PermissionDenied


@login_required
def memberships(request):
    _require_admin(request)
    form = GrantMembershipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.grant_membership(request.user, data["email"], data["role"],
                                      data["unit_code"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The role has been granted."))
            return redirect("accounts:memberships")
    search = request.GET.get("q", "")[:100]
    page = Paginator(queries.memberships(search), 50).get_page(request.GET.get("page"))
    return render(request, "accounts/memberships.html",
                  {"form": form, "page": page, "search": search,
                   "query_string": urlencode({"q": search}) if search else ""})


@login_required
@require_POST
def revoke(request, pk: int):
    _require_admin(request)
    membership = get_object_or_404(Membership, pk=pk)
    services.revoke_membership(request.user, membership)
    messages.success(request, _("The role has been removed."))
    return redirect("accounts:memberships")


@login_required
def api_tokens(request):
    form = ApiTokenForm()
    new_key = None
    if request.method == "POST" and "revoke" in request.POST:
        token = queries.revocable_token(request.user, request.POST["revoke"])
        if token is None:
            messages.error(request, _("No such token; perhaps it was deleted. Nothing was "
                                      "changed."))
            return redirect("accounts:api_tokens")
        return post_action(request, lambda: services.revoke_api_token(request.user, token),
                           success=_("The token has been revoked."),
                           next_url=reverse("accounts:api_tokens"))
    if request.method == "POST":
        form = ApiTokenForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                _token, new_key = services.create_api_token(
                    request.user, data["name"], scopes=data["scopes"],
                    valid_until=data["valid_until"])
            except ValidationError as error:
                apply_errors(form, error)
            else:
                form = ApiTokenForm()
    return render(request, "accounts/api_tokens.html",
                  {"tokens": queries.own_tokens(request.user), "form": form,
                   "new_key": new_key, "now": timezone.now()})


@login_required
def notification_settings(request):
    """The user's own choice of e-mail notices: per kind immediately, in a daily digest or
    never, and the language of the e-mails."""
    chosen = notifications.settings_of(request.user)
    current = chosen.frequencies if chosen else {}
    form = NotificationSettingsForm(request.POST or None, kinds=notifications.kinds(),
                                    current=current,
                                    language=chosen.language if chosen else "")
    if request.method == "POST" and form.is_valid():
        try:
            services.save_notification_settings(request.user, request.user, form.frequencies(),
                                                form.cleaned_data["language"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Your notification settings have been saved."))
            return redirect("accounts:notifications")
    return render(request, "accounts/notifications.html", {"form": form})
