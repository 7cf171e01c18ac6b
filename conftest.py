"""Shared fixtures: reference data, users per role (made through the services)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("DEBUG", "1")

TEST_TERRITORY = Path(__file__).resolve().parent / "territory" / "tests" / "data"


@pytest.fixture
def reference_data(db):
    """The 14 kraje, a few hundred municipalities and the concept taxonomy."""
    from concept.reference import read_concept
    from concept.services import load_concept
    from territory.reference import read_reference
    from territory.services import load_official_units

    load_official_units(read_reference(TEST_TERRITORY))
    load_concept(read_concept())


@pytest.fixture
def make_user(db):
    from accounts.services import create_user

    counter = {"n": 0}

    def factory(email: str | None = None, password: str = "heslo-Pro-Test-77", **extra):
        counter["n"] += 1
        return create_user(email or f"user{counter['n']}@example.cz", password, **extra)

    return factory


@pytest.fixture
def admin_user(make_user):
    from accounts.models import Role

    user = make_user("admin@example.cz", is_staff=True)
    user.memberships.create(role=Role.ADMINISTRATOR)
    return user


@pytest.fixture
def make_member(make_user, admin_user):
    """A user holding `role` on the unit with `unit_code` (granted through the service)."""
    from accounts.services import grant_membership
    from territory.models import TerritorialUnit

    def factory(role: str, unit_code: str | None = None, email: str | None = None):
        user = make_user(email)
        unit = TerritorialUnit.objects.get(code=unit_code) if unit_code else None
        grant_membership(admin_user, user, role, unit)
        return user

    return factory


@pytest.fixture
def vocabularies(reference_data):
    """SDGs and technologies (the data migration's rows are gone after a flush)."""
    from concept.services import load_vocabularies

    load_vocabularies()


@pytest.fixture
def users_in_roles(make_user, make_member):
    """`{name: user}` for a `{name: spec}` table: spec None is an anonymous visitor,
    ("none",) a registered user without a role, otherwise make_member's arguments."""
    from django.contrib.auth.models import AnonymousUser

    def factory(roles: dict) -> dict:
        result = {}
        for name, spec in roles.items():
            if spec is None:
                result[name] = AnonymousUser()
            elif spec[0] == "none":
                result[name] = make_user()
            else:
                result[name] = make_member(*spec)
        return result

    return factory


def unit(code: str):
    from territory.models import TerritorialUnit

    return TerritorialUnit.objects.get(code=code)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # PBKDF2's deliberate slowness would dominate a suite that creates hundreds of users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def default_language():
    """Every test starts in the site's default language (Czech). A test client request
    leaves its language active in the test's thread, so without this a test would build
    URLs and messages in whatever language the test before it last requested."""
    from django.conf import settings
    from django.utils import translation

    if not settings.configured:  # pure tests run without Django (mining: -p no:django)
        yield
        return
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


def pytest_addoption(parser):
    parser.addoption(
        "--today", default=os.environ.get("TEST_TODAY", ""), metavar="YYYY-MM-DD",
        help="run the suite as if today were this date (time keeps ticking from 10:00 "
             "Prague time); finds tests whose expectations depend on the day they run")


@pytest.fixture(scope="session", autouse=True)
def pretend_today(request):
    """With --today, the whole process (the live server's thread included) travels to that
    day. Browser tests are not meant to run this way: Chromium keeps the real clock, so
    cookies set by a server in the past would look expired to it."""
    value = request.config.getoption("--today")
    if not value:
        yield None
        return
    import datetime as dt
    from zoneinfo import ZoneInfo

    import time_machine

    moment = dt.datetime.combine(dt.date.fromisoformat(value), dt.time(10),
                                 tzinfo=ZoneInfo("Europe/Prague"))
    with time_machine.travel(moment, tick=True):
        yield moment
