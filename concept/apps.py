from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConceptConfig(AppConfig):
    name = "concept"
    verbose_name = _("Smart Cities Concept")

    def ready(self) -> None:
        from . import history_fields, rules

        rules.register()  # the concept's taxonomies are a shared register
        history_fields.register()  # how the history of technologies reads
