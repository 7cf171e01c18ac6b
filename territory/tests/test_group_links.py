"""A MAS or microregion's website is an http(s) link, checked by the services; one stored
before the check is shown as text, never as a clickable javascript: link."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from conftest import unit
from territory.models import Kind, TerritorialUnit
from territory.services import create_group, update_group


@pytest.mark.parametrize("link", ["javascript:alert(1)", "data:text/html,x",
                                  "ftp://mas.example.cz"])
def test_group_website_must_be_an_http_link(reference_data, admin_user, link):
    with pytest.raises(ValidationError) as refused:
        create_group(admin_user, kind=Kind.MAS, name="MAS Test", members=[unit("544256")],
                     website=link)
    assert "website" in refused.value.message_dict
    assert not TerritorialUnit.objects.filter(name="MAS Test").exists()
    group = create_group(admin_user, kind=Kind.MAS, name="MAS Test",
                         members=[unit("544256")], website=" https://mas.example.cz ")
    assert group.website == "https://mas.example.cz"
    with pytest.raises(ValidationError):
        update_group(admin_user, group, expected_version=group.version, name="MAS Test",
                     members=[unit("544256")], website=link)
    assert TerritorialUnit.objects.get(pk=group.pk).website == "https://mas.example.cz"


def test_a_bad_website_stored_earlier_is_not_a_link(client, reference_data, admin_user):
    group = create_group(admin_user, kind=Kind.MAS, name="MAS Test", members=[unit("544256")])
    TerritorialUnit.objects.filter(pk=group.pk).update(website="javascript:alert(1)")
    html = client.get(group.get_absolute_url()).content.decode()
    assert 'href="javascript:' not in html and "javascript:alert(1)" in html
