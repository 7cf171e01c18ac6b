from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from core import access

        from .permissions import can

        access.connect(can)  # territory, below accounts, asks its questions through core
