"""Call amounts, rates and population limits have bounds checked before anything is
written: a refused value leaves the call as it was and every page still renders (issue 10,
items 8 and 9)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.services import create_api_token
from funding import callio, services
from funding.models import Call

from .factories import make_call


def pages(call) -> list[str]:
    return [reverse("funding:list"), call.get_absolute_url(), reverse("funding:calendar"),
            "/api/v1/funding/calls", f"/api/v1/funding/calls/{call.pk}",
            "/api/v1/funding/calls?format=csv", "/api/v1/funding/calls?format=xlsx",
            f"/api/v1/funding/calls/{call.pk}/matching-intentions"]


@pytest.mark.parametrize("field, value", [
    ("allocation", "1e20"), ("allocation", "100000000000000000000"), ("allocation", "NaN"),
    ("min_support", "Infinity"), ("max_support", "1E+15"),
    ("min_population", 10**30), ("max_population", 2**63), ("min_population", -1),
])
def test_a_value_out_of_bounds_is_refused_through_the_api(client, moderator, field, value):
    call = make_call(moderator)
    _token, key = create_api_token(moderator, "katalog")
    url = f"/api/v1/funding/calls/{call.pk}"
    payload = client.get(url).json()
    payload.update({field: value, "programme": "IROP"})
    for name in ("id", "state", "url", "provider_type"):
        payload.pop(name)
    response = client.put(url, payload, content_type="application/json",
                          HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 400, response.content
    saved = Call.objects.get(pk=call.pk)
    assert (saved.allocation, saved.min_population, saved.version) == \
        (Decimal("500000000"), None, call.version)
    for page in pages(call):
        assert client.get(page).status_code == 200, page


@pytest.mark.parametrize("field, value", [
    ("allocation", Decimal("1E+20")), ("min_support", Decimal("-1")),
    ("max_support", Decimal("NaN")), ("cofinancing_rate", Decimal("100.01")),
    ("cofinancing_rate", Decimal("Infinity")), ("min_population", 10**30),
    ("max_population", -5), ("allocation", 1.5),
])
def test_the_service_refuses_values_out_of_bounds(moderator, field, value):
    call = make_call(moderator)
    data = callio.call_data_from(call)
    setattr(data, field, value)
    with pytest.raises(ValidationError) as error:
        services.update_call(moderator, call, data, call.version)
    assert field in error.value.message_dict
    assert Call.objects.get(pk=call.pk).version == call.version


@pytest.mark.parametrize("column, value", [
    ("min_population", "Infinity"), ("min_population", "1e30"), ("max_population", "NaN"),
    ("allocation_czk", "1e20"), ("cofinancing_rate", "Infinity"), ("cofinancing_rate", "150"),
])
def test_the_import_refuses_values_out_of_bounds(client, moderator, column, value):
    import csv
    import io

    make_call(moderator)
    text = client.get("/api/v1/funding/calls", {"format": "csv"}).content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    rows[0].update({"identifier": "IROP-78", column: value})
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    with pytest.raises((callio.CallImportError, ValidationError)):
        services.import_calls(moderator, callio.parse_calls(out.getvalue().encode(), "csv"))
    assert not Call.objects.filter(identifier="IROP-78").exists()
