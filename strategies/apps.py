from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StrategiesConfig(AppConfig):
    name = "strategies"
    verbose_name = _("Strategies")

    def ready(self) -> None:
        from . import search, unit_section

        search.register()  # strategies, their elements and document passages
        unit_section.register()  # a unit's strategies on its page
