from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "funding"
    verbose_name = _("Funding programmes and calls")

    def ready(self) -> None:
        from intentions import calls

        from . import deadlines, history_fields, queries, rules, search

        rules.register()  # who may see and change programmes, calls and follows
        search.register()  # funding calls
        history_fields.register()  # how the history of programmes and calls reads
        calls.register(queries.matching_calls)  # the calls an intention's pages offer
        deadlines.register()  # followed calls closing soon: work queue and e-mail notices
