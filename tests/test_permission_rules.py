"""Permissions by type: every record type has one rule in `accounts.permissions`, an object of
a type without one is refused, the set forms scope lists exactly like `can`, and the
workflow asks its four-eyes question through the same port as every other permission."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError

from accounts import permissions
from accounts.permissions import Action, can, rule_for, visible_q
from conftest import unit
from core import access

# Models no URL, API route or page addresses by an id or code (and what reaches them
# instead). Every other model of the project's apps must have a rule: the history page alone
# takes any model's label and id (/cs/historie/<label>/<id>/), so every model is reachable
# from a URL.
WITHOUT_RULE = {
    "core.historyentry": "the change log: read through the record it belongs to",
    "core.tasklease": "the worker's bookkeeping of running tasks",
    "search.searchentry": "the search index: found by a query, each result links its record",
    "search.searchterm": "the search index's vocabulary",
    "search.indexstate": "the version the search index was built with",
    "api.ratewindow": "the API's request counters per client and time window",
    "accounts.notificationsettings": "the signed-in user's own settings, never by id",
    "accounts.notice": "e-mails the worker sends; no page shows one",
    "accounts.noticerun": "the worker's log of its daily runs",
}


def _project_models():
    """The concrete models of the project's own apps (those at the top of the repository)."""
    base = Path(settings.BASE_DIR).resolve()
    return [model for model in apps.get_models()
            if Path(apps.get_app_config(model._meta.app_label).path).resolve().parent == base]


def test_every_record_type_of_the_project_has_a_rule():
    models = _project_models()
    labels = {model._meta.label_lower for model in models}
    assert {"strategies.strategy", "intentions.intention", "funding.call",
            "mining.passage", "territory.territorialunit"} <= labels  # the walk sees them
    missing = sorted(model._meta.label_lower for model in models
                     if rule_for(model) is None
                     and model._meta.label_lower not in WITHOUT_RULE)
    assert missing == []


def test_every_model_addressed_by_the_history_page_or_an_id_in_a_route_is_covered():
    """The models behind the routes that take an id or a code (pages and API) have rules."""
    from accounts.models import ApiToken, Membership
    from concept.models import KeyArea, Pillar, Technology
    from funding.models import Call, Follow, Programme
    from intentions.models import Intention, Partnership
    from mining.models import Extraction, Passage
    from strategies.models import (
        DocumentVersion,
        Indicator,
        Strategy,
        StrategyDocument,
        StructureNode,
    )
    from territory.models import TerritorialUnit

    for model in (TerritorialUnit, Pillar, KeyArea, Technology, Strategy, StructureNode,
                  Indicator, StrategyDocument, DocumentVersion, Intention, Partnership, Call,
                  Programme, Follow, Extraction, Passage, Membership, ApiToken):
        assert rule_for(model) is not None, model


@dataclass
class LooksOwned:
    """Answers what an owned record answers, but its type declared no rule."""

    owner: object
    is_public: bool = True

    def permission_units(self):
        return [self.owner]


def test_an_object_whose_type_has_no_rule_is_refused_even_to_an_administrator(
        reference_data, admin_user, make_member):
    from core.models import HistoryEntry

    editor = make_member("editor", "544256")
    look_alike = LooksOwned(unit("544256"))
    entry = HistoryEntry(model_label="strategies.strategy", object_id="1")
    for action in Action:
        if action in permissions.GLOBAL_ACTIONS:
            continue  # about the whole platform: the target plays no part
        for user in (admin_user, editor):
            assert not can(user, action, look_alike), (action, user)
            assert not can(user, action, entry), (action, user)
            assert not can(user, action, object()), (action, user)
    with pytest.raises(LookupError):
        visible_q(admin_user, HistoryEntry)


ROLES = {
    "anonymous": None,
    "registered": ("none",),
    "editor": ("editor", "544256"),  # České Budějovice
    "partner editor": ("editor", "549240"),  # Písek, a confirmed partner
    "invited editor": ("editor", "586846"),  # Jihlava, invited
    "coordinator": ("coordinator", "CZ031"),
    "other coordinator": ("coordinator", "CZ064"),
    "analyst": ("analyst",),
    "moderator": ("moderator",),
    "administrator": ("administrator",),
}


@pytest.fixture
def people(vocabularies, users_in_roles):
    return users_in_roles(ROLES)


@pytest.fixture
def records(people):
    """Strategies and intentions in every review state, one intention with a private
    budget and partners (Písek confirmed, Jihlava invited), made through the services."""
    from intentions import services as intention_services
    from intentions.tests.factories import make_intention
    from intentions.tests.factories import publish as publish_intention
    from strategies import services as strategy_services
    from strategies.tests.factories import make_strategy
    from strategies.tests.factories import publish as publish_strategy

    editor, moderator = people["editor"], people["moderator"]
    strategies = {state: make_strategy(editor, title=f"Strategie {state}")
                  for state in ("draft", "submitted", "published", "deleted")}
    strategy_services.submit_strategy(editor, strategies["submitted"])
    publish_strategy(moderator, strategies["published"])
    strategy_services.delete_strategy(editor, strategies["deleted"])
    make_strategy(people["other coordinator"], owner_code="CZ064",
                  title="Jihomoravská strategie")

    partners = [unit("549240"), unit("586846")]
    intentions = {}
    for state, public_budget in (("draft", True), ("submitted", False),
                                 ("published", False), ("public budget", True)):
        intentions[state] = make_intention(editor, title=f"Záměr {state}",
                                           budget_public=public_budget,
                                           partner_units=partners)
    for intention in intentions.values():
        for partnership in intention.partnerships.filter(unit__code="549240"):
            intention_services.answer_partnership(people["partner editor"], partnership,
                                                  accept=True)
    intention_services.submit_intention(editor, intentions["submitted"])
    publish_intention(moderator, intentions["published"])
    publish_intention(moderator, intentions["public budget"])
    return ({name: type(s).all_objects.get(pk=s.pk) for name, s in strategies.items()},
            {name: type(i).all_objects.get(pk=i.pk) for name, i in intentions.items()})


@pytest.mark.parametrize("role", list(ROLES))
def test_lists_show_exactly_what_can_allows(people, records, role):
    """`visible_q` and `budget_visible_q` are the set forms of `can(VIEW)` and
    `can(VIEW_BUDGET)`: for every role the rows of a list are the records `can` lets the
    user see, and the budgets shown are those `can` lets the user see."""
    from intentions.models import Intention
    from strategies.models import Strategy

    user = people[role]
    for model in (Strategy, Intention):
        rows = set(model.objects.filter(visible_q(user, model)))
        allowed = {record for record in model.objects.all() if can(user, Action.VIEW, record)}
        assert rows == allowed, (model, role)
    seen = Intention.objects.filter(visible_q(user, Intention))
    budgets = set(seen.filter(permissions.budget_visible_q(user, Intention)))
    assert budgets == {i for i in seen if can(user, Action.VIEW_BUDGET, i)}, role


def test_who_sees_an_unpublished_intention_and_a_private_budget(people, records):
    _strategies, intentions = records
    draft, submitted = intentions["draft"], intentions["submitted"]
    published = intentions["published"]  # budget not public

    def sees(role, intention, action=Action.VIEW):
        return can(people[role], action, intention)

    assert {r for r in ROLES if sees(r, draft)} == {
        "editor", "partner editor", "invited editor", "coordinator", "administrator"}
    assert {r for r in ROLES if sees(r, submitted)} == {
        "editor", "partner editor", "invited editor", "coordinator", "analyst", "moderator",
        "administrator"}
    assert all(sees(r, published) for r in ROLES)
    assert {r for r in ROLES if sees(r, published, Action.VIEW_BUDGET)} == {
        "editor", "partner editor", "invited editor", "coordinator", "analyst", "moderator",
        "administrator"}
    line = published.budget.first()
    assert not can(people["anonymous"], Action.VIEW, line)  # a part asks for the budget
    assert can(people["partner editor"], Action.VIEW, line)
    assert can(people["anonymous"], Action.VIEW, intentions["public budget"].budget.first())


def test_parts_follow_the_record_they_belong_to(people, records):
    from strategies import services as strategy_services

    strategies, intentions = records
    draft = strategies["draft"]
    node = strategy_services.add_node(people["editor"], draft, kind="priority",
                                      title="Doprava")
    assert can(people["editor"], Action.EDIT, node)
    assert can(people["coordinator"], Action.EDIT, node)
    assert not can(people["other coordinator"], Action.EDIT, node)
    assert can(people["analyst"], Action.VIEW, node)
    assert not can(people["analyst"], Action.EDIT, node)
    assert not can(people["anonymous"], Action.VIEW, node)
    activity = intentions["draft"].activities.first()
    assert can(people["editor"], Action.EDIT, activity)
    assert not can(people["analyst"], Action.VIEW, activity)  # a draft's part stays private


def test_registers_are_read_by_everyone_and_kept_by_moderators(people):
    from concept.models import KeyArea, Technology
    from funding.tests.factories import make_call

    call = make_call(people["moderator"])
    for record in (call, call.programme, Technology.objects.first(),
                   KeyArea.objects.first()):
        assert can(people["anonymous"], Action.VIEW, record)
        assert can(people["moderator"], Action.EDIT, record)
        assert can(people["administrator"], Action.DELETE, record)
        for role in ("editor", "coordinator", "analyst", "registered"):
            assert not can(people[role], Action.EDIT, record), role
            assert not can(people[role], Action.DELETE, record), role


def test_a_users_own_rows_are_theirs_and_the_administrators(people):
    from accounts.models import ApiToken
    from accounts.services import create_api_token
    from funding import services as funding_services
    from funding.tests.factories import make_call

    editor = people["editor"]
    token, _raw = create_api_token(editor, "partner system")
    follow = funding_services.follow(editor, call=make_call(people["moderator"]))
    membership = editor.memberships.get()
    for record in (token, follow, editor):
        assert can(editor, Action.VIEW, record) and can(editor, Action.DELETE, record)
        assert can(people["administrator"], Action.DELETE, record)
        for role in ("anonymous", "registered", "partner editor", "coordinator", "analyst",
                     "moderator"):
            assert not can(people[role], Action.VIEW, record), (record, role)
    assert can(editor, Action.VIEW, membership)
    assert not can(editor, Action.DELETE, membership)  # administrators grant and revoke
    assert can(people["administrator"], Action.DELETE, membership)
    for role in ROLES:
        user = people[role]
        listed = set(ApiToken.objects.filter(visible_q(user, ApiToken)))
        assert listed == {t for t in ApiToken.objects.all() if can(user, Action.VIEW, t)}


def test_the_workflow_asks_the_four_eyes_rule_through_the_permission_port(
        people, records, monkeypatch):
    """One port: a connected rule set that allows every review but refuses by the four-eyes
    rule stops a publication; accounts' own rules answer the same question."""
    from strategies import services as strategy_services

    strategies, _intentions = records
    submitted = strategies["submitted"]
    editor, moderator = people["editor"], people["moderator"]
    assert access.review_refusal(editor, submitted)  # the submitter: four eyes
    assert access.review_refusal(moderator, submitted) is None

    monkeypatch.setattr(access, "_rules", [access.Rules(
        can=lambda user, action, target: True,
        review_refusal=lambda user, record: "Někdo jiný.")])
    with pytest.raises(ValidationError) as refused:
        strategy_services.publish_strategy(moderator, submitted)
    assert refused.value.code == access.FOUR_EYES
    submitted.refresh_from_db()
    assert submitted.state == "submitted"

    monkeypatch.setattr(access, "_rules", [])  # nothing connected: nobody reviews
    assert access.review_refusal(moderator, submitted)
    with pytest.raises(ValidationError):
        access.require_review(moderator, submitted)


def test_a_strategy_page_lists_the_parents_its_viewer_may_see(client, people):
    """Parents follow the one rule for seeing a strategy, like the strategies implementing
    it: the editor sees the own draft they linked, a visitor only published parents."""
    from strategies.tests.factories import make_strategy
    from strategies.tests.factories import publish as publish_strategy

    editor = people["editor"]
    draft_parent = make_strategy(editor, title="Koncepce mobility (rozpracovaná)")
    published_parent = publish_strategy(people["moderator"], make_strategy(
        editor, title="Koncepce energetiky"))
    child = publish_strategy(people["moderator"], make_strategy(
        editor, title="Akční plán", parents=[draft_parent, published_parent]))
    client.force_login(editor)
    page = client.get(child.get_absolute_url()).content.decode()
    assert "Koncepce mobility (rozpracovaná)" in page and "Koncepce energetiky" in page
    client.logout()
    page = client.get(child.get_absolute_url()).content.decode()
    assert "Koncepce energetiky" in page
    assert "Koncepce mobility (rozpracovaná)" not in page
