"""The shared input checks: record ids, links, and where a form may send the user back."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.test import RequestFactory

from core.models import HistoryEntry
from core.validators import MAX_ID, is_safe_link, parse_id, safe_next, validate_link


@pytest.mark.parametrize("value, expected", [
    ("1", 1), ("42", 42), (7, 7), (str(MAX_ID), MAX_ID),
    ("0", None), ("-1", None), ("abc", None), ("", None), (" 5", None), ("5.0", None),
    ("²", None), ("١٢", None), (str(MAX_ID + 1), None), ("9" * 30, None), (10**30, None),
    (True, None), (None, None), (["1"], None),
])
def test_parse_id_accepts_only_ids_a_record_can_have(value, expected):
    assert parse_id(value) == expected


@pytest.mark.parametrize("link", ["https://www.c-budejovice.cz/strategie",
                                  "http://example.cz/a?b=c#d", "HTTPS://EXAMPLE.CZ"])
def test_http_links_are_kept(link):
    assert validate_link(f"  {link} ") == link
    assert is_safe_link(link)


@pytest.mark.parametrize("link", [
    "javascript:alert(1)", "JavaScript:alert(document.cookie)", " javascript:alert(1)",
    "java\tscript:alert(1)", "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox", "ftp://example.cz/file", "//evil.example/x", "www.example.cz",
    "https://", "https://exa mple.cz", 42,
])
def test_other_links_are_refused(link):
    with pytest.raises(ValidationError) as refused:
        validate_link(link)
    assert refused.value.code == "invalid_link"


def test_empty_link_is_no_link_and_long_links_are_refused():
    assert validate_link("") == "" and validate_link(None) == "" and validate_link("  ") == ""
    with pytest.raises(ValidationError):
        validate_link("https://example.cz/" + "x" * 200)


@pytest.mark.parametrize("stored", ["javascript:alert(1)", " javascript:alert(1)",
                                    "\x01javascript:alert(1)", "data:text/html,x", ""])
def test_a_bad_stored_link_is_rendered_as_text(stored):
    html = Template("{% load links %}[{{ value|link_href }}]").render(
        Context({"value": stored}))
    assert html == "[]"


def test_a_good_stored_link_is_rendered():
    html = Template("{% load links %}{{ value|link_href }}").render(
        Context({"value": "https://example.cz/?a=1&b=2"}))
    assert html == "https://example.cz/?a=1&amp;b=2"


@pytest.mark.parametrize("target, expected", [
    ("/cs/strategie/1/#passage-3", "/cs/strategie/1/#passage-3"),
    ("https://testserver/cs/", "https://testserver/cs/"),
    ("https://evil.example/x", "/"), ("//evil.example/x", "/"), ("/\\evil.example/x", "/"),
    ("\\\\evil.example", "/"), ("javascript:alert(1)", "/"), ("", "/"), (None, "/"),
    ("http:///evil.example", "/"),
])
def test_safe_next_keeps_the_user_on_this_site(target, expected):
    request = RequestFactory().post("/", secure=True)
    assert safe_next(request, target) == expected


@pytest.mark.django_db
def test_in_lookup_with_numbers_no_column_holds_finds_nothing_instead_of_crashing():
    entry = HistoryEntry.objects.create(model_label="x.y", object_id="1", object_repr="x",
                                        action="create")
    assert list(HistoryEntry.objects.filter(pk__in=[10**30])) == []
    assert list(HistoryEntry.objects.filter(pk__in=[10**30, entry.pk, -(10**30)])) == [entry]
    assert HistoryEntry.objects.exclude(pk__in=[10**30]).count() == 1
