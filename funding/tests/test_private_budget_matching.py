"""A budget the editors keep private must not show through matching: not as the support
asked, not in the budget reason and not in the call's demand total."""

from __future__ import annotations

from funding.tests.factories import make_call
from intentions.tests.factories import make_intention
from intentions.tests.factories import publish as publish_intention

AMOUNT = "10\u00a0625\u00a0000"  # 85 % of the 12.5 mil. budget
RAW = "10625000"


def _setup(editor, moderator):
    call = make_call(moderator)
    intention = publish_intention(moderator, make_intention(editor, budget_public=False))
    assert intention.budget_public is False
    return call, intention


def test_private_budget_stays_out_of_matching_for_the_public(client, editor, moderator):
    call, intention = _setup(editor, moderator)

    # The call page still lists the intention, without an amount.
    html = client.get(f"/en/funding/calls/{call.pk}/").content.decode()
    assert "Chytré veřejné osvětlení" in html
    assert AMOUNT not in html and "12\u00a0500\u00a0000" not in html

    demand = client.get(f"/api/v1/funding/calls/{call.pk}/matching-intentions").json()
    assert demand["count"] == 1
    assert demand["items"][0]["requested_support"] is None
    assert RAW not in str(demand)

    calls = client.get(f"/api/v1/intentions/{intention.pk}/matching-calls").json()
    assert [item["identifier"] for item in calls["items"]] == [call.identifier]
    item = calls["items"][0]
    assert item["requested_support"] is None
    assert "budget" not in [r["criterion"] for r in item["reasons"]]
    assert RAW not in str(calls) and AMOUNT not in str(calls)

    html = client.get(f"/en/intentions/{intention.pk}/calls/").content.decode()
    assert call.identifier in html
    assert AMOUNT not in html and "support asked" not in html
    html = client.get(f"/en/intentions/{intention.pk}/").content.decode()
    assert AMOUNT not in html


def test_the_owner_still_sees_the_private_budget_in_matching(client, editor, moderator):
    call, intention = _setup(editor, moderator)
    client.force_login(editor)

    assert AMOUNT in client.get(f"/en/funding/calls/{call.pk}/").content.decode()
    demand = client.get(f"/api/v1/funding/calls/{call.pk}/matching-intentions").json()
    assert demand["items"][0]["requested_support"] == "10625000.00"
    assert demand["total_requested"] == "10625000.00"

    calls = client.get(f"/api/v1/intentions/{intention.pk}/matching-calls").json()
    item = calls["items"][0]
    assert item["requested_support"] == "10625000.00"
    assert "budget" in [r["criterion"] for r in item["reasons"]]
    assert AMOUNT in client.get(f"/en/intentions/{intention.pk}/calls/").content.decode()
