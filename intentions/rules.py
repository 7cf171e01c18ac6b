"""The permission rule of each intentions record type (`accounts.permissions`).

An intention is owned by its leading unit and public once published (until deleted); its
partner units and the units invited to be one see it unpublished; analysts and moderators
see it once submitted; its owners choose whether its budget is public. An invited unit
answers its partnership. Outputs, partners and activities follow the intention, budget lines
its budget.
"""

from __future__ import annotations

from django.db.models import Q

from accounts import permissions
from accounts.permissions import Action, Owned, PartOf

from .models import (
    PRIVATE_STATUSES,
    PUBLIC_STATUSES,
    Activity,
    BudgetLine,
    Intention,
    OutputIndicator,
    Partner,
    Partnership,
    PartnerState,
)


def register() -> None:
    permissions.register(Intention, Owned(
        units="lead_unit",
        public=Q(status__in=PUBLIC_STATUSES, published_at__isnull=False,
                 deleted_at__isnull=True),
        private_draft=Q(status__in=PRIVATE_STATUSES),
        viewers="partnerships__unit",
        viewers_when=Q(partnerships__state__in=[PartnerState.PENDING,
                                                PartnerState.CONFIRMED]),
        budget_public="budget_public"))
    permissions.register(Partnership, Owned(units="unit"))
    permissions.register(BudgetLine, PartOf("intention", view=Action.VIEW_BUDGET))
    for part in (OutputIndicator, Partner, Activity):
        permissions.register(part, PartOf("intention"))
