"""The calls calendar lists, for every month, the calls one can apply to in it: the days
calls open and close, and the calls open during the whole month (before, a month in the
middle of a long call showed nothing of it)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from funding.queries import calendar

from .factories import make_call

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def long_call(moderator):
    with time_machine.travel(TODAY, tick=False):
        return make_call(moderator, identifier="DLOUHA-1", title="Komunitní energetika",
                         opens_on=dt.date(2026, 2, 1), closes_on=dt.date(2026, 6, 30))


def test_each_month_of_a_long_call_lists_it(long_call):
    months = {month: [(e.kind, e.call.identifier) for e in events]
              for month, events in calendar(today=TODAY.date())}

    assert months[dt.date(2026, 3, 1)] == [("open", "DLOUHA-1")]
    assert months[dt.date(2026, 4, 1)] == [("open", "DLOUHA-1")]
    assert months[dt.date(2026, 5, 1)] == [("open", "DLOUHA-1")]
    assert months[dt.date(2026, 6, 1)] == [("closes", "DLOUHA-1")]  # the closing month
    assert dt.date(2026, 7, 1) not in months


def test_the_page_shows_the_open_period_and_the_feed_only_the_closing_day(client, long_call):
    with time_machine.travel(TODAY, tick=False):
        page = client.get("/cs/financovani/kalendar/").content.decode()
        feed = client.get("/cs/financovani/kalendar.ics").content.decode()

    april = page[page.index("duben 2026"):page.index("květen 2026")]
    assert "DLOUHA-1" in april and "otevřena celý měsíc" in april
    assert "1. 2. 2026 – 30. 6. 2026" in april
    assert feed.count("BEGIN:VEVENT") == 1 and "20260630" in feed
