"""A territorial unit's page shows its strategies (the section strategies registers with
territory): those the visitor may see, and the key areas they cover."""

from __future__ import annotations

import re

from django.utils import translation
from django.utils.translation import gettext

from concept.models import KeyArea

from .factories import make_strategy, publish


def coverage(html: str) -> dict[str, str]:
    """{area code: "covered" / "uncovered"} from the page's coverage list."""
    return {code: state for state, code in
            re.findall(r'<li class="(covered|uncovered)"><a href="[^"]*">([A-Z0-9]+)</a>', html)}


def test_the_unit_page_lists_the_strategies_a_visitor_may_see(client, reference_data,
                                                              make_member):
    editor = make_member("editor", "544256")
    moderator = make_member("moderator")
    published = make_strategy(editor, title="Chytré Budějovice 2030",
                              areas=[KeyArea.objects.get(code="C4")])
    publish(moderator, published)
    make_strategy(editor, title="Rozpracovaná koncepce")

    html = client.get("/cs/uzemi/544256/").content.decode()
    assert "Chytré Budějovice 2030" in html and "Rozpracovaná koncepce" not in html
    assert re.search(r'id="strategies-heading">[^<]*<span class="muted">\(1\)</span>', html)
    areas = coverage(html)
    assert areas["C4"] == "covered" and areas["A1"] == "uncovered"
    assert len(areas) == KeyArea.objects.count()

    client.force_login(editor)
    html = client.get("/cs/uzemi/544256/").content.decode()
    assert "Chytré Budějovice 2030" in html and "Rozpracovaná koncepce" in html
    assert re.search(r'id="strategies-heading">[^<]*<span class="muted">\(2\)</span>', html)


def test_a_unit_without_strategies_says_so(client, reference_data):
    html = client.get("/cs/uzemi/549240/").content.decode()
    with translation.override("cs"):
        assert gettext("No strategy of this unit is in the registry yet.") in html
    assert re.search(r'id="strategies-heading">[^<]*<span class="muted">\(0\)</span>', html)
    assert 'class="coverage"' not in html
