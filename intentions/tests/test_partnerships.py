"""Partner municipalities consent: an invited unit confirms or declines; only confirmed
partners count; partners see and stay out of editing, state changes and deletion."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from conftest import unit
from core.history import entries_for
from intentions import services
from intentions.models import PartnerState, Status

from .factories import make_intention, publish

CB, PISEK, JIHLAVA = "544256", "549240", "586846"


def _token(user):
    from accounts.services import create_api_token

    return create_api_token(user, "test")[1]


def _partner_codes(response_json):
    return {(u["code"], u["state"]) for u in response_json["partner_units"]}


def test_an_editor_adding_a_partner_through_the_api_only_invites_it(client, editor,
                                                                    moderator, make_member):
    intention = publish(moderator, make_intention(editor))
    intention.refresh_from_db()
    response = client.patch(
        f"/api/v1/intentions/{intention.pk}", content_type="application/json",
        data={"partner_units": [JIHLAVA], "version": intention.version},
        HTTP_AUTHORIZATION=f"Bearer {_token(editor)}")
    assert response.status_code == 200, response.content
    client.force_login(editor)
    assert _partner_codes(client.get(f"/api/v1/intentions/{intention.pk}").json()) == {
        (JIHLAVA, "pending")}
    intention.refresh_from_db()
    assert list(intention.partner_units.all()) == []
    # Not a partner anywhere the public looks: list, unit filter, export, detail page.
    client.logout()
    public = client.get(f"/api/v1/intentions/{intention.pk}").json()
    assert public["partner_units"] == []
    assert client.get(f"/api/v1/intentions?unit={JIHLAVA}").json()["count"] == 0
    export = client.get("/api/v1/intentions?format=csv").content.decode("utf-8-sig")
    assert JIHLAVA not in "".join(row[-1] for row in csv.reader(io.StringIO(export)))
    assert "Jihlava" not in client.get(intention.get_absolute_url()).content.decode()


def test_the_invited_unit_confirms_on_the_intention_page_from_its_dashboard(
        client, editor, make_member):
    intention = make_intention(editor, partner_units=[unit(PISEK)])
    pisek = make_member("editor", PISEK)
    client.force_login(pisek)
    dashboard = client.get(reverse("portal:dashboard")).content.decode()
    assert intention.title in dashboard and intention.get_absolute_url() in dashboard
    page = client.get(intention.get_absolute_url()).content.decode()  # a draft, yet visible
    assert "Confirm the partnership" in page or "Potvrdit partnerství" in page
    partnership = intention.partnerships.get()
    client.post(reverse("intentions:partnership",
                        kwargs={"pk": intention.pk, "partnership_pk": partnership.pk,
                                "answer": "confirm"}))
    partnership.refresh_from_db()
    assert partnership.state == PartnerState.CONFIRMED and partnership.answered_by == pisek
    assert list(intention.partner_units.all()) == [unit(PISEK)]
    assert intention.title not in client.get(reverse("portal:dashboard")).content.decode()
    notes = [e.note for e in entries_for(intention)]
    assert any("Písek" in n and "invit" in n for n in notes) or any(
        "Písek" in n and "pozván" in n for n in notes)
    assert entries_for(intention).first().actor == pisek


def test_decline_and_who_may_answer(client, editor, make_member):
    intention = make_intention(editor, partner_units=[unit(PISEK)])
    partnership = intention.partnerships.get()
    outsider = make_member("editor", JIHLAVA)
    with pytest.raises(PermissionDenied):
        services.answer_partnership(outsider, partnership, accept=True)
    with pytest.raises(PermissionDenied):  # the lead cannot answer for its partner
        services.answer_partnership(editor, partnership, accept=True)
    pisek = make_member("editor", PISEK)
    client.force_login(outsider)
    url = reverse("intentions:partnership", kwargs={
        "pk": intention.pk, "partnership_pk": partnership.pk, "answer": "confirm"})
    assert client.post(url).status_code == 404  # may not even see the draft
    services.answer_partnership(pisek, partnership, accept=False)
    partnership.refresh_from_db()
    assert partnership.state == PartnerState.DECLINED
    assert list(intention.partner_units.all()) == []
    client.force_login(pisek)
    assert client.get(intention.get_absolute_url()).status_code == 404
    assert entries_for(intention).first().actor == pisek


def test_the_partners_kraj_coordinator_may_confirm(editor, make_member):
    intention = make_intention(editor, unit_code=CB, partner_units=[unit(JIHLAVA)])
    services.answer_partnership(make_member("coordinator", "CZ063"),
                                intention.partnerships.get(), accept=True)
    assert list(intention.partner_units.all()) == [unit(JIHLAVA)]


def test_a_partner_sees_but_does_not_change_state_edit_or_delete(client, editor, moderator,
                                                                 make_member):
    """The Písek editor, as a confirmed partner, cancelled České Budějovice's submitted
    intention; now the partner reads it and the lead acts on it."""
    intention = make_intention(editor, partner_units=[unit(PISEK)])
    pisek = make_member("editor", PISEK)
    services.answer_partnership(pisek, intention.partnerships.get(), accept=True)
    services.submit_intention(editor, intention)
    for action in (services.cancel_intention, services.delete_intention,
                   services.submit_intention):
        with pytest.raises(PermissionDenied):
            action(pisek, intention)
    client.force_login(pisek)
    page = client.get(intention.get_absolute_url())
    assert page.status_code == 200
    assert 'id="history-heading"' in page.content.decode()
    client.post(reverse("intentions:status", kwargs={"pk": intention.pk, "change": "cancel"}))
    response = client.post(
        f"/api/v1/intentions/{intention.pk}/status/cancel",
        HTTP_AUTHORIZATION=f"Bearer {_token(pisek)}")
    assert response.status_code == 403
    intention.refresh_from_db()
    assert intention.status == Status.SUBMITTED
    services.return_intention(moderator, intention, "Doplňte.")
    intention.refresh_from_db()
    response = client.patch(
        f"/api/v1/intentions/{intention.pk}", content_type="application/json",
        data={"goals": "Písek přepsal cíle", "version": intention.version},
        HTTP_AUTHORIZATION=f"Bearer {_token(pisek)}")
    assert response.status_code == 403
    assert client.get(reverse("intentions:step", kwargs={"pk": intention.pk,
                                                         "step": "basics"})).status_code == 403
    services.cancel_intention(editor, intention)  # the lead still may
    intention.refresh_from_db()
    assert intention.status == Status.CANCELLED


def test_saving_the_basics_keeps_invitations_and_a_declined_unit_is_asked_again(editor,
                                                                               make_member):
    from intentions.forms import BasicsForm

    intention = make_intention(editor, partner_units=[unit(PISEK), unit(JIHLAVA)])
    services.answer_partnership(make_member("editor", JIHLAVA),
                                intention.partnerships.get(unit__code=JIHLAVA), accept=False)
    assert BasicsForm.initial_for(intention)["partner_units"] == PISEK
    # A form opened before Jihlava declined does not invite it again unnoticed.
    with pytest.raises(services.EditConflict):
        services.save_step(editor, intention, "basics",
                           {"partner_units": [unit(PISEK), unit(JIHLAVA)]}, expected_version=0)
    services.save_step(editor, intention, "basics", {"goals": "Cíle"}, expected_version=1)
    assert intention.partnerships.get(unit__code=PISEK).state == PartnerState.PENDING
    assert intention.partnerships.get(unit__code=JIHLAVA).state == PartnerState.DECLINED
    services.save_step(editor, intention, "basics",
                       {"partner_units": [unit(PISEK), unit(JIHLAVA)]}, expected_version=2)
    assert intention.partnerships.get(unit__code=JIHLAVA).state == PartnerState.PENDING
    services.save_step(editor, intention, "basics", {"partner_units": []}, expected_version=3)
    assert not intention.partnerships.exists()


def test_a_user_acting_for_both_units_confirms_at_once(vocabularies, make_member):
    coordinator = make_member("coordinator", "CZ031")
    intention = make_intention(coordinator, unit_code=CB, partner_units=[unit(PISEK)])
    assert intention.partnerships.get().state == PartnerState.CONFIRMED
    assert list(intention.partner_units.all()) == [unit(PISEK)]


@pytest.mark.django_db(transaction=True)
def test_existing_partner_links_become_confirmed_partnerships(reference_data, make_member):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from intentions.models import Intention

    editor = make_member("editor", CB)
    intention = make_intention(editor, complete=False)
    executor = MigrationExecutor(connection)
    executor.migrate([("intentions", "0001_initial")])
    Intention.partner_units.through.objects.create(intention_id=intention.pk,
                                                   territorialunit_id=unit(PISEK).pk)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    partnership = intention.partnerships.get()
    assert (partnership.unit.code, partnership.state) == (PISEK, PartnerState.CONFIRMED)
