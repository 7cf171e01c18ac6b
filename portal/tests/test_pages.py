"""The portal's pages: home, and the change history of a record."""

from __future__ import annotations

from conftest import unit
from territory.models import Kind
from territory.services import create_group


def test_home_in_both_languages(client, reference_data):
    czech = client.get("/cs/").content.decode()
    english = client.get("/en/").content.decode()
    assert 'lang="cs"' in czech and "Přejít na hlavní obsah" in czech
    assert 'lang="en"' in english and "Skip to main content" in english


def test_history_page_requires_permission(client, reference_data, admin_user, make_user):
    group = create_group(admin_user, kind=Kind.MAS, name="MAS H", members=[unit("544256")])
    url = f"/cs/historie/territory.territorialunit/{group.pk}/"
    client.force_login(make_user())
    assert client.get(url).status_code == 403
    client.force_login(admin_user)
    response = client.get(url)
    assert response.status_code == 200
    assert "MAS H" in response.content.decode()
    assert client.get("/cs/historie/nope.nothing/1/").status_code == 404
