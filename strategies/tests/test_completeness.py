"""An incomplete strategy cannot be submitted: the service refuses it with what is missing,
and the page lists the same before submission."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from core.workflow import ReviewState
from strategies import services
from strategies.models import Strategy

from .factories import make_strategy


@pytest.fixture
def editor(reference_data, make_member):
    return make_member("editor", "544256")


def test_submit_refuses_an_empty_strategy_and_names_what_is_missing(editor):
    strategy = make_strategy(editor, complete=False)
    with translation.override("cs"), pytest.raises(ValidationError) as refused:
        services.submit_strategy(editor, strategy)
    with translation.override("cs"):
        assert translation.gettext("Enter the validity period (the first and the last year).") \
            in refused.value.messages
        assert translation.gettext("Enter the structure (goals, measures) or upload the "
                                   "strategy's document.") in refused.value.messages
    assert Strategy.objects.get(pk=strategy.pk).state == ReviewState.DRAFT


def test_a_structure_and_a_validity_period_make_it_submittable(editor):
    strategy = make_strategy(editor, complete=False, valid_from=2024, valid_to=2030)
    services.add_node(editor, strategy, kind="priority", title="Doprava")
    services.submit_strategy(editor, strategy)
    assert Strategy.objects.get(pk=strategy.pk).state == ReviewState.SUBMITTED


def test_the_page_lists_what_is_missing_and_submitting_it_says_so(client, editor):
    strategy = make_strategy(editor, complete=False)
    client.force_login(editor)
    with translation.override("cs"):
        missing = translation.gettext("Enter the validity period (the first and the last "
                                      "year).")
        page = client.get(strategy.get_absolute_url()).content.decode()
        assert missing in page
        response = client.post(f"/cs/strategie/{strategy.pk}/odeslat/", follow=True)
    assert missing in response.content.decode()
    assert Strategy.objects.get(pk=strategy.pk).state == ReviewState.DRAFT


def test_badges_name_the_approval_state_and_the_validity(client, editor):
    strategy = make_strategy(editor)
    client.force_login(editor)
    with translation.override("cs"):
        page = client.get(strategy.get_absolute_url()).content.decode()
        assert f'{translation.gettext("Approval state:")} {ReviewState.DRAFT.label}' in page
        assert translation.gettext("Validity:") in page
