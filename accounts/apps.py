from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from core import access, workflow

        from . import tasks
        from .permissions import can, four_eyes_refusal

        # The base layer (the workflow) and territory, below accounts, ask through core.
        access.connect(can, four_eyes_refusal)
        # E-mail notices of submissions and returns, queued when a transition commits.
        workflow.workflow_transition.connect(tasks.on_transition, weak=False,
                                             dispatch_uid="accounts.notices")
