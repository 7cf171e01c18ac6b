"""Taking over a proposed structure is a merge: the editor's elements, indicators and links
survive, removals are explicit choices, history says what happened, and it can be undone."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from core.history import in_words
from core.models import HistoryEntry
from mining.models import Extraction
from strategies import merge, proposed_tree, queries, services
from strategies.models import Indicator, IndicatorValue, StructureNode

from .factories import make_strategy

PROPOSAL = [
    {"level": "priority", "code": "1", "title": "Doprava", "children": [
        # The editor's goal 1.1 — its title cut at the PDF's line break.
        {"level": "strategic_goal", "code": "", "title": "Bezpečná a udržitelná doprava",
         "children": [{"level": "measure", "code": "1.1.1", "title": "Cyklostezky",
                       "children": []}]},
        {"level": "strategic_goal", "code": "1.2", "title": "Chytré parkování",
         "children": []}]},
    {"level": "priority", "code": "2", "title": "Energie", "children": []},
]


@pytest.fixture
def editor(reference_data, make_member):
    return make_member("editor", "544256")


@pytest.fixture
def built(editor):
    """A hand-built tree: priority 1, goal 1.1 with an indicator and a measured value, and
    priority 9 the document does not contain (with an indicator of its own)."""
    strategy = make_strategy(editor, complete=False, valid_from=2021, valid_to=2030)
    priority = services.add_node(editor, strategy, kind="priority", code="1", title="Doprava")
    goal = services.add_node(editor, strategy, kind="goal", code="1.1", parent=priority,
                             title="Bezpečná a udržitelná doprava ve městě a okolí")
    indicator = services.add_indicator(editor, goal, name="Délka cyklostezek", unit="km",
                                       baseline_value=Decimal("8.5"), baseline_year=2020)
    services.set_indicator_value(editor, indicator, 2024, Decimal("12"))
    own = services.add_node(editor, strategy, kind="priority", code="9", title="Kultura")
    services.add_indicator(editor, own, name="Návštěvnost", unit="os.")
    return strategy


def _tree(strategy):
    return [(depth, item.node.code, item.node.title)
            for depth, item in queries.flatten(queries.structure_tree(strategy))]


def test_a_merge_adds_what_is_new_and_keeps_the_editors_work(editor, built):
    rows = proposed_tree.proposed_rows(PROPOSAL)
    plan = merge.plan(built, rows)
    assert [i.code for i in plan.kept] == ["1", "1.1"]  # by code; by a cut title
    assert [i.title for i in plan.added] == ["Cyklostezky", "Chytré parkování", "Energie"]
    assert [i.code for i in plan.only_current] == ["9"]
    assert plan.only_current[0].indicators == ["Návštěvnost"]

    merge.merge(editor, built, rows)
    tree = _tree(built)
    assert (1, "1.1", "Bezpečná a udržitelná doprava ve městě a okolí") in tree
    assert (2, "1.1.1", "Cyklostezky") in tree  # under the editor's goal
    assert (0, "9", "Kultura") in tree and (0, "2", "Energie") in tree
    indicator = Indicator.objects.get(name="Délka cyklostezek")
    assert indicator.node.code == "1.1" and indicator.values.get().value == Decimal("12")
    assert Indicator.objects.filter(name="Návštěvnost").exists()


def test_removing_is_an_explicit_choice_and_undo_brings_everything_back(editor, built):
    kultura = StructureNode.objects.get(code="9")
    before = _tree(built)
    record = merge.merge(editor, built, proposed_tree.proposed_rows(PROPOSAL),
                         remove={kultura.pk})
    assert not StructureNode.objects.filter(code="9").exists()
    assert not Indicator.objects.filter(name="Návštěvnost").exists()

    merge.undo(editor, record)
    assert _tree(built) == before
    assert Indicator.objects.get(name="Návštěvnost").node.code == "9"
    assert IndicatorValue.objects.get().value == Decimal("12")
    with pytest.raises(ValidationError):
        merge.undo(editor, record)  # once only


def test_an_element_in_the_proposal_cannot_be_removed_through_the_merge(editor, built):
    goal = StructureNode.objects.get(code="1.1")
    with pytest.raises(ValidationError):
        merge.merge(editor, built, proposed_tree.proposed_rows(PROPOSAL), remove={goal.pk})
    assert StructureNode.objects.filter(pk=goal.pk).exists()


def test_history_says_in_words_what_was_added_kept_and_removed(editor, built):
    kultura = StructureNode.objects.get(code="9")
    merge.merge(editor, built, proposed_tree.proposed_rows(PROPOSAL), remove={kultura.pk})
    entry = HistoryEntry.objects.filter(object_id=str(built.pk)).order_by("-id").first()
    with translation.override("cs"):
        words = in_words([entry], editor)[0]
        changes = {str(c.label).lower(): c for c in words.changes}
        added = changes[translation.gettext("elements added from the proposed structure")]
        removed = changes[translation.gettext("elements removed by the merge")]
        kept = changes[translation.gettext("elements of the structure kept")]
    assert "1.1.1 Cyklostezky" in added.added and "2 Energie" in added.added
    assert removed.removed == ["9 Kultura"]
    assert kept.new == "2"  # 1 and 1.1 matched; 9 removed


def test_the_page_previews_both_trees_and_the_merge_keeps_the_indicator(client, editor, built,
                                                                        settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    result = services.upload_document(editor, built, SimpleUploadedFile(
        "plan.txt", b"Strategie rozvoje obce, doprava a energie."))
    extraction = Extraction.objects.create(sha256=result.version.sha256, status="done",
                                           proposed_tree=PROPOSAL)
    client.force_login(editor)
    url = f"/cs/strategie/{built.pk}/struktura/prevzit/{extraction.pk}/"
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Chytré parkování" in body and "Návštěvnost" in body  # proposal; what may go
    assert f'name="remove" value="{StructureNode.objects.get(code="9").pk}"' in body
    built.refresh_from_db()  # the version the page showed
    response = client.post(url, {"version": str(built.version)})
    assert response.status_code == 302
    assert Indicator.objects.get(name="Délka cyklostezek").node.code == "1.1"
    assert StructureNode.objects.filter(title="Energie").exists()
    detail = client.get(built.get_absolute_url()).content.decode()
    with translation.override("cs"):
        assert translation.gettext("Undo the merge") in detail
