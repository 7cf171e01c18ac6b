"""Links lead only where the user may go: on the pages each role reads while reviewing (an
intention and a strategy waiting for review, the dashboard, the work queue), every link
opens for that user — none answers 403. The analyst and the moderator used to see
"Completeness: 93 % – 2 items to complete" linking to the editors' check step."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from intentions import services as intentions
from intentions.tests.factories import make_intention
from strategies import services as strategies
from strategies.tests.factories import make_strategy

CB = "544256"
ROLES = {"editor": ("editor", CB), "coordinator": ("coordinator", "CZ031"),
         "moderator": ("moderator",), "analyst": ("analyst",),
         "other_editor": ("editor", "586846"), "registered": ("none",)}
SKIPPED = ("/static/", "/media/", "/api/v1/docs")


@pytest.fixture
def people(vocabularies, users_in_roles):
    return users_in_roles(ROLES)


@pytest.fixture
def waiting(people):
    """A submitted intention the completeness check still finds two recommended items
    missing in (no strategy measure, no SDG), and a submitted strategy."""
    editor = people["editor"]
    intention = intentions.submit_intention(editor, make_intention(editor))
    strategy = strategies.submit_strategy(editor, make_strategy(editor))
    return intention, strategy


def links(html: str) -> list[str]:
    found = {href.split("#")[0] for href in re.findall(r'href="(/[^"]*)"', html)}
    return sorted(h.replace("&amp;", "&") for h in found if h and not h.startswith(SKIPPED))


@pytest.mark.parametrize("role", ["analyst", "moderator", "coordinator", "editor"])
def test_every_link_on_the_review_pages_opens(client, people, waiting, role):
    intention, strategy = waiting
    client.force_login(people[role])
    refused = []
    for page in (intention.get_absolute_url(), strategy.get_absolute_url(),
                 reverse("portal:dashboard"), reverse("portal:work_queue")):
        response = client.get(page)
        assert response.status_code == 200, page
        for link in links(response.content.decode()):
            status = client.get(link).status_code
            if status in (403, 500):
                refused.append((page, link, status))
    assert refused == []


def test_the_completeness_check_is_linked_for_its_editors_only(client, people, waiting):
    intention, _strategy = waiting
    check = reverse("intentions:step", args=[intention.pk, "review"])
    for role in ("analyst", "moderator"):
        client.force_login(people[role])
        html = client.get(intention.get_absolute_url()).content.decode()
        assert f'href="{check}"' not in html, role
        assert f"{intention.completeness}\u00a0%" in html or \
            f"{intention.completeness} %" in html, role  # the score is still shown
    client.force_login(people["editor"])
    html = client.get(intention.get_absolute_url()).content.decode()
    assert f'href="{check}"' in html
    assert client.get(check).status_code == 200
