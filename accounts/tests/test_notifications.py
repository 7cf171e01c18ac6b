"""E-mail notices: the worker sends them after a transition has committed (never the request),
to the people the permission rules name, in their language, as often as each of them chose
(at once, in the daily digest, or never); followed calls about to close are announced by the
daily run, once. Mail goes to Django's locmem outbox."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from accounts import notifications, services
from accounts.models import Notice, NoticeRun
from intentions import services as intentions
from intentions.tests.factories import make_intention
from strategies import services as strategies
from strategies.tests.factories import make_strategy

# The worker closes database connections between tasks, as it must in production; on
# PostgreSQL that would end a test wrapped in one transaction, so these tests commit for real.
pytestmark = pytest.mark.django_db(transaction=True)

CB = "544256"
PEOPLE = {"editor": ("editor", CB), "coordinator": ("coordinator", "CZ031"),
          "coordinator_vysocina": ("coordinator", "CZ063"), "moderator": ("moderator",),
          "analyst": ("analyst",)}


@pytest.fixture
def people(vocabularies, users_in_roles, settings):
    settings.NOTICES_DAILY_HOUR = None  # no worker starts a daily run inside these tests
    settings.SITE_URL = "https://smart.example.cz"
    return users_in_roles(PEOPLE)


def run_worker() -> None:
    call_command("worker", burst=True, verbosity=0)


def inbox(user) -> list:
    return [m for m in mail.outbox if m.to == [user.email]]


def choose(user, language: str = "", **frequencies) -> None:
    services.save_notification_settings(user, user, frequencies, language)


def czech(message: str, **values) -> str:
    with translation.override("cs"):
        return gettext(message) % values


def test_a_submission_reaches_the_reviewers_through_the_worker_only(
        client, people, admin_user, django_capture_on_commit_callbacks):
    editor = people["editor"]
    strategy = make_strategy(editor, title="Chytrá ČB 2030")
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("strategies:submit", args=[strategy.pk]))
    assert response.status_code == 302
    assert mail.outbox == []  # the request sent nothing
    run_worker()
    # Those who may review it: the kraj's coordinator, moderators and administrators; not
    # the editor who submitted it, an analyst, nor another kraj's coordinator.
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([people["coordinator"].email, people["moderator"].email,
                                 admin_user.email])
    message = inbox(people["coordinator"])[0]
    assert czech("To review: %(title)s", title="Chytrá ČB 2030") in message.subject
    with translation.override("cs"):
        link = f"https://smart.example.cz{strategy.get_absolute_url()}"
    assert link in message.body
    assert str(editor) in message.body  # who submitted it
    run_worker()
    assert len(mail.outbox) == 3  # sent once


def test_a_return_reaches_the_editors_with_the_comment(people,
                                                       django_capture_on_commit_callbacks):
    editor, coordinator = people["editor"], people["coordinator"]
    intention = make_intention(editor, title="Chytré osvětlení")
    with django_capture_on_commit_callbacks(execute=True):
        intentions.submit_intention(editor, intention)
    run_worker()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        intentions.return_intention(coordinator, intention, "Doplňte rozpočet na rok 2027.")
    assert mail.outbox == []
    run_worker()
    assert [m.to[0] for m in mail.outbox] == [editor.email]
    message = mail.outbox[0]
    assert czech("Returned for changes: %(title)s", title="Chytré osvětlení") in message.subject
    assert "Doplňte rozpočet na rok 2027." in message.body


def test_a_submission_withdrawn_before_the_worker_runs_is_not_announced(
        people, django_capture_on_commit_callbacks):
    editor = people["editor"]
    strategy = make_strategy(editor)
    with django_capture_on_commit_callbacks(execute=True):
        strategies.submit_strategy(editor, strategy)
        strategies.withdraw_strategy(editor, strategy)
    run_worker()
    assert mail.outbox == []


def test_each_user_chooses_at_once_digest_or_never(people, admin_user,
                                                   django_capture_on_commit_callbacks):
    editor, coordinator, moderator = (people["editor"], people["coordinator"],
                                      people["moderator"])
    choose(coordinator, review="digest")
    choose(moderator, review="off")
    choose(admin_user, review="off")
    with django_capture_on_commit_callbacks(execute=True):
        strategies.submit_strategy(editor, make_strategy(editor, title="První strategie"))
        strategies.submit_strategy(editor, make_strategy(editor, title="Druhá strategie"))
    run_worker()
    assert mail.outbox == []  # the coordinator waits for the digest, the moderator for nothing
    assert Notice.objects.filter(user=moderator).count() == 0

    call_command("send_notices", verbosity=0)
    assert [m.to[0] for m in mail.outbox] == [coordinator.email]
    digest = mail.outbox[0].body
    assert "První strategie" in digest and "Druhá strategie" in digest
    call_command("send_notices", "--again", verbosity=0)
    assert len(mail.outbox) == 1  # nothing is sent twice


def test_the_users_language_is_used(people, django_capture_on_commit_callbacks):
    editor, moderator = people["editor"], people["moderator"]
    choose(moderator, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        strategies.submit_strategy(editor, make_strategy(editor, title="Chytrá ČB"))
    run_worker()
    english = inbox(moderator)[0]
    assert english.subject == "SMART platform: To review: Chytrá ČB"
    assert "https://smart.example.cz/en/" in english.body
    czech_mail = inbox(people["coordinator"])[0]
    assert czech_mail.subject == czech("SMART platform: %(subject)s",
                                       subject=czech("To review: %(title)s", title="Chytrá ČB"))
    assert "https://smart.example.cz/cs/" in czech_mail.body


def test_followed_calls_closing_soon_are_announced_once_by_the_daily_run(people, settings):
    from funding import services as funding
    from funding.tests.factories import make_call

    settings.WORKQUEUE_DEADLINE_DAYS = 14
    editor, moderator, analyst = people["editor"], people["moderator"], people["analyst"]
    today = dt.date.today()
    soon = make_call(moderator, identifier="IROP-90", closes_on=today + dt.timedelta(days=5))
    later = make_call(moderator, identifier="IROP-91", closes_on=today + dt.timedelta(days=60))
    funding.follow(editor, call=soon)
    funding.follow(editor, call=later)
    funding.follow(analyst, call=soon)
    choose(analyst, deadline="off")
    call_command("send_notices", verbosity=0)
    assert [m.to[0] for m in mail.outbox] == [editor.email]
    assert "IROP-90" in mail.outbox[0].subject and "IROP-91" not in mail.outbox[0].body
    call_command("send_notices", "--again", verbosity=0)
    call_command("send_notices", verbosity=0)
    assert len(mail.outbox) == 1


def test_a_standing_worker_runs_the_daily_notices_once_a_day_from_its_hour(people, settings):
    """The worker's heartbeat starts the day's run (in a thread of its own) once the hour
    has come; of several workers, one runs it."""
    from funding import services as funding
    from funding.tests.factories import make_call
    from portal.management.commands.worker import Heartbeat

    settings.NOTICES_DAILY_HOUR = 7
    today = dt.date.today()
    call = make_call(people["moderator"], identifier="IROP-93",
                     closes_on=today + dt.timedelta(days=2))
    funding.follow(people["editor"], call=call)
    prague = ZoneInfo("Europe/Prague")
    moment = dt.datetime.combine(today, dt.time(6, 30), tzinfo=prague)
    first, second = Heartbeat(None, every=10, daily_notices=True), \
        Heartbeat(None, every=10, daily_notices=True)
    assert first.daily_notices(moment) is None  # not yet
    assert not NoticeRun.objects.exists()
    run = first.daily_notices(moment + dt.timedelta(hours=1))
    assert run is not None
    run.join(timeout=30)
    assert second.daily_notices(moment + dt.timedelta(hours=2)) is None  # taken today
    assert first.daily_notices(moment + dt.timedelta(hours=3)) is None
    assert [m.to[0] for m in mail.outbox] == [people["editor"].email]
    assert NoticeRun.objects.get(day=today).finished_at is not None


def test_the_settings_page_is_the_users_own(client, people):
    editor = people["editor"]
    url = reverse("accounts:notifications")
    assert client.get(url).status_code == 302  # log in first
    client.force_login(editor)
    html = client.get(url).content.decode()
    for kind in notifications.kinds():
        assert f'name="kind_{kind.key}"' in html
    response = client.post(url, {"kind_review": "off", "kind_returned": "digest",
                                 "kind_deadline": "immediately", "language": "en"})
    assert response.status_code == 302
    assert notifications.frequency(editor, "returned") == "digest"
    assert notifications.frequency(editor, "review") == "off"
    assert notifications.language_of(editor) == "en"
    response = client.post(url, {"kind_review": "hourly", "kind_returned": "digest",
                                 "kind_deadline": "off", "language": "en"})
    assert response.status_code == 200  # refused, nothing changed
    assert notifications.frequency(editor, "review") == "off"
    with pytest.raises(PermissionDenied):
        services.save_notification_settings(people["moderator"], editor, {"review": "off"}, "")
