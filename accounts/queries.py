from __future__ import annotations

from django.db.models import QuerySet

from .models import ApiToken, Membership
from .permissions import visible_q


def memberships(search: str = "") -> QuerySet[Membership]:
    rows = Membership.objects.select_related("user", "unit").order_by("user__email", "role")
    if search:
        rows = rows.filter(user__email__icontains=search.strip())
    return rows


def own_tokens(user) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


def revocable_token(user, raw_id: str) -> ApiToken | None:
    """The token with this id if the user may revoke it (their own; any token for an
    administrator), else None: a malformed id, a missing one and someone else's token
    are indistinguishable."""
    raw_id = (raw_id or "").strip()
    if not raw_id.isascii() or not raw_id.isdigit() or len(raw_id) > 18:
        return None
    tokens = ApiToken.objects.select_related("user").filter(visible_q(user, ApiToken))
    return tokens.filter(pk=int(raw_id)).first()
