from __future__ import annotations

import pytest
from django.apps import apps
from django.core.management import call_command


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()
            if model._meta.app_label not in ("sessions", "django_tasks_db", "admin")}


@pytest.mark.django_db
def test_seed_demo_creates_every_role_and_running_it_twice_changes_nothing(settings, tmp_path):
    from accounts.models import Membership, Role
    from strategies.models import Strategy

    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", verbosity=0)
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == {role.value for role in Role}
    assert Strategy.objects.filter(state="published").count() >= 20
    before = row_counts()
    call_command("seed_demo", verbosity=0)
    assert row_counts() == before
