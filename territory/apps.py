from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TerritoryConfig(AppConfig):
    name = "territory"
    verbose_name = _("Territory")

    def ready(self) -> None:
        from . import choosers, history_fields

        history_fields.register()  # how the history of groups (MAS, microregions) reads
        choosers.register()  # units chosen by name in forms
