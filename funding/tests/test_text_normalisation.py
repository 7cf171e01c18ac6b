"""Call and programme text is normalised at the service boundary and has length limits
(issue 10, items 11 and 13). Run on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from funding import callio, services
from funding.models import Call, Programme

from .factories import make_call


def test_control_characters_are_removed_from_calls_and_programmes(client, moderator):
    call = make_call(moderator, title="Chytrá\x1b města\x0b\x00",
                     description="Řádek\x00 1\r\nŘádek 2",
                     documents=[("Výzva\x1b", "https://example.cz/vyzva.pdf")])
    saved = Call.objects.get(pk=call.pk)
    assert (saved.title, saved.description) == ("Chytrá města", "Řádek 1\nŘádek 2")
    assert saved.documents.get().title == "Výzva"
    programme = services.save_programme(moderator, code="OPŽP\x00", name="Životní\x1b prostředí",
                                        provider_type="eu_op", provider="MŽP\x0b")
    assert (programme.code, programme.name, programme.provider) == \
        ("OPŽP", "Životní prostředí", "MŽP")
    for url in ("/api/v1/funding/calls?format=xlsx", "/api/v1/funding/calls?format=csv",
                "/api/v1/funding/programmes?format=xlsx", call.get_absolute_url(),
                f"/api/v1/funding/calls/{call.pk}"):
        assert client.get(url).status_code == 200, url


def test_free_text_has_length_limits(moderator):
    call = make_call(moderator)
    data = callio.call_data_from(call)
    data.description = "x" * 1_000_000
    with pytest.raises(ValidationError) as error:
        services.update_call(moderator, call, data, call.version)
    assert set(error.value.message_dict) == {"description"}
    assert Call.objects.get(pk=call.pk).description == ""
    data = callio.call_data_from(call)
    data.documents = [("x" * 301, "https://example.cz/" + "a" * 300)]
    with pytest.raises(ValidationError) as error:
        services.update_call(moderator, call, data, call.version)
    assert set(error.value.message_dict) == {"documents"}
    with pytest.raises(ValidationError):
        services.save_programme(moderator, code="X", name="Y", provider_type="eu_op",
                                provider="Z", description="x" * 20_001)
    assert not Programme.objects.filter(code="X").exists()
