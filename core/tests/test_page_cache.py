"""Anonymous visitors' pages come from a short-lived shared cache; nothing rendered for a
logged-in user, nothing holding a CSRF token and nothing that sets a cookie is ever
shared (core.pagecache)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from core.pagecache import AnonymousPageCacheMiddleware
from funding.tests.factories import make_call

pytestmark = pytest.mark.django_db

CALLS = "/cs/financovani/"


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 30
    caches["pages"].clear()
    yield
    caches["pages"].clear()


@pytest.fixture
def moderator(reference_data, make_member):
    return make_member("moderator")


def test_an_anonymous_page_is_rendered_once_and_then_served_without_the_view(moderator):
    make_call(moderator, title="Chytré veřejné osvětlení")
    first = Client().get(CALLS)
    with CaptureQueriesContext(connection) as queries:
        second = Client().get(CALLS)

    assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert "Chytré veřejné osvětlení" in second.content.decode()
    assert len(queries.captured_queries) <= 2  # the cache's own read, no view queries
    # The headers every page gets are still there.
    assert second["Content-Security-Policy"] and second["X-Frame-Options"] == "DENY"
    assert second["Content-Language"] == "cs"


def test_a_change_reaches_anonymous_visitors_when_the_page_expires(moderator):
    with time_machine.travel(dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC), tick=False) as clock:
        make_call(moderator, title="Chytré veřejné osvětlení")
        Client().get(CALLS)
        make_call(moderator, identifier="IROP-78", title="Sdílená kola v obcích")
        assert "Sdílená kola v obcích" not in Client().get(CALLS).content.decode()

        clock.shift(dt.timedelta(seconds=31))
        fresh = Client().get(CALLS)

    assert fresh["X-Page-Cache"] == "miss"
    assert "Sdílená kola v obcích" in fresh.content.decode()


def test_a_logged_in_user_always_reaches_the_view_and_fills_nothing(moderator, make_member):
    make_call(moderator, title="Chytré veřejné osvětlení")
    Client().get(CALLS)  # cached for anonymous visitors
    editor = Client()
    editor.force_login(make_member("editor", "544256"))

    answer = editor.get(CALLS)

    assert "X-Page-Cache" not in answer
    assert "Odhlásit se" in answer.content.decode()
    caches["pages"].clear()
    editor.get(CALLS)
    assert Client().get(CALLS)["X-Page-Cache"] == "miss"  # the editor's page was not stored


def test_a_page_holding_a_csrf_token_is_never_stored_nor_anonymous_pages_hold_one(moderator):
    visitor = Client()
    login = visitor.get("/cs/ucet/login/")
    again = visitor.get("/cs/ucet/login/")

    assert "csrfmiddlewaretoken" in login.content.decode()
    assert "X-Page-Cache" not in login and "X-Page-Cache" not in again
    for path in ("/cs/", CALLS, "/cs/strategie/", "/cs/zamery/", "/cs/hledat/?q=doprava"):
        page = Client().get(path)
        assert page.status_code == 200
        assert page["X-Page-Cache"] == "miss", path
        assert "csrfmiddlewaretoken" not in page.content.decode()
        assert "X-CSRFToken" not in page.content.decode()


def test_language_and_query_string_are_separate_pages(moderator):
    make_call(moderator, title="Chytré veřejné osvětlení")
    czech = Client().get(CALLS)
    english = Client().get("/en/funding/")
    filtered = Client().get(CALLS + "?q=kola")

    assert [czech["X-Page-Cache"], english["X-Page-Cache"], filtered["X-Page-Cache"]] == [
        "miss", "miss", "miss"]
    assert english["Content-Language"] == "en"
    assert Client().get("/en/funding/").content == english.content != czech.content


def test_a_page_that_used_the_csrf_token_is_not_stored():
    """The token belongs to one visitor: shared, it would leak and fail the next form."""
    def page_with_a_form(request):
        return HttpResponse(f'<form method="post"><input value="{get_token(request)}"></form>')

    def anonymous_get():
        request = RequestFactory().get("/cs/formular/")
        request.user = AnonymousUser()
        return request

    middleware = AnonymousPageCacheMiddleware(page_with_a_form)
    first, second = middleware(anonymous_get()), middleware(anonymous_get())

    assert "X-Page-Cache" not in first and "X-Page-Cache" not in second
    assert first.content != second.content  # each visitor got a token of their own
    plain = AnonymousPageCacheMiddleware(lambda request: HttpResponse("<p>Ahoj</p>"))
    assert [plain(anonymous_get())["X-Page-Cache"], plain(anonymous_get())["X-Page-Cache"]] \
        == ["miss", "hit"]


def test_a_stored_page_answers_a_conditional_read_and_repeats_no_client_headers():
    def page(request):
        response = HttpResponse('{"count": 0, "items": []}', content_type="application/json")
        response["ETag"] = '"v1"'
        response["RateLimit"] = '"anonymous";r=59;t=60'  # about this client only
        return response

    def anonymous_get(**headers):
        request = RequestFactory().get("/api/v1/strategies", **headers)
        request.user = AnonymousUser()
        return request

    middleware = AnonymousPageCacheMiddleware(page)
    first = middleware(anonymous_get())
    again = middleware(anonymous_get())
    conditional = middleware(anonymous_get(HTTP_IF_NONE_MATCH='"v1"'))

    assert first["RateLimit"] and again["X-Page-Cache"] == "hit"
    assert "RateLimit" not in again and again["ETag"] == '"v1"'
    assert conditional.status_code == 304 and conditional.content == b""


@pytest.mark.parametrize("credentials", [
    {"HTTP_AUTHORIZATION": "Bearer not-a-token"},
    {"HTTP_COOKIE": "sessionid=whatever"},
])
def test_a_request_with_credentials_or_a_session_reaches_the_view(moderator, credentials):
    Client().get("/api/v1/strategies")  # cached for anonymous visitors

    answer = Client().get("/api/v1/strategies", **credentials)

    assert "X-Page-Cache" not in answer


def test_health_and_responses_with_cookies_or_errors_are_not_stored(moderator):
    assert "X-Page-Cache" not in Client().get("/healthz")
    assert "X-Page-Cache" not in Client().get("/healthz")
    assert Client().get("/cs/strategie/999999/").status_code == 404
    assert "X-Page-Cache" not in Client().get("/cs/strategie/999999/")


def test_off_when_the_setting_is_zero(moderator, settings):
    settings.PAGE_CACHE_SECONDS = 0
    Client().get(CALLS)
    assert "X-Page-Cache" not in Client().get(CALLS)


def test_the_language_link_keeps_the_page_and_its_query(reference_data):
    page = Client().get("/cs/uzemi/544256/?tab=strategie").content.decode()
    assert 'href="/en/territory/544256/?tab=strategie" lang="en"' in page

    english = Client().get("/en/territory/544256/").content.decode()
    assert 'href="/cs/uzemi/544256/" lang="cs"' in english
