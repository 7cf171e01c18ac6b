"""The sum of an intention's budget lines is stored as its budget total, so it must stay
within the amount bound too: two lines of the largest amount each are refused before
anything is written, and every page keeps rendering (issue 10, security review item 1)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from accounts.services import create_api_token
from core.money import MAX_AMOUNT
from funding.tests.factories import make_call
from intentions import services
from intentions.models import BudgetLine, Intention

from .factories import make_intention, publish
from .test_amount_bounds import pages

ORIGINAL_LINES = [Decimal("2500000"), Decimal("5000000"), Decimal("5000000")]


def saved_lines(intention) -> list[Decimal]:
    return sorted(BudgetLine.objects.filter(intention=intention)
                  .values_list("amount", flat=True))


def test_the_service_refuses_budget_lines_whose_sum_exceeds_the_bound(editor):
    intention = make_intention(editor)
    with pytest.raises(ValidationError) as error:
        services.update_intention(
            editor, intention, {"budget": [(2026, "own", MAX_AMOUNT), (2027, "own", MAX_AMOUNT)]},
            expected_version=intention.version)
    assert set(error.value.message_dict) == {"budget"}
    assert "999" in error.value.message_dict["budget"][0]  # the message names the bound
    saved = Intention.objects.get(pk=intention.pk)
    assert saved.version == intention.version and saved_lines(saved) == ORIGINAL_LINES
    assert saved.budget_total == sum(ORIGINAL_LINES)


def test_a_budget_summing_exactly_to_the_bound_is_accepted(editor):
    intention = make_intention(editor)
    half = Decimal("499999999999.99")
    intention = services.update_intention(
        editor, intention, {"budget": [(2026, "own", half), (2027, "own", MAX_AMOUNT - half)]},
        expected_version=intention.version)
    assert Intention.objects.get(pk=intention.pk).budget_total == MAX_AMOUNT


def test_the_api_refuses_a_budget_whose_sum_exceeds_the_bound_and_pages_still_render(
        client, editor, moderator):
    call = make_call(moderator)
    intention = publish(moderator, make_intention(editor))
    _token, key = create_api_token(editor, "GIS")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    url = f"/api/v1/intentions/{intention.pk}"
    version = client.get(url).json()["version"]
    budget = [{"year": 2026, "source": "own", "amount": str(MAX_AMOUNT)},
              {"year": 2026, "source": "eu", "amount": str(MAX_AMOUNT)}]
    response = client.patch(url, {"version": version, "budget": budget},
                            content_type="application/json", **auth)
    assert response.status_code == 400, response.content
    assert response.json()["detail"]
    saved = Intention.objects.get(pk=intention.pk)
    assert saved.version == version and saved_lines(saved) == ORIGINAL_LINES
    for page in pages(intention, call):
        assert client.get(page).status_code == 200, page
