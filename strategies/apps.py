from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StrategiesConfig(AppConfig):
    name = "strategies"
    verbose_name = _("Strategies")

    def ready(self) -> None:
        from . import choosers, files, history_fields, rules, search, unit_section

        rules.register()  # who may see and change strategies and their parts
        search.register()  # strategies, their elements and document passages
        files.register()  # document versions are the files mining processes
        unit_section.register()  # a unit's strategies on its page
        history_fields.register()  # how its change history reads
        choosers.register()  # strategies (and the units one acts for) chosen by name
