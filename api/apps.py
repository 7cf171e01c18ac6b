from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "API"

    def ready(self) -> None:
        from accounts.permissions import scope_of
        from core.api import register_viewer_key

        def viewer_key(user) -> str:
            """What an answer depends on about its reader: their roles and units (an
            `ETag` changes when they do, and never tells one reader's view to another)."""
            scope = scope_of(user)
            return ":".join([str(user.pk), str(scope.is_admin), ",".join(sorted(scope.roles)),
                             ",".join(map(str, sorted(scope.editor_unit_ids))),
                             ",".join(map(str, sorted(scope.coordinator_kraj_ids)))])

        register_viewer_key(viewer_key)
