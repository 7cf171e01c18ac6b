"""Who follows a file's processing and corrects its passages is a rule of the permissions
module (`HELD`): the strategies using the file decide — whoever may see one follows it,
whoever may edit one corrects its passages; another unit's editor and analysts do not."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.permissions import Action, can
from mining import services
from mining.models import Extraction
from strategies import services as strategy_services
from strategies.tests.factories import make_strategy, publish

from .conftest import make_pdf

PAGES = [["Opatření 1.1 Rozvoj cyklostezek a cyklopruhů ve městě",
          "Město vybuduje síť cyklostezek a bezpečných přechodů pro chodce."]]


def test_the_strategies_holding_a_file_decide(editor, make_member, media,
                                              django_capture_on_commit_callbacks):
    from django.contrib.auth.models import AnonymousUser

    strategy = make_strategy(editor)  # a draft of České Budějovice
    with django_capture_on_commit_callbacks(execute=True):
        result = strategy_services.upload_document(
            editor, strategy, SimpleUploadedFile("plan.pdf", make_pdf(PAGES)))
    extraction = Extraction.objects.get(sha256=result.version.sha256)
    services.process(extraction.pk)
    passage = extraction.passages.order_by("index").first()
    anonymous, other_editor = AnonymousUser(), make_member("editor", "586846")
    analyst, coordinator = make_member("analyst"), make_member("coordinator", "CZ031")

    assert can(editor, Action.VIEW, extraction) and can(editor, Action.EDIT, passage)
    assert can(coordinator, Action.EDIT, passage)
    assert can(analyst, Action.VIEW, extraction) and not can(analyst, Action.EDIT, passage)
    for user in (anonymous, other_editor):
        assert not can(user, Action.VIEW, extraction)
        assert not can(user, Action.EDIT, passage)

    publish(make_member("moderator"), strategy)
    assert can(anonymous, Action.VIEW, extraction) and can(other_editor, Action.VIEW, passage)
    assert not can(other_editor, Action.EDIT, passage)
    corrected = services.correct_passage(editor, passage, ["C4"])
    assert corrected.confirmed_areas == ["C4"]
