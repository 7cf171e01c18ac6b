"""Snippets of a page of results: pure functions, no database."""

from __future__ import annotations

from search.query import parse_query
from search.snippets import highlight, highlight_page

PAGE = [
    ("Veřejný transport: dotace transportu <b>města</b> & obcí.", "cs"),
    ("Public transport for smart cities.", "en"),
    ("Zeleň v parcích; nic dalšího.", "cs"),
    ("Cyklostezky a cyklistická doprava; transportní síť.", "cs"),
]


def test_each_text_is_marked_in_its_own_language_and_escaped():
    parsed = parse_query("transport")
    snippets = [str(s) for s in highlight_page(PAGE, parsed.keys, parsed.prefixes)]
    assert snippets[0] == ("Veřejný <mark>transport</mark>: dotace <mark>transportu</mark> "
                           "&lt;b&gt;města&lt;/b&gt; &amp; obcí.")
    assert snippets[1] == "Public <mark>transport</mark> for smart cities."
    assert snippets[2] == "Zeleň v parcích; nic dalšího."  # no match: the text as it starts
    # "cities" is "city" only to the English lemmatiser.
    parsed = parse_query("city")
    snippets = [str(s) for s in highlight_page(PAGE, parsed.keys, parsed.prefixes)]
    assert snippets[1] == "Public transport for smart <mark>cities</mark>."


def test_a_page_marks_what_each_text_alone_would():
    for query in ("transport", "city", "cyklo*", "doprava zeleň"):
        parsed = parse_query(query)
        page = highlight_page(PAGE, parsed.keys, parsed.prefixes)
        alone = [highlight(text, parsed.keys, parsed.prefixes, language)
                 for text, language in PAGE]
        assert page == alone
    parsed = parse_query("cyklo*")
    assert "<mark>Cyklostezky</mark> a <mark>cyklistická</mark>" in highlight_page(
        PAGE, parsed.keys, parsed.prefixes)[3]
