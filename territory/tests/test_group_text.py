"""A MAS or microregion's name and description are normalised like all text (issue 10,
item 11) and limited in length (item 13)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from conftest import unit
from territory.models import Kind, TerritorialUnit
from territory.services import create_group, update_group


def test_group_text_is_normalised_and_limited(reference_data, admin_user):
    group = create_group(admin_user, kind=Kind.MAS, name="MAS\x1b Růže\x00",
                         members=[unit("544256")], description="Řádek\x0b 1\r\nŘádek 2")
    assert (group.name, group.description) == ("MAS Růže", "Řádek 1\nŘádek 2")
    with pytest.raises(ValidationError) as refused:
        update_group(admin_user, group, expected_version=group.version, name="MAS Růže",
                     members=[unit("544256")], description="x" * 20_001)
    assert set(refused.value.message_dict) == {"description"}
    assert TerritorialUnit.objects.get(pk=group.pk).description == "Řádek 1\nŘádek 2"
    with pytest.raises(ValidationError):
        create_group(admin_user, kind=Kind.MAS, name="\x00\x1b", members=[unit("544256")])
