from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntentionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "intentions"
    verbose_name = _("Project intentions")

    def ready(self) -> None:
        from . import choosers, history_fields, rules, search

        rules.register()  # who may see and change intentions and their parts
        search.register()  # public project intentions
        history_fields.register()  # how its change history reads
        choosers.register()  # the measures an intention implements, chosen by name
