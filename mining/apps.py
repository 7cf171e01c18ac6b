from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MiningConfig(AppConfig):
    name = "mining"
    verbose_name = _("Document mining")
