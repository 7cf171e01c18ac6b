from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _rebuild_if_keys_changed(sender, using, verbosity=1, stdout=None, **kwargs) -> None:
    """Once every migration has run (the sources read other apps' tables, and mining's
    migrations refresh the passages' keys first)."""
    from . import services

    def say(text: str) -> None:
        if stdout is not None:
            stdout.write(text)
        else:
            print(text)

    services.rebuild_if_keys_changed(using, say=say if verbosity else None)


class SearchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "search"
    verbose_name = _("search")

    def ready(self) -> None:
        post_migrate.connect(_rebuild_if_keys_changed, sender=self,
                             dispatch_uid="search.rebuild_if_keys_changed")
