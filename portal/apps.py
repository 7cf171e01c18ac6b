from django.apps import AppConfig


class PortalConfig(AppConfig):
    """Pages and commands that compose many apps: the home page, a user's dashboard and
    work queue, the change history of any record, `seed_demo`, `load_reference_data`,
    `worker` and `send_notices`. It sits on top of the domain apps and nothing imports it."""

    name = "portal"
    verbose_name = "Portal"

    def ready(self) -> None:
        from . import workqueue

        workqueue.register()  # the review sections of every declared workflow
