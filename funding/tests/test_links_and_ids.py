"""Links of programmes, calls and call documents are http(s) only, on the way in and on
the way out; `next` never leaves the site; ids in the address or a form are checked
before use (404, never a 500)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from accounts.services import create_api_token
from funding import callio, services
from funding.models import Call, CallDocument, Programme

from .factories import make_call, programme

BAD_LINKS = ["javascript:alert(document.cookie)", " JAVASCRIPT:alert(1)",
             "data:text/html,<script>alert(1)</script>", "vbscript:x"]


def _api_payload(client, call) -> dict:
    payload = client.get(f"/api/v1/funding/calls/{call.pk}").json()
    for name in ("id", "state", "url", "provider_type"):
        payload.pop(name)
    return payload


@pytest.fixture
def auth(moderator):
    _token, key = create_api_token(moderator, "katalog")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.mark.parametrize("link", BAD_LINKS)
def test_api_refuses_a_call_link_that_is_not_http(client, moderator, auth, link):
    call = make_call(moderator, web_url="https://irop.mmr.cz/vyzva-77",
                     documents=[("Text výzvy", "https://irop.mmr.cz/vyzva-77.pdf")])
    payload = _api_payload(client, call)
    for change in ({"web_url": link}, {"documents": [{"title": "Výzva", "url": link}]}):
        response = client.put(f"/api/v1/funding/calls/{call.pk}", {**payload, **change},
                              content_type="application/json", **auth)
        assert response.status_code == 400, response.content
        assert "https://" in response.json()["detail"]
        new = {k: v for k, v in payload.items() if k != "version"}
        created = client.post("/api/v1/funding/calls",
                              {**new, **change, "identifier": "IROP-99"},
                              content_type="application/json", **auth)
        assert created.status_code == 400
    assert list(Call.objects.values_list("web_url", flat=True)) == [
        "https://irop.mmr.cz/vyzva-77"]
    assert list(CallDocument.objects.values_list("url", flat=True)) == [
        "https://irop.mmr.cz/vyzva-77.pdf"]


def test_the_services_refuse_non_http_links(moderator):
    call = make_call(moderator)
    data = callio.call_data_from(call)
    data.documents = [("Výzva", "javascript:alert(1)")]
    with pytest.raises(ValidationError) as error:
        services.update_call(moderator, call, data, call.version)
    assert "documents" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.save_programme(moderator, code="OPST", name="OP Spravedlivá transformace",
                                provider_type="eu_op", provider="MŽP",
                                web_url="javascript:alert(1)")
    assert "web_url" in error.value.message_dict
    assert not Programme.objects.filter(code="OPST").exists()


def test_links_stored_earlier_are_not_clickable_on_the_call_page(client, moderator):
    call = make_call(moderator, documents=[("Text výzvy", "https://irop.mmr.cz/a.pdf")])
    Call.objects.filter(pk=call.pk).update(web_url="javascript:alert(1)")
    CallDocument.objects.filter(call=call).update(url="javascript:alert(2)")
    html = client.get(call.get_absolute_url()).content.decode()
    assert 'href="javascript:' not in html
    assert "javascript:alert(1)" in html and "Text výzvy" in html


@pytest.mark.parametrize("target", ["https://evil.example/x", "//evil.example/x",
                                    "/\\evil.example/x", "javascript:alert(1)"])
def test_follow_never_sends_the_user_off_the_site(client, editor, moderator, target):
    call = make_call(moderator)
    client.force_login(editor)
    response = client.post(f"/en/funding/follow/call/{call.pk}/", {"next": target})
    assert response.status_code == 302 and response["Location"] == "/"


def test_follow_goes_back_to_the_page_it_came_from(client, editor):
    client.force_login(editor)
    response = client.post("/en/funding/follow/area/B2/", {"next": "/en/funding/?area=B2"})
    assert response["Location"] == "/en/funding/?area=B2"


@pytest.mark.parametrize("key", ["²", "abc", str(10**30), "0"])
def test_following_a_call_that_cannot_exist_is_a_404(client, editor, key):
    client.force_login(editor)
    assert client.post(f"/en/funding/follow/call/{key}/").status_code == 404


@pytest.mark.parametrize("pk", ["abc", "²", str(10**30), ""])
def test_restoring_a_bad_id_is_a_404(client, admin_user, vocabularies, pk):
    client.force_login(admin_user)
    assert client.post("/en/funding/deleted/", {"pk": pk}).status_code == 404


def test_programme_link_is_checked_too(client, moderator):
    programme(moderator)
    client.force_login(moderator)
    response = client.post("/en/funding/programmes/", {
        "code": "OPZ", "name": "OP Zaměstnanost", "provider_type": "eu_op",
        "provider": "MPSV", "web_url": "ftp://mpsv.cz/opz"})
    assert response.status_code == 200 and not Programme.objects.filter(code="OPZ").exists()
