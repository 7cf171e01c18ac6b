"""A partner municipality's editor finds an invitation on their dashboard, reads the draft
intention and confirms the partnership; the pages pass axe-core. Visited in English (/en/)
so the wording does not depend on the Czech catalogue."""

from __future__ import annotations

from playwright.sync_api import expect

from e2e.conftest import assert_accessible, login

PASSWORD = "heslo-Pro-Test-77"


def test_partner_confirms_an_invitation_from_the_dashboard(page, reference_data, make_member):
    from concept.services import load_vocabularies
    from intentions.tests.factories import make_intention
    from territory.models import TerritorialUnit

    load_vocabularies()
    lead = make_member("editor", "544256")
    make_member("editor", "549240", email="pisek@example.cz")
    intention = make_intention(lead, title="Sdílené chytré parkování",
                               partner_units=[TerritorialUnit.objects.get(code="549240")])

    login(page, "pisek@example.cz", PASSWORD)
    page.goto("/en/dashboard/")
    invitations = page.get_by_role("region", name="Waiting for your answer: partnerships")
    expect(invitations).to_contain_text("České Budějovice invites Písek")
    assert_accessible(page)
    invitations.get_by_role("link", name="Sdílené chytré parkování").click()
    expect(page.get_by_role("heading", name="Invitation to a partnership")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Confirm the partnership").click()
    expect(page.get_by_text("The partnership has been confirmed.")).to_be_visible()
    expect(page.get_by_role("button", name="Leave the partnership")).to_be_visible()
    expect(page.get_by_role("link", name="Edit the fiche")).to_have_count(0)
    assert_accessible(page)
    assert list(intention.partner_units.values_list("code", flat=True)) == ["549240"]
