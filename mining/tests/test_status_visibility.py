"""A file's processing status, and taking over its proposed tree, only for a file of a
strategy the user may see (and edits): any other extraction id is answered like a missing
one."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from mining.models import Extraction
from strategies import services as strategy_services
from strategies.tests.factories import make_strategy

from .conftest import make_pdf

PAGES = [["Opatření 1.1 Rozvoj cyklostezek a cyklopruhů ve městě",
          "Město vybuduje síť cyklostezek a bezpečných přechodů pro chodce."]]


def test_processing_status_is_shown_only_for_files_the_user_may_see(
        client, editor, media, django_capture_on_commit_callbacks, make_member):
    strategy = make_strategy(editor)  # a draft: České Budějovice's editors see it
    with django_capture_on_commit_callbacks(execute=True):
        result = strategy_services.upload_document(
            editor, strategy, SimpleUploadedFile("plan.pdf", make_pdf(PAGES)))
    extraction = Extraction.objects.get(sha256=result.version.sha256)
    url = f"/en/mining/status/{extraction.pk}/"
    missing = f"/en/mining/status/{extraction.pk + 1000}/"
    assert client.get(url).status_code == client.get(missing).status_code == 404
    client.force_login(make_member("editor", "586846"))
    assert client.get(url).status_code == 404
    client.force_login(editor)
    assert client.get(url).status_code == 200
    # Taking over the proposed tree of another strategy's file: unknown, like a missing id.
    other = make_strategy(editor, title="Jiná strategie")
    accept = f"/en/strategies/{other.pk}/structure/accept/{extraction.pk}/"
    assert client.post(accept).status_code == 404
