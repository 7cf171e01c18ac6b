"""Four eyes on intentions: whoever submitted one does not publish or return it (issue 10,
item 13)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from intentions import services
from intentions.models import Intention, Status

from .factories import make_intention


def status(intention) -> str:
    return Intention.objects.get(pk=intention.pk).status


def test_the_submitter_does_not_review_and_another_reviewer_does(make_member, moderator):
    coordinator = make_member("coordinator", "CZ031")
    intention = make_intention(coordinator)
    services.submit_intention(coordinator, intention)
    with pytest.raises(ValidationError) as error:
        services.publish_intention(coordinator, intention)
    assert error.value.code == "four_eyes"
    with pytest.raises(ValidationError):
        services.return_intention(coordinator, intention, "Doplňte rozpočet.")
    assert status(intention) == Status.SUBMITTED
    services.publish_intention(moderator, intention)
    assert status(intention) == Status.PUBLISHED


def test_an_administrator_alone_may_review_their_own_submission(vocabularies, admin_user,
                                                                 make_member):
    alone = make_intention(admin_user)
    services.submit_intention(admin_user, alone)
    services.publish_intention(admin_user, alone)
    assert status(alone) == Status.PUBLISHED
    make_member("moderator")
    intention = make_intention(admin_user, title="Druhý záměr")
    services.submit_intention(admin_user, intention)
    with pytest.raises(ValidationError):
        services.publish_intention(admin_user, intention)
    assert status(intention) == Status.SUBMITTED


def test_the_page_refuses_the_submitter_and_says_why(client, make_member, moderator):
    coordinator = make_member("coordinator", "CZ031")
    intention = make_intention(coordinator)
    client.force_login(coordinator)
    client.post(reverse("intentions:submit", kwargs={"pk": intention.pk}))
    assert status(intention) == Status.SUBMITTED
    page = client.get(intention.get_absolute_url()).content.decode()
    assert reverse("intentions:publish", kwargs={"pk": intention.pk}) not in page
    assert "four-eyes" in page or "čtyř očí" in page
    response = client.post(reverse("intentions:publish", kwargs={"pk": intention.pk}),
                           follow=True)
    assert "four-eyes" in response.content.decode() or "čtyř očí" in response.content.decode()
    client.post(reverse("intentions:return", kwargs={"pk": intention.pk}),
                {"comment": "Sám sobě"})
    assert status(intention) == Status.SUBMITTED
    client.force_login(moderator)
    client.post(reverse("intentions:publish", kwargs={"pk": intention.pk}))
    assert status(intention) == Status.PUBLISHED
