from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _task_taken_over(**kwargs) -> None:
    from .services import task_taken_over

    task_taken_over(**kwargs)


class MiningConfig(AppConfig):
    name = "mining"
    verbose_name = _("Document mining")

    def ready(self) -> None:
        from core.leases import task_requeued

        from . import rules

        rules.register()  # a file answers to the records holding it, a passage to its file
        task_requeued.connect(_task_taken_over, dispatch_uid="mining.task_taken_over")
