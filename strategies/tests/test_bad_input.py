"""Input no strategy page or API may answer with a 500, or store for others to click:
ids beyond 64 bits, non-numeric ids in query parameters, javascript: links."""

from __future__ import annotations

import pytest
from django.utils import translation

from accounts.services import create_api_token
from core.choosers import ChooserField
from strategies.models import Strategy

from .factories import make_strategy, publish

HUGE = 10**30


@pytest.fixture
def editor(reference_data, make_member):
    return make_member("editor", "544256")


@pytest.fixture
def auth(editor):
    _token, key = create_api_token(editor, "GIS obce")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


PAYLOAD = {"title": "Strategie přes API", "owners": ["544256"], "level": "municipal",
           "type": "smart_city"}
FORM = {"title": "Strategie z formuláře", "owners": "544256", "level": "municipal",
        "strategy_type": "smart_city", "status": "preparation"}


@pytest.mark.parametrize("parents", [[HUGE], [2**63], [-(2**63) - 1], [0]])
def test_api_refuses_ids_no_strategy_can_have(client, editor, auth, parents):
    created = client.post("/api/v1/strategies", {**PAYLOAD, "parents": parents},
                          content_type="application/json", **auth)
    assert created.status_code == 400 and "parents" in created.json()["detail"]
    own = make_strategy(editor)
    updated = client.put(f"/api/v1/strategies/{own.pk}",
                         {**PAYLOAD, "parents": parents, "version": own.version},
                         content_type="application/json", **auth)
    assert updated.status_code == 400 and "parents" in updated.json()["detail"]
    assert Strategy.objects.count() == 1 and Strategy.objects.get().version == 1


def test_form_refuses_a_huge_parent_id(client, editor):
    client.force_login(editor)
    response = client.post("/en/strategies/new/", {**FORM, "parents": [str(HUGE)]})
    assert response.status_code == 200
    with translation.override("en"):
        refusal = str(ChooserField.default_error_messages["unknown"]) % {"text": HUGE}
    assert refusal in response.content.decode()
    assert not Strategy.objects.exists()


@pytest.mark.parametrize("link", ["javascript:alert(document.cookie)",
                                  " JavaScript:alert(1)", "data:text/html,<b>x</b>",
                                  "ftp://example.cz/strategie.pdf"])
def test_api_stores_only_http_links(client, editor, auth, link):
    created = client.post("/api/v1/strategies", {**PAYLOAD, "web_url": link},
                          content_type="application/json", **auth)
    assert created.status_code == 400
    assert "https://" in created.json()["detail"]
    own = make_strategy(editor)
    updated = client.put(f"/api/v1/strategies/{own.pk}",
                         {**PAYLOAD, "web_url": link, "version": own.version},
                         content_type="application/json", **auth)
    assert updated.status_code == 400
    assert list(Strategy.objects.values_list("web_url", flat=True)) == [""]


def test_form_refuses_a_javascript_link(client, editor):
    client.force_login(editor)
    response = client.post("/en/strategies/new/",
                           {**FORM, "web_url": "javascript:alert(1)"})
    assert response.status_code == 200 and not Strategy.objects.exists()


def test_a_good_link_is_kept(client, editor, auth):
    created = client.post("/api/v1/strategies",
                          {**PAYLOAD, "web_url": " https://www.c-budejovice.cz/smart "},
                          content_type="application/json", **auth)
    assert created.status_code == 201
    assert created.json()["web_url"] == "https://www.c-budejovice.cz/smart"


def test_a_javascript_link_stored_earlier_is_not_a_link_on_the_public_page(
        client, editor, make_member):
    strategy = publish(make_member("moderator"), make_strategy(editor))
    Strategy.objects.filter(pk=strategy.pk).update(web_url="javascript:alert(1)")
    html = client.get(f"/en/strategies/{strategy.pk}/").content.decode()
    assert 'href="javascript:' not in html
    assert "javascript:alert(1)" in html  # still shown, as text, so an editor can fix it


@pytest.mark.parametrize("document", ["abc", "²", "1.5", str(HUGE), "-1"])
def test_upload_page_with_a_bad_document_id_is_a_404(client, editor, document):
    strategy = make_strategy(editor)
    client.force_login(editor)
    response = client.get(f"/en/strategies/{strategy.pk}/documents/upload/",
                          {"document": document})
    assert response.status_code == 404
    response = client.post(f"/en/strategies/{strategy.pk}/documents/upload/?document="
                           f"{document}", {"part": "full"})
    assert response.status_code == 404


@pytest.mark.parametrize("compare", ["²", str(HUGE), "abc"])
def test_profile_comparison_with_a_bad_id_shows_the_averages(client, editor, make_member,
                                                             monkeypatch, compare):
    from strategies import profiles

    monkeypatch.setattr(profiles, "strategy_profile", lambda s: {"C4": 1.0})
    strategy = publish(make_member("moderator"), make_strategy(editor))
    response = client.get(f"/en/strategies/{strategy.pk}/", {"compare": compare})
    assert response.status_code == 200
    assert "kraj average" in response.content.decode()


@pytest.mark.parametrize("pk", ["abc", "²", str(HUGE)])
def test_restoring_a_bad_id_is_a_404(client, admin_user, pk):
    client.force_login(admin_user)
    assert client.post("/en/strategies/deleted/", {"pk": pk}).status_code == 404


def test_api_stores_only_a_real_contact_email(client, auth):
    response = client.post("/api/v1/strategies",
                           {**PAYLOAD, "contact_email": "x?cc=all@example.cz&body=spam"},
                           content_type="application/json", **auth)
    assert response.status_code == 400 and not Strategy.objects.exists()
    response = client.post("/api/v1/strategies",
                           {**PAYLOAD, "contact_email": "smart@c-budejovice.cz"},
                           content_type="application/json", **auth)
    assert response.status_code == 201


def test_an_abolished_unit_cannot_be_chosen_as_owner_but_stays_where_it_owned(
        client, editor, auth):
    from django.utils.translation import gettext, override

    from territory.models import TerritorialUnit

    own = make_strategy(editor)
    TerritorialUnit.objects.filter(code="544256").update(is_active=False)
    created = client.post("/api/v1/strategies", PAYLOAD, content_type="application/json",
                          **auth)
    assert created.status_code == 400
    message = "%(unit)s no longer exists as a unit; choose the unit that replaced it."
    with override("cs"):  # the API answers in the site's language
        expected = gettext(message) % {"unit": "České Budějovice"}
    assert expected in str(created.json()["detail"])
    assert Strategy.objects.count() == 1
    # The strategy it already owns can still be saved.
    updated = client.put(f"/api/v1/strategies/{own.pk}",
                         {**PAYLOAD, "title": "Nový název", "version": own.version},
                         content_type="application/json", **auth)
    assert updated.status_code == 200
    assert Strategy.objects.get(pk=own.pk).title == "Nový název"
