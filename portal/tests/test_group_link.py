"""The dashboard offers creating a MAS or microregion to those the permission rule lets
manage groups — moderators and kraj coordinators — and to nobody else."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("role", "unit", "offered"), [
    ("moderator", None, True),
    ("coordinator", "CZ031", True),
    ("editor", "544256", False),
    ("analyst", None, False),
])
def test_the_group_link_follows_the_rule(client, reference_data, make_member, role, unit,
                                         offered):
    client.force_login(make_member(role, unit) if unit else make_member(role))

    page = client.get("/en/dashboard/").content.decode()

    assert (reverse("territory:group_create") in page) is offered
