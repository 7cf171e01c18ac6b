"""Changes of a published strategy: minor fixes by its owners publish at once, the level,
type, status, validity, approval and owners wait in a revision that a reviewer publishes or
returns, and until then the public page and the API show the published values."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst

from core.access import FOUR_EYES
from core.conflicts import EditConflict
from core.history import entries_for, in_words
from core.models import HistoryEntry
from core.workflow import ReviewState
from strategies import services
from strategies.models import Revision, Status, Strategy

from .factories import make_strategy, publish


@pytest.fixture
def editor(reference_data, make_member):
    return make_member("editor", "544256")


@pytest.fixture
def moderator(reference_data, make_member):
    return make_member("moderator")


@pytest.fixture
def published(editor, moderator):
    return publish(moderator, make_strategy(editor, summary="Původní shrnutí."))


def _data(strategy: Strategy, **changes) -> services.StrategyData:
    strategy = Strategy.objects.get(pk=strategy.pk)
    data = services._data_of(strategy)
    return replace(data, **changes)


def _label(name: str) -> str:
    return capfirst(str(Strategy._meta.get_field(name).verbose_name))


def _save(actor, strategy: Strategy, **changes) -> Strategy:
    current = Strategy.objects.get(pk=strategy.pk)
    return services.update_strategy(actor, current, _data(current, **changes),
                                    expected_version=current.version)


def test_minor_fixes_publish_at_once_and_the_validity_waits_for_review(editor, published):
    _save(editor, published, summary="Opravené shrnutí.", valid_to=2035)
    strategy = Strategy.objects.get(pk=published.pk)
    assert strategy.summary == "Opravené shrnutí."
    assert strategy.valid_to == 2030  # the published value stays
    revision = services.open_revision(strategy)
    assert revision is not None and revision.state == Revision.State.PENDING
    assert revision.changes == {"valid_to": 2035}
    entry = entries_for(strategy).filter(action=HistoryEntry.Action.UPDATE).first()
    assert entry is not None and "summary" in entry.changes and "valid_to" not in entry.changes


def test_a_draft_strategy_is_changed_directly(editor):
    strategy = make_strategy(editor)
    _save(editor, strategy, valid_to=2035, status=Status.VALID)
    strategy = Strategy.objects.get(pk=strategy.pk)
    assert (strategy.valid_to, strategy.status) == (2035, Status.VALID)
    assert not strategy.revisions.exists()


def test_the_reviewer_publishes_the_values_with_a_new_version_and_history(
        editor, moderator, published):
    _save(editor, published, valid_to=2035, status=Status.VALID)
    version = Strategy.objects.get(pk=published.pk).version
    revision = services.open_revision(published)
    services.publish_revision(moderator, revision, revision.version)
    strategy = Strategy.objects.get(pk=published.pk)
    assert (strategy.valid_to, strategy.status) == (2035, Status.VALID)
    assert strategy.version == version + 1
    assert strategy.state == ReviewState.PUBLISHED
    revision.refresh_from_db()
    assert revision.state == Revision.State.PUBLISHED and revision.decided_by == moderator
    entry = entries_for(strategy).filter(action=HistoryEntry.Action.UPDATE).first()
    assert entry.actor == moderator
    assert entry.changes["valid_to"] == [2030, 2035]
    assert services.open_revision(strategy) is None


def test_owners_change_after_review(editor, moderator, published, admin_user):
    from accounts.services import grant_membership
    from territory.models import TerritorialUnit

    mine = list(published.owners.all())
    partner = TerritorialUnit.objects.filter(kind="obec", is_active=True).exclude(
        pk__in=[u.pk for u in mine]).first()
    grant_membership(admin_user, editor, "editor", partner)
    editor = type(editor).objects.get(pk=editor.pk)  # the memberships read afresh
    _save(editor, published, owners=[*mine, partner])
    assert list(Strategy.objects.get(pk=published.pk).owners.all()) == mine
    revision = services.open_revision(published)
    assert sorted(revision.changes["owners"]) == sorted([mine[0].code, partner.code])
    services.publish_revision(moderator, revision)
    assert set(Strategy.objects.get(pk=published.pk).owners.all()) == {*mine, partner}


def test_the_changes_read_in_words(editor, moderator, published):
    _save(editor, published, valid_to=2035, status=Status.EXPIRED)
    revision = services.open_revision(published)
    with translation.override("cs"):
        changes = {c.label: (c.old, c.new) for c in services.revision_in_words(revision, editor)}
        assert changes[_label("valid_to")] == ("2030", "2035")
        assert changes[_label("status")] == (
            str(Status.PREPARATION.label), str(Status.EXPIRED.label))


def test_an_editor_cannot_publish_and_the_submitter_is_not_the_reviewer(
        editor, make_member, published):
    _save(editor, published, valid_to=2035)
    revision = services.open_revision(published)
    with pytest.raises(PermissionDenied):
        services.publish_revision(editor, revision)
    coordinator = make_member("coordinator", "CZ031")
    _save(coordinator, published, valid_to=2036)  # the coordinator changes it themselves
    revision = services.open_revision(published)
    with pytest.raises(ValidationError) as refused:
        services.publish_revision(coordinator, revision)
    assert refused.value.code == FOUR_EYES
    assert Strategy.objects.get(pk=published.pk).valid_to == 2030


def test_return_saving_again_resubmits_and_the_published_values_withdraw(
        editor, moderator, published):
    _save(editor, published, valid_to=2035)
    revision = services.open_revision(published)
    with pytest.raises(ValidationError):
        services.return_revision(moderator, revision, "  ")  # a return says why
    services.return_revision(moderator, revision, "Doložte usnesení zastupitelstva.")
    revision.refresh_from_db()
    assert revision.state == Revision.State.RETURNED
    assert revision.comment == "Doložte usnesení zastupitelstva."
    _save(editor, published, valid_to=2034)
    revision.refresh_from_db()
    assert (revision.state, revision.changes) == (Revision.State.PENDING, {"valid_to": 2034})
    assert Revision.objects.filter(strategy=published).count() == 1
    _save(editor, published, valid_to=2033)  # asked again before the review: a new request
    revision.refresh_from_db()
    assert revision.state == Revision.State.WITHDRAWN
    revision = services.open_revision(published)
    assert (revision.state, revision.changes) == (Revision.State.PENDING, {"valid_to": 2033})
    _save(editor, published, valid_to=2030)  # back to the published value
    revision.refresh_from_db()
    assert revision.state == Revision.State.WITHDRAWN
    assert services.open_revision(published) is None


def test_a_stale_revision_is_not_published(editor, moderator, published):
    _save(editor, published, valid_to=2035)
    revision = services.open_revision(published)
    seen = revision.version
    _save(editor, published, valid_to=2040)  # the editor changes it meanwhile
    with pytest.raises(EditConflict):
        services.publish_revision(moderator, revision, seen)
    assert Strategy.objects.get(pk=published.pk).valid_to == 2030


def test_the_revision_waits_in_the_reviewers_work_queue(editor, moderator, published):
    from portal.workqueue import review_items

    _save(editor, published, valid_to=2035)
    revision = services.open_revision(published)
    assert revision.get_absolute_url() in [item.url for item in review_items(moderator)]
    assert revision.get_absolute_url() not in [item.url for item in review_items(editor)]
    services.publish_revision(moderator, revision)
    assert revision.get_absolute_url() not in [item.url for item in review_items(moderator)]


def test_history_of_a_revision_reads_in_words(editor, published):
    _save(editor, published, valid_to=2035)
    revision = services.open_revision(published)
    with translation.override("cs"):
        created = in_words(entries_for(revision).filter(action=HistoryEntry.Action.CREATE),
                           editor)[0]
        assert [(c.label, c.new) for c in created.changes] == [
            (_label("valid_to"), "2035")]


# --- pages and the API -------------------------------------------------------------------------

def _url(name: str, *args) -> str:
    with translation.override("cs"):
        return reverse(name, args=args)


def test_public_page_and_api_show_the_published_values_until_published(
        client, editor, moderator, published):
    _save(editor, published, valid_to=2035)
    url = _url("strategies:detail", published.pk)
    page = client.get(url).content.decode()
    assert "2021–2030" in page and "2035" not in page and 'id="revision"' not in page
    assert client.get(f"/api/v1/strategies/{published.pk}").json()["valid_to"] == 2030

    client.force_login(editor)
    with translation.override("cs"):
        page = client.get(url).content.decode()
        assert translation.gettext("Changes waiting for review") in page
        assert "2030" in page and "2035" in page
        assert translation.gettext("Publish the changes") not in page

    client.force_login(moderator)
    revision = services.open_revision(published)
    with translation.override("cs"):
        assert translation.gettext("Publish the changes") in client.get(url).content.decode()
        response = client.post(_url("strategies:revision_publish", published.pk, revision.pk),
                               {"version": revision.version})
    assert response.status_code == 302
    client.logout()
    assert "2021–2035" in client.get(url).content.decode()
    assert client.get(f"/api/v1/strategies/{published.pk}").json()["valid_to"] == 2035


def test_the_form_says_which_fields_need_review(client, editor, published):
    client.force_login(editor)
    with translation.override("cs"):
        note = translation.gettext("A change here is published after review.")
        page = client.get(_url("strategies:edit", published.pk)).content.decode()
    assert page.count(note) == len(services.REVIEWED_FIELDS)
    draft = make_strategy(editor, title="Koncept")
    with translation.override("cs"):
        assert note not in client.get(_url("strategies:edit", draft.pk)).content.decode()


def test_returning_from_the_page_needs_a_comment(client, editor, moderator, published):
    _save(editor, published, valid_to=2035)
    revision = services.open_revision(published)
    client.force_login(moderator)
    client.post(_url("strategies:revision_return", published.pk, revision.pk),
                {"version": revision.version, "comment": ""})
    assert Revision.objects.get(pk=revision.pk).state == Revision.State.PENDING
    client.post(_url("strategies:revision_return", published.pk, revision.pk),
                {"version": revision.version, "comment": "Chybí usnesení."})
    assert Revision.objects.get(pk=revision.pk).state == Revision.State.RETURNED
    client.force_login(editor)
    with translation.override("cs"):
        page = client.get(_url("strategies:detail", published.pk)).content.decode()
    assert "Chybí usnesení." in page
