from django.apps import AppConfig


class PortalConfig(AppConfig):
    """Pages and commands that compose many apps: the home page, a user's dashboard, the
    change history of any record, `seed_demo`, `load_reference_data` and `worker`. It sits
    on top of the domain apps and nothing imports it."""

    name = "portal"
    verbose_name = "Portal"
