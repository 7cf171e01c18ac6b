from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import queries, services
from .forms import GrantMembershipForm
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
    from .models import ApiToken

    new_key = None
    if request.method == "POST":
        if "revoke" in request.POST:
            token = get_object_or_404(ApiToken, pk=request.POST["revoke"], user=request.user)
            services.revoke_api_token(request.user, token)
            messages.success(request, _("The token has been revoked."))
            return redirect("accounts:api_tokens")
        try:
            _token, new_key = services.create_api_token(request.user,
                                                        request.POST.get("name", ""))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    tokens = ApiToken.objects.filter(user=request.user)
    return render(request, "accounts/api_tokens.html", {"tokens": tokens, "new_key": new_key})
