from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.history import entries_for
from intentions import services
from intentions.models import Intention, Status
from intentions.queries import can_see_budget, visible_intentions
from strategies.tests.factories import make_strategy
from strategies.tests.factories import publish as publish_strategy
from territory.models import TerritorialUnit

from .factories import make_intention, publish


def unit(code):
    return TerritorialUnit.objects.get(code=code)


def test_create_computes_budget_progress_and_completeness(editor):
    intention = make_intention(editor)
    intention.refresh_from_db()
    assert intention.status == Status.DRAFT
    assert intention.budget_total == Decimal("12500000.00")
    assert isinstance(intention.budget_total, Decimal)
    assert intention.progress == 50  # mean of the activities: 100 and 0
    assert intention.completeness >= 80
    assert entries_for(intention).first().action == "create"


def test_editor_cannot_create_for_another_municipality(editor):
    with pytest.raises(PermissionDenied):
        make_intention(editor, unit_code="586846")
    assert Intention.objects.count() == 0


def test_the_kraj_coordinator_may_edit_a_partner_only_sees(editor, make_member):
    intention = make_intention(editor, partner_units=[unit("549240")])
    partner_editor = make_member("editor", "549240")
    coordinator = make_member("coordinator", "CZ031")
    outsider = make_member("editor", "586846")
    services.answer_partnership(partner_editor, intention.partnerships.get(), accept=True)
    with pytest.raises(PermissionDenied):
        services.save_step(partner_editor, intention, "basics", {"goals": "Nové cíle"},
                           expected_version=0)
    services.save_step(coordinator, intention, "basics", {"goals": "Cíle kraje"},
                       expected_version=0)
    with pytest.raises(PermissionDenied):
        services.save_step(outsider, intention, "basics", {"goals": "x"}, expected_version=1)
    intention.refresh_from_db()
    assert intention.goals == "Cíle kraje"
    assert intention in visible_intentions(partner_editor)
    assert intention not in visible_intentions(outsider)


def test_save_step_keeps_pending_input_and_records_history(editor):
    intention = make_intention(editor, complete=False)
    services.save_step(editor, intention, "budget", {"start_date": dt.date(2026, 1, 1)},
                       expected_version=0, pending={"total_cost": "12 mil"})
    intention.refresh_from_db()
    assert intention.start_date == dt.date(2026, 1, 1)
    assert intention.pending_input == {"budget": {"total_cost": "12 mil"}}
    assert intention.step_versions == {"budget": 1}
    entry = entries_for(intention).first()
    assert entry.changes["start_date"] == [None, "2026-01-01"]
    services.save_step(editor, intention, "budget", {"total_cost": Decimal("1000")},
                       expected_version=1)
    intention.refresh_from_db()
    assert intention.pending_input == {}


def test_two_editors_on_the_same_step_get_a_conflict_not_a_lost_change(editor, make_member):
    colleague = make_member("editor", "544256")
    intention = make_intention(editor, complete=False)
    services.save_step(editor, intention, "basics", {"problem": "Verze A"}, expected_version=0)
    with pytest.raises(services.EditConflict) as error:
        services.save_step(colleague, intention, "basics", {"problem": "Verze B"},
                           expected_version=0)
    assert error.value.current["problem"] == "Verze A"
    intention.refresh_from_db()
    assert intention.problem == "Verze A"
    # Different steps never clash.
    services.save_step(colleague, intention, "outputs",
                       {"outputs": [{"name": "Počet uživatelů", "target": Decimal(10)}]},
                       expected_version=0)
    assert intention.outputs.count() == 1


def test_api_update_checks_the_whole_record_version(editor):
    intention = make_intention(editor)
    stale = intention.version
    services.update_intention(editor, intention, {"goals": "A"}, expected_version=stale)
    with pytest.raises(services.EditConflict):
        services.update_intention(editor, intention, {"goals": "B"}, expected_version=stale)


def test_bad_input_changes_nothing(editor):
    intention = make_intention(editor)
    before = intention.budget_total
    with pytest.raises(ValidationError) as error:
        services.save_step(editor, intention, "budget", {
            "budget": [(2026, "own", Decimal("-5")), (2026, "nonsense", Decimal(1))],
            "total_cost": "abc"}, expected_version=0)
    assert set(error.value.message_dict) == {"budget", "total_cost"}
    intention.refresh_from_db()
    assert intention.budget_total == before
    assert intention.budget.count() == 3
    with pytest.raises(ValidationError):
        services.save_step(editor, intention, "budget", {"budget": [(2026, "own", 0.5)]},
                           expected_version=0)


def test_submission_requires_the_mandatory_part(editor, moderator):
    from django.utils import translation

    intention = make_intention(editor, total_cost=Decimal("1"))
    with pytest.raises(ValidationError) as error, translation.override("en"):
        services.submit_intention(editor, intention)
    assert any("adds up to" in m for m in error.value.messages)
    intention.refresh_from_db()
    assert intention.status == Status.DRAFT
    services.save_step(editor, intention, "budget", {"total_cost": Decimal("12500000")},
                       expected_version=0)
    services.submit_intention(editor, intention)
    intention.refresh_from_db()
    assert intention.status == Status.SUBMITTED and intention.submitted_at


def test_lifecycle_and_who_may_do_what(editor, moderator, make_member):
    intention = make_intention(editor)
    with pytest.raises(PermissionDenied):
        services.publish_intention(editor, intention)
    services.submit_intention(editor, intention)
    with pytest.raises(ValidationError):
        services.save_step(editor, intention, "basics", {"goals": "x"}, expected_version=0)
    services.return_intention(moderator, intention, "Doplňte partnery.")
    intention.refresh_from_db()
    assert intention.status == Status.RETURNED and intention.review_comment
    services.submit_intention(editor, intention)
    coordinator = make_member("coordinator", "CZ031")
    services.publish_intention(coordinator, intention)
    services.start_implementation(editor, intention)
    services.complete_intention(editor, intention)
    intention.refresh_from_db()
    assert intention.status == Status.COMPLETED
    assert intention.published_at and intention.started_at and intention.completed_at
    with pytest.raises(ValidationError):
        services.cancel_intention(editor, intention)
    actions = [e.action for e in entries_for(intention)]
    assert actions.count("submit") == 2 and "publish" in actions and "return" in actions


def test_visibility_and_budget_privacy(editor, moderator, make_member, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    analyst = make_member("analyst")
    draft = make_intention(editor, title="Koncept")
    submitted = make_intention(editor, title="Podaný")
    services.submit_intention(editor, submitted)
    public = publish(moderator, make_intention(editor, title="Zveřejněný",
                                               budget_public=False))
    anonymous = AnonymousUser()
    assert list(visible_intentions(anonymous)) == [public]
    assert set(visible_intentions(analyst)) == {submitted, public}
    assert set(visible_intentions(editor)) == {draft, submitted, public}
    assert not can_see_budget(anonymous, public)
    assert can_see_budget(analyst, public) and can_see_budget(editor, public)


def test_links_only_to_measures_of_own_and_parent_strategies(editor, moderator, make_member,
                                                             admin_user):
    from strategies import services as strategy_services

    national = publish_strategy(moderator, make_strategy(
        admin_user, owner_code="CZ", title="Koncepce", level="national",
        valid_from=2021, valid_to=2030))
    own = make_strategy(editor, title="Smart strategie", valid_from=2021, valid_to=2025,
                        parents=[national])
    foreign_editor = make_member("editor", "586846")
    foreign = make_strategy(foreign_editor, owner_code="586846", title="Cizí")
    node = {}
    for strategy in (national, own, foreign):
        node[strategy.title] = strategy_services.add_node(
            strategy.created_by, strategy,
            kind="measure", title=f"Opatření {strategy.title}")
    intention = make_intention(editor, strategy_nodes=[node["Smart strategie"],
                                                       node["Koncepce"]])
    assert intention.strategy_nodes.count() == 2
    with pytest.raises(ValidationError):
        services.save_step(editor, intention, "classification",
                           {"strategy_nodes": [node["Cizí"]]}, expected_version=0)
    # The own strategy is valid only to 2025; the project runs 2026–2027.
    from intentions.queries import completeness_report

    warnings = [c for c in completeness_report(intention).problems
                if c.code.startswith("node_valid")]
    assert len(warnings) == 1 and "Smart strategie" in warnings[0].message


def test_activity_progress_rolls_up(editor):
    intention = make_intention(editor)
    activity = intention.activities.get(title="Výměna svítidel")
    services.set_activity_progress(editor, activity, 50)
    intention.refresh_from_db()
    assert intention.progress == 75
    with pytest.raises(ValidationError):
        services.set_activity_progress(editor, activity, 120)


def test_delete_only_unpublished(editor, moderator):
    draft = make_intention(editor)
    services.delete_intention(editor, draft)
    assert not Intention.objects.filter(pk=draft.pk).exists()
    public = publish(moderator, make_intention(editor))
    with pytest.raises(ValidationError):
        services.delete_intention(editor, public)


def test_the_fiche_check_reads_what_the_detail_page_prefetched(editor, django_assert_num_queries):
    from intentions.queries import completeness_report, fiche_data, intention_detail

    intention = make_intention(editor)
    fresh = Intention.objects.get(pk=intention.pk)
    shown = intention_detail(editor, intention.pk)
    with django_assert_num_queries(0):
        prefetched = fiche_data(shown)
    assert prefetched == fiche_data(fresh)  # the same snapshot, fetched the other way
    assert completeness_report(shown).score == intention.completeness
