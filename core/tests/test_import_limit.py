"""One size limit for every import of a structured file (settings.IMPORT_MAX_BYTES): a
strategy's structure and funding calls, on the page and in the parser."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.translation import gettext

from funding.models import Call
from funding.tests.factories import programme
from strategies import treeio
from strategies.models import StructureNode
from strategies.tests.factories import make_strategy

LIMIT = 2 * 2**20  # 2 MB


def too_large_text() -> str:
    with translation.override("cs"):
        return gettext("The file is larger than %(mb)d MB.") % {"mb": 2}


def padded_csv(header: str, row: str, size: int) -> bytes:
    """A valid CSV of exactly `size` bytes (padded with empty lines)."""
    body = f"{header}\n{row}\n".encode()
    return body + b"\n" * (size - len(body))


@pytest.fixture
def limit(settings):
    settings.IMPORT_MAX_BYTES = LIMIT


def test_a_structure_over_the_limit_is_refused_and_one_at_the_limit_is_imported(
        client, limit, reference_data, make_member):
    editor = make_member("editor", "544256")
    strategy = make_strategy(editor, complete=False)  # no structure yet
    client.force_login(editor)
    url = f"/cs/strategie/{strategy.pk}/struktura/import/"
    fits = padded_csv("key,kind,title", "1,priority,Doprava", LIMIT)
    over = fits + b"\n"
    response = client.post(url, {"file": SimpleUploadedFile("strom.csv", over)})
    assert too_large_text() in response.content.decode()
    assert not StructureNode.objects.exists()
    with pytest.raises(treeio.TreeImportError):  # the parser has the same limit
        treeio.parse_tree(over, "csv")
    response = client.post(url, {"file": SimpleUploadedFile("strom.csv", fits)})
    assert response.status_code == 302
    assert StructureNode.objects.get(strategy=strategy).title == "Doprava"


def test_calls_over_the_limit_are_refused_with_the_same_message(client, limit,
                                                                reference_data, make_member):
    moderator = make_member("moderator")
    programme(moderator)
    client.force_login(moderator)
    over = padded_csv("identifier,title,programme,opens_on,closes_on",
                      "X-1,Výzva,IROP,2026-01-01,2026-12-31", LIMIT + 1)
    response = client.post("/cs/financovani/vyzvy/import/",
                           {"file": SimpleUploadedFile("vyzvy.csv", over)})
    assert too_large_text() in response.content.decode()
    assert not Call.objects.exists()
