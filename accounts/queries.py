from __future__ import annotations

from django.db.models import QuerySet

from .models import Membership


def memberships(search: str = "") -> QuerySet[Membership]:
    rows = Membership.objects.select_related("user", "unit").order_by("user__email", "role")
    if search:
        rows = rows.filter(user__email__icontains=search.strip())
    return rows
