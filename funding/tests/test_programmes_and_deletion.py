"""Editing programmes, soft-deleting and restoring calls."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from core.history import entries_for
from funding import services
from funding.models import Call, Follow, Programme
from funding.queries import calendar, matching_calls
from intentions.tests.factories import make_intention
from intentions.tests.factories import publish as publish_intention

from .factories import make_call, programme

PROGRAMME = {"code": "IROP", "name": "IROP 2021–2027", "provider_type": "eu_op",
             "provider": "MMR", "description": "", "web_url": ""}


@pytest.fixture
def coordinator(vocabularies, make_member):
    return make_member("coordinator", "CZ031")


# --- programmes -----------------------------------------------------------------------------

def test_only_moderators_edit_programmes(client, editor, coordinator, moderator):
    prog = programme(moderator)
    for user in (editor, coordinator):
        with pytest.raises(PermissionDenied):
            services.save_programme(user, prog, expected_version=prog.version, **PROGRAMME)
        client.force_login(user)
        assert client.get(f"/en/funding/programmes/{prog.pk}/edit/").status_code == 403
        assert client.post(f"/en/funding/programmes/{prog.pk}/edit/",
                           {**PROGRAMME, "version": prog.version}).status_code == 403
    prog.refresh_from_db()
    assert prog.code == "IROP" and prog.version == 1
    client.force_login(moderator)
    assert f"/en/funding/programmes/{prog.pk}/edit/" in client.get(
        "/en/funding/programmes/").content.decode()
    response = client.post(f"/en/funding/programmes/{prog.pk}/edit/",
                           {**PROGRAMME, "name": "IROP nový", "version": prog.version})
    assert response.status_code == 302
    prog.refresh_from_db()
    assert prog.name == "IROP nový" and prog.provider == "MMR" and prog.version == 2
    entry = entries_for(prog).first()
    assert entry.action == "update" and entry.actor == moderator
    assert entry.changes["name"] == ["Integrovaný regionální operační program", "IROP nový"]
    assert "IROP nový" in client.get(
        f"/en/funding/programmes/{prog.pk}/edit/").content.decode()  # history shown


def test_bad_programme_input_changes_nothing(client, moderator):
    prog = programme(moderator)
    services.save_programme(moderator, code="OPZP", name="OP ŽP", provider_type="eu_op",
                            provider="MŽP")
    with pytest.raises(ValidationError) as error:
        services.save_programme(moderator, prog, expected_version=prog.version,
                                **{**PROGRAMME, "code": "OPZP", "name": " ",
                                   "provider_type": "x"})
    assert set(error.value.message_dict) == {"code", "name", "provider_type"}
    client.force_login(moderator)
    response = client.post(f"/en/funding/programmes/{prog.pk}/edit/",
                           {**PROGRAMME, "code": "OPZP", "version": prog.version})
    assert response.status_code == 200
    assert "A programme with this code exists already." in response.content.decode()
    prog.refresh_from_db()
    assert (prog.code, prog.version) == ("IROP", 1)
    assert entries_for(prog).count() == 1


def test_concurrent_programme_edit_is_refused_with_comparison(client, moderator, make_member):
    prog = programme(moderator)
    other = make_member("moderator")
    services.save_programme(other, prog, expected_version=1, **{**PROGRAMME, "name": "Jiné"})
    with pytest.raises(services.EditConflict) as error:
        services.save_programme(moderator, prog, expected_version=1, **PROGRAMME)
    assert error.value.current["name"] == "Jiné"
    client.force_login(moderator)
    response = client.post(f"/en/funding/programmes/{prog.pk}/edit/",
                           {**PROGRAMME, "name": "Moje", "version": 1})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Someone else has changed this record meanwhile" in html and "Jiné" in html
    assert 'name="version" value="2"' in html
    prog.refresh_from_db()
    assert prog.name == "Jiné" and prog.version == 2
    # Saving again on top of the version shown now succeeds.
    client.post(f"/en/funding/programmes/{prog.pk}/edit/",
                {**PROGRAMME, "name": "Moje", "version": 2})
    prog.refresh_from_db()
    assert prog.name == "Moje" and prog.version == 3


# --- deleting calls -----------------------------------------------------------------------

def test_only_moderators_delete_calls(client, editor, coordinator, moderator):
    call = make_call(moderator)
    for user in (editor, coordinator):
        with pytest.raises(PermissionDenied):
            services.delete_call(user, call)
        client.force_login(user)
        assert client.get(f"/en/funding/calls/{call.pk}/delete/").status_code == 403
        assert client.post(f"/en/funding/calls/{call.pk}/delete/").status_code == 403
    assert Call.objects.filter(pk=call.pk).exists()
    client.force_login(moderator)
    assert f"/en/funding/calls/{call.pk}/delete/" in client.get(
        call.get_absolute_url()).content.decode()
    confirm = client.get(f"/en/funding/calls/{call.pk}/delete/")
    assert confirm.status_code == 200 and "Yes, delete" in confirm.content.decode()
    assert Call.objects.filter(pk=call.pk).exists()  # the confirmation page changes nothing
    response = client.post(f"/en/funding/calls/{call.pk}/delete/")
    assert response.status_code == 302
    assert not Call.objects.filter(pk=call.pk).exists()
    deleted = Call.all_objects.get(pk=call.pk)
    assert deleted.deleted_at is not None and deleted.deleted_by == moderator
    assert entries_for(deleted).first().action == "delete"
    with pytest.raises(ValidationError):
        services.delete_call(moderator, deleted)


def test_deleted_call_is_invisible_everywhere_and_restorable(client, editor, moderator,
                                                             admin_user):
    intention = publish_intention(moderator, make_intention(editor))
    call = make_call(moderator, identifier="GONE-1")
    client.force_login(editor)
    client.post(f"/en/funding/follow/call/{call.pk}/", {"next": "/en/"})
    assert "GONE-1" in client.get("/en/funding/").content.decode()
    assert [c.pk for c, _m in matching_calls(intention)] == [call.pk]
    services.delete_call(moderator, call)

    assert "GONE-1" not in client.get("/en/funding/").content.decode()
    assert client.get(call.get_absolute_url()).status_code == 404
    assert client.get(f"/en/funding/calls/{call.pk}/edit/").status_code in (403, 404)
    assert matching_calls(intention) == []
    assert "GONE-1" not in client.get(f"/en/intentions/{intention.pk}/calls/").content.decode()
    assert all(e.call.pk != call.pk for _m, events in calendar() for e in events)
    assert "GONE-1" not in client.get("/en/funding/calendar/").content.decode()
    assert "GONE-1" not in client.get("/en/funding/calendar.ics").content.decode()
    assert "GONE-1" not in client.get("/en/dashboard/").content.decode()
    assert client.get("/api/v1/funding/calls").json()["count"] == 0
    assert client.get(f"/api/v1/funding/calls/{call.pk}").status_code == 404
    identifiers = [i["identifier"] for i in client.get(
        f"/api/v1/intentions/{intention.pk}/matching-calls").json()["items"]]
    assert "GONE-1" not in identifiers
    assert Follow.objects.filter(call_id=call.pk).exists()  # kept for the restore
    # A new call cannot take the identifier of the deleted one.
    with pytest.raises(ValidationError) as error, translation.override("en"):
        make_call(moderator, identifier="GONE-1")
    assert "restore" in " ".join(error.value.messages)

    # Only an administrator sees the deleted calls and restores them.
    for user in (editor, moderator):
        client.force_login(user)
        assert client.get("/en/funding/deleted/").status_code == 403
        assert client.post("/en/funding/deleted/", {"pk": call.pk}).status_code == 403
        with pytest.raises(PermissionDenied):
            services.restore_call(user, call.pk)
    client.force_login(admin_user)
    assert "/en/funding/deleted/" in client.get("/en/funding/").content.decode()
    assert "GONE-1" in client.get("/en/funding/deleted/").content.decode()
    response = client.post("/en/funding/deleted/", {"pk": call.pk})
    assert response.status_code == 302 and response["Location"] == call.get_absolute_url()
    restored = Call.objects.get(pk=call.pk)
    assert restored.deleted_at is None and restored.deleted_by is None
    assert entries_for(restored).first().action == "restore"
    assert "GONE-1" not in client.get("/en/funding/deleted/").content.decode()
    assert [c.pk for c, _m in matching_calls(intention)] == [call.pk]
    assert client.get("/api/v1/funding/calls").json()["count"] == 1
    with pytest.raises(ValidationError):
        services.restore_call(admin_user, call.pk)


def test_import_does_not_revive_a_deleted_call(moderator):
    call = make_call(moderator, identifier="IMP-1")
    services.delete_call(moderator, call)
    data = services.CallData(programme=Programme.objects.get(code="IROP"), identifier="IMP-1",
                             title="Znovu", opens_on=dt.date(2026, 1, 1),
                             closes_on=dt.date(2026, 12, 31))
    with pytest.raises(ValidationError):
        services.import_calls(moderator, [data])
    assert not Call.objects.filter(identifier="IMP-1").exists()
    assert Call.all_objects.get(identifier="IMP-1").title != "Znovu"
