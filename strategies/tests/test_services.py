from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import unit
from core.models import HistoryEntry
from core.workflow import ReviewState
from strategies import queries, services
from strategies.models import DocumentVersion, Strategy

from .factories import make_strategy, publish


@pytest.fixture
def editor(reference_data, make_member):
    return make_member("editor", "544256")


@pytest.fixture
def coordinator(reference_data, make_member):
    return make_member("coordinator", "CZ031")


@pytest.fixture
def moderator(reference_data, make_member):
    return make_member("moderator")


def test_editor_creates_for_own_unit_only(editor):
    strategy = make_strategy(editor, valid_from=2021, valid_to=2027)
    assert strategy.state == ReviewState.DRAFT
    assert [u.code for u in strategy.owners.all()] == ["544256"]
    with pytest.raises(PermissionDenied):
        make_strategy(editor, owner_code="549240")
    assert Strategy.objects.count() == 1


def test_invalid_strategy_reports_fields_and_writes_nothing(editor):
    with pytest.raises(ValidationError) as error:
        make_strategy(editor, title=" ", valid_from=2027, valid_to=2021)
    assert {"title", "valid_to"} <= set(error.value.message_dict)
    assert Strategy.objects.count() == 0
    assert not HistoryEntry.objects.filter(model_label="strategies.strategy").exists()


def test_second_save_of_a_stale_version_is_refused(editor, coordinator):
    strategy = make_strategy(editor)
    data = services.StrategyData(title="Verze editora", owners=[unit("544256")],
                                 level="municipal", strategy_type="smart_city")
    services.update_strategy(editor, strategy, data, expected_version=1)
    data.title = "Verze koordinátora"
    with pytest.raises(services.EditConflict) as conflict:
        services.update_strategy(coordinator, strategy, data, expected_version=1)
    assert conflict.value.current["title"] == "Verze editora"
    strategy.refresh_from_db()
    assert strategy.title == "Verze editora"


def test_workflow_submit_return_fix_resubmit_publish(editor, coordinator, moderator):
    strategy = make_strategy(editor)
    assert not strategy.is_public
    services.submit_strategy(editor, strategy)
    with pytest.raises(ValidationError):
        services.return_strategy(coordinator, strategy, "  ")
    services.return_strategy(coordinator, strategy, "Doplňte indikátory.")
    strategy.refresh_from_db()
    assert (strategy.state, strategy.review_comment) == (ReviewState.RETURNED, "Doplňte indikátory.")
    with pytest.raises(PermissionDenied):
        services.publish_strategy(editor, strategy)
    services.submit_strategy(editor, strategy)
    services.publish_strategy(moderator, strategy)
    strategy.refresh_from_db()
    assert strategy.is_public and strategy.review_comment == ""
    actions = list(HistoryEntry.objects.filter(object_id=str(strategy.pk),
                                               model_label="strategies.strategy")
                   .order_by("at", "id").values_list("action", flat=True))
    assert actions == ["create", "submit", "return", "submit", "publish"]


def test_a_strategy_under_review_cannot_be_changed(editor, coordinator):
    # Its own tree only (the element below makes it complete enough to submit).
    strategy = make_strategy(editor, complete=False, summary="Doprava a energie.",
                             valid_from=2021, valid_to=2030)
    node = services.add_node(editor, strategy, kind="priority", title="Doprava")
    services.submit_strategy(editor, strategy)
    strategy.refresh_from_db()
    data = services.StrategyData(title="Jiný název", owners=list(strategy.owners.all()),
                                 level=strategy.level, strategy_type=strategy.strategy_type)
    for change in (
        lambda: services.update_strategy(editor, strategy, data, strategy.version),
        lambda: services.add_node(editor, strategy, kind="priority", title="Energie"),
        lambda: services.delete_node(editor, node),
        lambda: services.upload_document(editor, strategy, SimpleUploadedFile(
            "plan.txt", b"Strategie rozvoje obce.")),
    ):
        with pytest.raises(ValidationError) as refused:
            change()
        assert refused.value.code == "under_review"
    strategy.refresh_from_db()
    assert strategy.title != "Jiný název" and strategy.nodes.count() == 1
    assert not DocumentVersion.objects.filter(document__strategy=strategy).exists()
    services.return_strategy(coordinator, strategy, "Doplňte energii.")
    services.add_node(editor, strategy, kind="priority", title="Energie")  # returned: editable
    assert strategy.nodes.count() == 2


def test_drafts_are_visible_only_to_those_allowed(editor, coordinator, moderator, make_member,
                                                  make_user):
    from django.contrib.auth.models import AnonymousUser

    draft = make_strategy(editor)
    published = publish(moderator, make_strategy(editor, title="Veřejná"))
    other_editor = make_member("editor", "586846")
    analyst = make_member("analyst")
    for user, expected in [
        (AnonymousUser(), {published.pk}), (make_user(), {published.pk}),
        (other_editor, {published.pk}), (editor, {draft.pk, published.pk}),
        (coordinator, {draft.pk, published.pk}), (analyst, {draft.pk, published.pk}),
        (make_member("coordinator", "CZ063"), {published.pk}),
    ]:
        assert set(queries.visible_strategies(user).values_list("pk", flat=True)) == expected


def test_soft_delete_and_restore_by_administrator(editor, admin_user):
    strategy = make_strategy(editor)
    services.delete_strategy(editor, strategy)
    assert not Strategy.objects.filter(pk=strategy.pk).exists()
    with pytest.raises(PermissionDenied):
        services.restore_strategy(editor, strategy.pk)
    services.restore_strategy(admin_user, strategy.pk)
    assert Strategy.objects.filter(pk=strategy.pk).exists()


def test_tree_building_moving_and_guarding_levels(editor):
    strategy = make_strategy(editor, complete=False)  # its own tree only
    vision = services.add_node(editor, strategy, kind="vision", title="Vize", code="V")
    first = services.add_node(editor, strategy, kind="priority", title="Doprava", code="1",
                              parent=vision)
    second = services.add_node(editor, strategy, kind="priority", title="Energie", code="2",
                               parent=vision)
    goal = services.add_node(editor, strategy, kind="goal", title="Cyklostezky", code="1.1",
                             parent=first)
    with pytest.raises(ValidationError):
        services.add_node(editor, strategy, kind="priority", title="X", parent=goal)
    services.move_node(editor, second, parent=vision, position=0)
    tree = queries.structure_tree(strategy)
    assert [c.node.code for c in tree[0].children] == ["2", "1"]
    services.move_node(editor, goal, parent=second)
    tree = queries.structure_tree(strategy)
    assert [c.node.code for c in tree[0].children[0].children] == ["1.1"]
    with pytest.raises(ValidationError):
        services.move_node(editor, vision, parent=goal)


def test_indicator_progress_rolls_up(editor):
    strategy = make_strategy(editor, complete=False)  # its own tree only
    priority = services.add_node(editor, strategy, kind="priority", title="Doprava")
    measure = services.add_node(editor, strategy, kind="measure", title="Cyklostezky",
                                parent=priority)
    indicator = services.add_indicator(editor, measure, name="Délka", unit="km",
                                       baseline_value=Decimal("10"), baseline_year=2021,
                                       target_value=Decimal("30"), target_year=2027)
    services.set_indicator_value(editor, indicator, 2023, Decimal("15"))
    services.set_indicator_value(editor, indicator, 2024, Decimal("20"))
    tree = queries.structure_tree(strategy)
    assert tree[0].children[0].progress == pytest.approx(0.5)
    assert tree[0].progress == pytest.approx(0.5)


def test_stale_node_edit_is_refused(editor):
    strategy = make_strategy(editor)
    node = services.add_node(editor, strategy, kind="priority", title="A")
    services.update_node(editor, node, expected_version=1, kind="priority", title="B")
    with pytest.raises(services.EditConflict):
        services.update_node(editor, node, expected_version=1, kind="priority", title="C")
    node.refresh_from_db()
    assert node.title == "B"


PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def test_document_versions_and_re_upload_recognised(editor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    strategy = make_strategy(editor)
    first = services.upload_document(editor, strategy, SimpleUploadedFile("a.pdf", PDF),
                                     part="proposal", title="Návrhová část")
    document = first.version.document
    assert (first.version.number, first.version.file_type) == (1, "pdf")
    same = services.upload_document(editor, strategy, SimpleUploadedFile("b.pdf", PDF),
                                    document=document)
    assert same.version.pk == first.version.pk  # identical to the current version: no new one
    second = services.upload_document(editor, strategy,
                                      SimpleUploadedFile("c.txt", "Nová verze textu".encode()),
                                      document=document)
    assert second.version.number == 2
    again = services.upload_document(editor, strategy, SimpleUploadedFile("d.pdf", PDF),
                                     part="annex")
    assert again.duplicate_of.pk == first.version.pk
    assert again.version.file.name == first.version.file.name  # stored once
    assert DocumentVersion.objects.count() == 3


@pytest.mark.parametrize("content", [
    b"",
    b"MZ\x90\x00" + b"\x00" * 200,
    b"\x00\x01\x02\x03\xff\xfe" * 50,
], ids=["empty", "executable", "unknown-binary"])
def test_non_documents_are_refused_and_nothing_is_stored(editor, settings, tmp_path, content):
    settings.MEDIA_ROOT = tmp_path
    strategy = make_strategy(editor)
    with pytest.raises(ValidationError) as error:
        services.upload_document(editor, strategy, SimpleUploadedFile("x.pdf", content))
    assert "file" in error.value.message_dict
    assert strategy.documents.count() == 0
    assert not any(tmp_path.rglob("*"))


def test_upload_size_limit(editor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.UPLOAD_MAX_BYTES = 1000
    strategy = make_strategy(editor)
    with pytest.raises(ValidationError):
        services.upload_document(editor, strategy,
                                 SimpleUploadedFile("big.txt", b"slovo " * 500))
    assert strategy.documents.count() == 0


def test_facets_and_filters(editor, moderator, make_member):
    make_strategy(editor, title="Smart Budějovice", valid_from=2020, valid_to=2030,
                  status="valid")
    publish(moderator, Strategy.objects.get(title="Smart Budějovice"))
    jihlava_editor = make_member("editor", "586846")
    publish(moderator, make_strategy(jihlava_editor, owner_code="586846",
                                     title="Strategický plán Jihlavy",
                                     strategy_type="strategic_plan", valid_from=2015,
                                     valid_to=2020, status="expired"))
    everyone = queries.visible_strategies(None)
    by = lambda **kw: [s.title for s in queries.filter_strategies(  # noqa: E731
        everyone, queries.StrategyFilters(**kw))]
    assert by(kraj="CZ031") == ["Smart Budějovice"]
    assert by(search="budejovice") == ["Smart Budějovice"]
    assert by(valid_in=2018) == ["Strategický plán Jihlavy"]
    assert by(strategy_type="strategic_plan") == ["Strategický plán Jihlavy"]
    assert by(smart=True) == ["Smart Budějovice"]
    assert by(orp="302") == ["Smart Budějovice"]
    facets = queries.facet_counts(everyone)
    assert ("CZ031", "Jihočeský kraj", 1) in facets["kraj"]
