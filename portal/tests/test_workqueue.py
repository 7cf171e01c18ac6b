"""The work queue: what waits for each user — submissions to review in their scope, their
own records returned with the reviewer's comment, closing deadlines of the calls they follow,
and whatever other section registers — on its page, on the dashboard and as a count in the
header. Records are made through the services."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import translation

from core import workqueue
from intentions import services as intentions
from intentions.tests.factories import make_intention
from strategies import services as strategies
from strategies.tests.factories import make_strategy

CB, PISEK, JIHLAVA = "544256", "549240", "586846"
PEOPLE = {
    "editor": ("editor", CB), "editor_jihlava": ("editor", JIHLAVA),
    "coordinator": ("coordinator", "CZ031"), "coordinator_vysocina": ("coordinator", "CZ063"),
    "moderator": ("moderator",), "analyst": ("analyst",), "nobody": ("none",),
}


@pytest.fixture
def people(vocabularies, users_in_roles):
    return users_in_roles(PEOPLE)


def titles(user) -> dict[str, list[str]]:
    workqueue.forget(user)
    return {shown.section.key: [item.title for item in shown.items]
            for shown in workqueue.queue_for(user)}


def header_count(html: str) -> int:
    found = re.search(r'class="count-badge"[^>]*>(\d+)<', html)
    return int(found.group(1)) if found else 0


@pytest.fixture
def submitted(people):
    """A strategy and an intention of České Budějovice, submitted by its editor."""
    editor = people["editor"]
    strategy = strategies.submit_strategy(editor, make_strategy(editor, title="Strategie ČB"))
    intention = intentions.submit_intention(editor, make_intention(editor, title="Záměr ČB"))
    return strategy, intention


def test_submissions_wait_for_the_reviewers_of_their_scope_only(people, submitted):
    for name in ("coordinator", "moderator"):
        assert sorted(titles(people[name])["review"]) == ["Strategie ČB", "Záměr ČB"], name
    for name in ("coordinator_vysocina", "analyst", "editor", "editor_jihlava", "nobody"):
        assert titles(people[name])["review"] == [], name


def test_the_queue_page_lists_them_and_the_header_counts_them(client, people, submitted):
    client.force_login(people["coordinator"])
    html = client.get(reverse("portal:work_queue")).content.decode()
    strategy, intention = submitted
    assert strategy.get_absolute_url() in html and intention.get_absolute_url() in html
    assert header_count(html) == 2
    # Every page carries the count in the header, linked to the queue.
    other = client.get(reverse("strategies:list")).content.decode()
    assert header_count(other) == 2 and reverse("portal:work_queue") in other
    client.force_login(people["coordinator_vysocina"])
    assert header_count(client.get(reverse("portal:dashboard")).content.decode()) == 0


def test_a_returned_record_waits_for_its_editor_with_the_comment(client, people, submitted):
    strategy, intention = submitted
    strategies.return_strategy(people["coordinator"], strategy, "Doplňte indikátory cílů.")
    intentions.return_intention(people["moderator"], intention, "Chybí rozpočet na rok 2027.")
    assert sorted(titles(people["editor"])["returned"]) == ["Strategie ČB", "Záměr ČB"]
    assert titles(people["coordinator"])["review"] == []
    assert titles(people["editor_jihlava"])["returned"] == []

    client.force_login(people["editor"])
    dashboard = client.get(reverse("portal:dashboard")).content.decode()
    assert "Doplňte indikátory cílů." in dashboard and "Chybí rozpočet na rok 2027." in dashboard
    assert strategy.get_absolute_url() in dashboard
    assert header_count(dashboard) == 2
    # Submitted again, it leaves the editor's queue and is back with the reviewers.
    strategies.submit_strategy(people["editor"], strategy)
    assert titles(people["editor"])["returned"] == ["Záměr ČB"]
    assert titles(people["coordinator"])["review"] == ["Strategie ČB"]


def test_published_and_withdrawn_submissions_leave_the_queue(people, submitted):
    strategy, intention = submitted
    strategies.publish_strategy(people["moderator"], strategy)
    intentions.withdraw_intention(people["editor"], intention)
    assert titles(people["coordinator"])["review"] == []
    assert titles(people["moderator"])["review"] == []


def test_own_submissions_are_reviewed_by_someone_else(people):
    """A coordinator's submission for their own kraj waits for the moderator, not for them
    (the four-eyes rule)."""
    coordinator = people["coordinator"]
    strategy = make_strategy(coordinator, owner_code="CZ031", title="Krajská strategie",
                             level="regional")
    strategies.submit_strategy(coordinator, strategy)
    assert titles(coordinator)["review"] == []
    assert titles(people["moderator"])["review"] == ["Krajská strategie"]


def test_deleted_submissions_are_not_waiting(people, submitted):
    _strategy, intention = submitted
    intentions.delete_intention(people["editor"], intention)
    assert titles(people["moderator"])["review"] == ["Strategie ČB"]


def test_the_strategy_list_can_show_the_submitted_ones(client, people, submitted):
    editor = people["editor"]
    make_strategy(editor, title="Rozpracovaná strategie")
    client.force_login(people["coordinator"])
    html = client.get(reverse("strategies:list"), {"state": "submitted"}).content.decode()
    assert "Strategie ČB" in html and "Rozpracovaná strategie" not in html
    assert '<option value="submitted" selected>' in html
    client.logout()  # visitors see published strategies only: no such filter for them
    assert 'name="state"' not in client.get(reverse("strategies:list")).content.decode()


def test_deadlines_of_followed_calls_closing_soon(client, people, settings):
    from funding import services as funding
    from funding.tests.factories import make_call

    settings.WORKQUEUE_DEADLINE_DAYS = 14
    moderator, editor = people["moderator"], people["editor"]
    today = dt.date.today()
    soon = make_call(moderator, identifier="IROP-90", title="Brzy končící výzva",
                     closes_on=today + dt.timedelta(days=5))
    later = make_call(moderator, identifier="IROP-91", title="Pozdější výzva",
                      closes_on=today + dt.timedelta(days=40))
    make_call(moderator, identifier="IROP-92", title="Nesledovaná výzva",
              closes_on=today + dt.timedelta(days=3))
    funding.follow(editor, call=soon)
    funding.follow(editor, call=later)
    assert titles(editor)["deadline"] == ["IROP-90 Brzy končící výzva"]
    assert titles(people["editor_jihlava"])["deadline"] == []
    client.force_login(editor)
    html = client.get(reverse("portal:work_queue")).content.decode()
    assert soon.get_absolute_url() in html and later.get_absolute_url() not in html


def test_a_registered_section_appears_in_everybody_s_queue(client, people, monkeypatch):
    """The working-group section (to come) adds its tasks by registering, like this."""
    monkeypatch.setattr(workqueue, "_sections", dict(workqueue._sections))
    editor = people["editor"]

    def tasks(user):
        if user != editor:
            return []
        return [workqueue.Item(title="Připravit podklady pro jednání", url="/cs/",
                               when=dt.date(2030, 1, 15), when_label="termín")]

    workqueue.register(workqueue.Section(key="tasks", title="Úkoly z pracovních skupin",
                                         empty="Žádný úkol.", items=tasks, order=40))
    client.force_login(editor)
    html = client.get(reverse("portal:work_queue")).content.decode()
    assert "Úkoly z pracovních skupin" in html and "Připravit podklady pro jednání" in html
    assert header_count(html) == 1
    client.force_login(people["moderator"])
    html = client.get(reverse("portal:work_queue")).content.decode()
    assert "Úkoly z pracovních skupin" in html and "Žádný úkol." in html


def test_the_queue_page_needs_a_login_and_exists_in_both_languages(client, people):
    url = reverse("portal:work_queue")
    assert client.get(url).status_code == 302
    with translation.override("en"):
        english = reverse("portal:work_queue")
    assert english.startswith("/en/") and url.startswith("/cs/")
    client.force_login(people["nobody"])
    assert client.get(english).status_code == 200


def test_the_header_count_costs_the_same_queries_however_many_items(
        client, people, django_assert_max_num_queries):
    editor, moderator = people["editor"], people["moderator"]

    def submit(count: int, start: int) -> None:
        for index in range(start, start + count):
            strategies.submit_strategy(editor, make_strategy(editor, title=f"S {index:02d}"))
            intentions.submit_intention(editor, make_intention(editor, title=f"Z {index:02d}"))

    submit(2, 0)
    client.force_login(moderator)
    url = reverse("funding:list")
    with django_assert_max_num_queries(80) as few:
        assert header_count(client.get(url).content.decode()) == 4
    submit(8, 2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert header_count(client.get(url).content.decode()) == 20
