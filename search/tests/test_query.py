"""The query parser is pure: no database."""

from __future__ import annotations

import pytest

from search.query import QueryError, parse_query


def kinds(text):
    return [(clause.kind, clause.alternatives[0] if clause.alternatives else clause.prefix)
            for clause in parse_query(text).clauses]


def test_words_become_index_keys():
    assert kinds("Doprava a zeleň") == [("term", ("doprav",)), ("term", ("zelen",))]
    assert kinds("dopravě") == kinds("doprava") == kinds("doprave")


def test_phrases_and_prefixes():
    assert kinds('"veřejná doprava" cyklo*') == [("phrase", ("verejn", "doprav")),
                                                 ("prefix", "cykl")]
    assert kinds("„plán rozvoje“") == [("phrase", ("plan", "rozvoj"))]
    assert kinds('"doprava"') == [("term", ("doprav",))]
    assert kinds("školy*") == [("prefix", "skol")]


def test_english_alternative():
    clause = parse_query("strategies").clauses[0]
    assert ("strategy",) in clause.alternatives


@pytest.mark.parametrize("text", ["", "   ", "a v na", ",.;!?", '"a"', "***"])
def test_nothing_searchable(text):
    with pytest.raises(QueryError):
        parse_query(text)


def test_limits():
    with pytest.raises(QueryError):
        parse_query("x" * 400)
    with pytest.raises(QueryError):
        parse_query(" ".join(f"slovo{n}" for n in range(20)))
    with pytest.raises(QueryError):
        parse_query("ab*")


def test_keys_are_plain_alphanumerics():
    for clause in parse_query('" OR 1=1 -- {tags}: pub doprava\':* NEAR(a b)').clauses:
        for alternative in clause.alternatives:
            assert all(key.isalnum() for key in alternative)
