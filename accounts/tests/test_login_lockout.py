"""After too many failed logins the page says what happened and when to try again."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine

PRAGUE = ZoneInfo("Europe/Prague")
START = dt.datetime(2026, 3, 2, 14, 0, tzinfo=PRAGUE)


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.mark.parametrize(("url", "expected"), [
    ("/en/account/login/", ["Too many failed sign-in attempts",
                            "even the correct password is refused", "until 2:05 p.m.",
                            "in 5 minutes"]),
    ("/cs/ucet/login/", ["Příliš mnoho neúspěšných pokusů o přihlášení",
                         "i správné heslo", "do 14:05", "za 5 minut"]),
])
def test_a_locked_out_login_says_why_and_until_when(client, make_user, url, expected):
    make_user("eva@obec.cz", password="Spravne-Heslo-1")
    with time_machine.travel(START, tick=False) as clock:
        for _ in range(5):
            client.post(url, {"login": "eva@obec.cz", "password": "spatne"})
            assert "_auth_user_id" not in client.session
            clock.shift(dt.timedelta(seconds=1))
        # The fifth failure used the last attempt: the right password is refused, with why.
        refused = client.post(url, {"login": "eva@obec.cz", "password": "Spravne-Heslo-1"})
        assert "_auth_user_id" not in client.session
        page = text(refused)
        for fragment in expected:
            assert fragment in page, fragment
        # When the five minutes since the first failure have passed, the login works.
        clock.move_to(START + dt.timedelta(minutes=5, seconds=1))
        welcome = client.post(url, {"login": "eva@obec.cz", "password": "Spravne-Heslo-1"})
        assert welcome.status_code == 302
        assert "_auth_user_id" in client.session
