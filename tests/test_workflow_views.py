"""The pages' side of the workflow: one helper carries out every POST action (permission →
service → message → redirect, the conflict page on a version conflict); the owner withdraws
a submission with a button on the record's page."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from core import workflow
from core.actions import post_action
from core.conflicts import EditConflict
from core.workflow import ReviewState


def _page(reviewed, record) -> str:
    with translation.override("en"):
        return record.get_absolute_url()


def test_the_owner_withdraws_a_submission_with_the_button(client, reviewed, editor,
                                                           moderator):
    record = reviewed.make(editor)
    client.force_login(editor)
    assert "Withdraw the submission" not in client.get(_page(reviewed, record)).content.decode()
    workflow.submit(editor, reviewed.workflow, record)
    html = client.get(_page(reviewed, record)).content.decode()
    assert "Withdraw the submission" in html
    with translation.override("en"):
        url = reverse(f"{reviewed.workflow.model._meta.app_label}:withdraw",
                      kwargs={"pk": record.pk})
    assert f'action="{url}"' in html

    client.force_login(moderator)  # a reviewer sees the submission but does not withdraw it
    assert "Withdraw the submission" not in client.get(_page(reviewed, record)).content.decode()
    assert client.post(url).status_code == 403
    assert reviewed.state(record) == ReviewState.SUBMITTED

    client.force_login(editor)
    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == _page(reviewed, record)
    assert "draft again" in response.content.decode()
    assert reviewed.state(record) == ReviewState.DRAFT
    again = client.post(url, follow=True)  # nothing to withdraw now: said, not a 500
    assert again.status_code == 200 and "can be withdrawn" in again.content.decode()


def _request(rf):
    request = rf.post("/en/strategies/1/")
    request.user = AnonymousUser()
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


@pytest.mark.django_db
def test_post_action_answers_a_conflict_with_the_conflict_page(rf):
    def stale():
        raise EditConflict({"title": "Uloženo kolegou"})

    response = post_action(_request(rf), stale, success="Hotovo", next_url="/en/back/")
    html = response.content.decode()
    assert response.status_code == 409
    assert "Uloženo kolegou" in html and 'href="/en/back/"' in html


@pytest.mark.django_db
def test_post_action_turns_a_refusal_into_messages_and_a_redirect(rf):
    request = _request(rf)

    def refused():
        raise ValidationError(["První důvod.", "Druhý důvod."])

    response = post_action(request, refused, success="Hotovo", next_url="/en/done/",
                           failure_url="/en/form/")
    assert (response.status_code, response.url) == (302, "/en/form/")
    assert [str(m) for m in request._messages] == ["První důvod.", "Druhý důvod."]

    request = _request(rf)
    response = post_action(request, lambda: "vysledek", success="Hotovo",
                           next_url=lambda result: f"/en/{result}/")
    assert response.url == "/en/vysledek/"
    assert [str(m) for m in request._messages] == ["Hotovo"]
    with pytest.raises(PermissionDenied):
        post_action(_request(rf), lambda: pytest.fail("must not run"), success="",
                    next_url="/", allowed=False)
