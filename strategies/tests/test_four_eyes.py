"""Four eyes: whoever submitted a strategy does not publish or return it themselves
(issue 10, item 13). Administrators are bound too, unless nobody else could review."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.workflow import ReviewState
from strategies import services
from strategies.models import Strategy

from .factories import make_strategy


@pytest.fixture
def coordinator(reference_data, make_member):
    return make_member("coordinator", "CZ031")


@pytest.fixture
def moderator(reference_data, make_member):
    return make_member("moderator")


def state(strategy) -> str:
    return Strategy.objects.get(pk=strategy.pk).state


def test_a_coordinator_does_not_review_their_own_submission(coordinator, moderator):
    strategy = make_strategy(coordinator)
    services.submit_strategy(coordinator, strategy)
    with pytest.raises(ValidationError) as error:
        services.publish_strategy(coordinator, strategy)
    assert error.value.code == "four_eyes"
    with pytest.raises(ValidationError):
        services.return_strategy(coordinator, strategy, "Doplňte indikátory.")
    assert state(strategy) == ReviewState.SUBMITTED
    services.publish_strategy(moderator, strategy)
    assert state(strategy) == ReviewState.PUBLISHED


def test_a_moderator_who_edits_too_does_not_review_their_own_submission(
        make_member, admin_user, coordinator):
    from accounts.services import grant_membership
    from conftest import unit

    moderator = make_member("moderator")
    grant_membership(admin_user, moderator, "editor", unit("544256"))
    strategy = make_strategy(moderator)
    services.submit_strategy(moderator, strategy)
    with pytest.raises(ValidationError):
        services.publish_strategy(moderator, strategy)
    services.return_strategy(coordinator, strategy, "Doplňte indikátory.")
    assert state(strategy) == ReviewState.RETURNED


def test_an_editor_who_submitted_is_not_the_reviewer_when_someone_else_resubmits(
        make_member, coordinator):
    first = make_member("editor", "544256")
    strategy = make_strategy(first)
    services.submit_strategy(first, strategy)
    services.return_strategy(coordinator, strategy, "Doplňte indikátory.")
    services.submit_strategy(coordinator, strategy)  # the coordinator resubmits
    with pytest.raises(ValidationError):
        services.publish_strategy(coordinator, strategy)
    assert state(strategy) == ReviewState.SUBMITTED


def test_an_administrator_reviews_their_own_submission_only_without_another_reviewer(
        reference_data, admin_user, make_member):
    alone = make_strategy(admin_user)
    services.submit_strategy(admin_user, alone)
    services.publish_strategy(admin_user, alone)  # nobody else could review it
    assert state(alone) == ReviewState.PUBLISHED
    make_member("coordinator", "CZ031")
    strategy = make_strategy(admin_user, title="Druhá strategie")
    services.submit_strategy(admin_user, strategy)
    with pytest.raises(ValidationError) as error:
        services.publish_strategy(admin_user, strategy)
    assert "administrator" in str(error.value.messages).lower() or \
        "administrátor" in str(error.value.messages).lower()
    assert state(strategy) == ReviewState.SUBMITTED


def test_the_page_offers_no_review_to_the_submitter_and_refuses_it(client, coordinator,
                                                                    moderator):
    strategy = make_strategy(coordinator)
    client.force_login(coordinator)
    client.post(reverse("strategies:submit", kwargs={"pk": strategy.pk}))
    assert state(strategy) == ReviewState.SUBMITTED
    page = client.get(strategy.get_absolute_url()).content.decode()
    assert reverse("strategies:publish", kwargs={"pk": strategy.pk}) not in page
    assert "four-eyes" in page or "čtyř očí" in page
    response = client.post(reverse("strategies:publish", kwargs={"pk": strategy.pk}),
                           follow=True)
    assert response.status_code == 200
    assert "four-eyes" in response.content.decode() or "čtyř očí" in response.content.decode()
    client.post(reverse("strategies:return", kwargs={"pk": strategy.pk}),
                {"comment": "Sám sobě"})
    assert state(strategy) == ReviewState.SUBMITTED
    client.force_login(moderator)
    page = client.get(strategy.get_absolute_url()).content.decode()
    assert reverse("strategies:publish", kwargs={"pk": strategy.pk}) in page
    client.post(reverse("strategies:publish", kwargs={"pk": strategy.pk}))
    assert state(strategy) == ReviewState.PUBLISHED
