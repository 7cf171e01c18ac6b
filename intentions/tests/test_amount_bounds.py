"""Amounts out of bounds are refused before anything is written, so no page that shows the
intention can break afterwards (issue 10, item 8)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.services import create_api_token
from funding.tests.factories import make_call
from intentions import services
from intentions.models import BudgetLine, Intention, OutputIndicator

from .factories import make_intention, publish

BAD_AMOUNTS = ["100000000000000000000", "1e20", "NaN", "Infinity", "-sNaN", "-5", "0.001"]


def pages(intention, call) -> list[str]:
    return [
        intention.get_absolute_url(),
        reverse("intentions:list"),
        reverse("intentions:calls", kwargs={"pk": intention.pk}),
        reverse("intentions:fiche", kwargs={"pk": intention.pk, "fmt": "xlsx"}),
        reverse("intentions:unit_fiches", kwargs={"code": "544256", "fmt": "csv"}),
        reverse("intentions:unit_fiches", kwargs={"code": "544256", "fmt": "xlsx"}),
        "/api/v1/intentions?format=csv",
        "/api/v1/intentions?format=xlsx",
        f"/api/v1/intentions/{intention.pk}",
        f"/api/v1/intentions/{intention.pk}/matching-calls",
        call.get_absolute_url(),
        f"/api/v1/funding/calls/{call.pk}/matching-intentions",
    ]


@pytest.mark.parametrize("amount", BAD_AMOUNTS)
def test_an_amount_out_of_bounds_is_refused_through_the_api_and_nothing_changes(
        client, editor, moderator, amount):
    call = make_call(moderator)
    intention = publish(moderator, make_intention(editor))
    _token, key = create_api_token(editor, "GIS")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    url = f"/api/v1/intentions/{intention.pk}"
    version = client.get(url).json()["version"]
    for payload in ({"total_cost": amount},
                    {"budget": [{"year": 2026, "source": "own", "amount": amount}]}):
        response = client.patch(url, {"version": version, **payload},
                                content_type="application/json", **auth)
        assert response.status_code == 400, response.content
        assert response.json()["detail"]
    saved = Intention.objects.get(pk=intention.pk)
    assert saved.total_cost == Decimal("12500000.00") and saved.version == version
    assert sorted(BudgetLine.objects.filter(intention=saved).values_list("amount", flat=True)) \
        == [Decimal("2500000"), Decimal("5000000"), Decimal("5000000")]
    for page in pages(intention, call):
        assert client.get(page).status_code == 200, page


@pytest.mark.parametrize("amount", [Decimal("1E+20"), Decimal("NaN"), Decimal("Infinity"),
                                    Decimal("-1"), Decimal("0.005"), 10**30, 1.5])
def test_the_service_refuses_amounts_out_of_bounds(editor, amount):
    intention = make_intention(editor)
    for values in ({"total_cost": amount}, {"budget": [(2026, "own", amount)]}):
        with pytest.raises(ValidationError) as error:
            services.update_intention(editor, intention, values,
                                      expected_version=intention.version)
        assert set(error.value.message_dict) == set(values)
    saved = Intention.objects.get(pk=intention.pk)
    assert saved.total_cost == Decimal("12500000.00") and saved.version == intention.version


def test_the_largest_amount_is_accepted_and_renders(client, editor, moderator):
    call = make_call(moderator)
    biggest = Decimal("999999999999.99")
    intention = publish(moderator, make_intention(
        editor, total_cost=biggest, budget=[(2026, "own", biggest)]))
    assert Intention.objects.get(pk=intention.pk).total_cost == biggest
    with pytest.raises(ValidationError) as error:
        services.update_intention(editor, intention, {"total_cost": biggest + Decimal("0.01")},
                                  expected_version=intention.version)
    assert "999" in " ".join(error.value.messages)
    for page in pages(intention, call):
        assert client.get(page).status_code == 200, page


@pytest.mark.parametrize("value", ["1e30", "NaN", "-Infinity"])
def test_indicator_values_out_of_bounds_are_refused(client, editor, moderator, value):
    call = make_call(moderator)
    intention = publish(moderator, make_intention(editor))
    _token, key = create_api_token(editor, "GIS")
    url = f"/api/v1/intentions/{intention.pk}"
    version = client.get(url).json()["version"]
    response = client.patch(url, {"version": version, "outputs": [
        {"name": "Svítidla", "baseline": "0", "target": value}]},
        content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 400, response.content
    assert list(OutputIndicator.objects.filter(intention=intention)
                .values_list("target", flat=True)) == [Decimal(1200)]
    with pytest.raises(ValidationError):
        services.update_intention(editor, intention, {"outputs": [
            {"name": "Svítidla", "target": Decimal(value)}]},
            expected_version=intention.version)
    for page in pages(intention, call):
        assert client.get(page).status_code == 200, page
