"""Copies of one text do not fill the first page (issue 13: "22 copies of one measure")."""

from __future__ import annotations

import pytest

from search.models import SearchEntry
from search.queries import search
from search.tests.conftest import put

pytestmark = pytest.mark.django_db

TEMPLATE = "Obec vysadí stromy v ulicích a obnoví stromořadí; 40 nových stromů ročně."


def test_copies_of_one_text_follow_the_other_results(tips):
    # 22 copies of one measure (the title names the town, a number differs) rank first by
    # themselves: they hold "stromy" in the title and twice in the body.
    for pk in range(1, 23):
        put(tips, pk, f"Stromy do ulic – obec {pk}", TEMPLATE.replace("40", str(pk)))
    put(tips, 30, "Park u nádraží", "Nový park se stromy a lavičkami.")
    put(tips, 31, "Zahrady u škol", "Školní zahrady se stromy a záhony.")
    put(tips, 32, "Zahrada", "Zahrada pro seniory; stromy a bylinky.")
    copy_keys = SearchEntry.objects.filter(title__startswith="Stromy do ulic").values_list(
        "copy_key", flat=True)
    assert len(set(copy_keys)) == 1

    first = search("stromy", page_size=10)
    assert first.count == 25
    is_copy = [item.title.startswith("Stromy do ulic") for item in first.items]
    # The best copy keeps its place; the other texts come before the second copy.
    assert is_copy[0] and is_copy[1:4] == [False, False, False] and all(is_copy[4:])
    assert {i.title for i in first.items[1:4]} == {"Park u nádraží", "Zahrady u škol",
                                                   "Zahrada"}
    # Every copy is still there, behind.
    later = [item.title for page in (2, 3) for item in search("stromy", page=page,
                                                               page_size=10).items]
    assert len(later) == 15 and all(title.startswith("Stromy do ulic") for title in later)
    # Without collapsing, the copies would have filled the first page.
    from search.backends import get_backend
    from search.query import parse_query

    ranked = get_backend().search(parse_query("stromy").clauses).rows
    assert len({row.copy_key for row in ranked[:10]}) == 1


def test_different_texts_are_not_copies(tips):
    put(tips, 1, "Stromy", "Obec vysadí stromy.")
    put(tips, 2, "Stromy", "Obec pokácí stromy.")
    keys = set(SearchEntry.objects.values_list("copy_key", flat=True))
    assert len(keys) == 2 and "" not in keys
