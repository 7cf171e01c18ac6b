"""The history page shows the change log only of record types that declare a visible
history, to those who may see it on the record's own page; a record id is never read as
the id of a territorial unit."""

from __future__ import annotations

import pytest
from django.apps import apps

from conftest import unit

# The record types whose pages show their change history.
DECLARED = {
    "strategies.strategy", "intentions.intention", "territory.territorialunit",
    "funding.call", "funding.programme", "concept.technology",
}

ROLES = {
    "anonymous": None,
    "registered": ("none", None),
    "editor": ("editor", "544256"),  # České Budějovice
    "coordinator": ("coordinator", "CZ031"),  # Jihočeský kraj
    "analyst": ("analyst", None),
    "moderator": ("moderator", None),
    "administrator": ("administrator", None),
}


@pytest.fixture
def records(reference_data, make_user, make_member, admin_user):
    """At least one row of most record types, made through the services."""
    from accounts.services import create_api_token
    from concept.services import load_vocabularies
    from funding.tests.factories import make_call
    from intentions.tests.factories import make_intention
    from strategies.tests.factories import make_strategy
    from territory.models import Kind
    from territory.services import create_group

    load_vocabularies()
    jihlava_editor = make_member("editor", "586846")
    make_strategy(jihlava_editor, owner_code="586846", title="Jihlavská strategie")
    make_intention(jihlava_editor, unit_code="586846", title="Jihlavský koncept")
    moderator = make_member("moderator")
    make_call(moderator)
    create_group(admin_user, kind=Kind.MAS, name="MAS Pod Kletí", members=[unit("544256")])
    create_api_token(jihlava_editor, "partner system")


@pytest.fixture
def users(records, users_in_roles):
    return users_in_roles(ROLES)


def _ids(model, extra: list[int]) -> list[str]:
    first = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
    return [str(i) for i in {first or 1, *extra}]


@pytest.mark.parametrize("role", list(ROLES))
def test_only_declared_record_types_answer_on_the_history_page(client, users, role):
    user = users[role]
    if user.is_authenticated:
        client.force_login(user)
    # Every id a user could type: an existing row, and the ids of the units they act for
    # (the old rule read a record's id as a unit id).
    unit_ids = [unit("544256").pk, unit("CZ031").pk]
    answered = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        for object_id in _ids(model, unit_ids):
            status = client.get(f"/cs/historie/{label}/{object_id}/").status_code
            assert status in (200, 403, 404), (label, object_id, status)
            if status == 200:
                answered.setdefault(label, []).append(object_id)
    assert set(answered) <= DECLARED, {k: v for k, v in answered.items() if k not in DECLARED}
    if role == "administrator":
        assert set(answered) == DECLARED


def test_a_record_id_equal_to_the_editors_unit_id_reveals_nothing(client, records,
                                                                  make_member):
    """The Jihlava editor asks for the history entry and the budget line whose ids equal
    their unit's id: a České Budějovice draft's trail and private budget stay hidden."""
    from core.models import HistoryEntry
    from intentions.models import BudgetLine
    from intentions.tests.factories import make_intention

    cb_editor = make_member("editor", "544256")
    draft = make_intention(cb_editor, title="Tajný budějovický koncept", budget_public=False)
    jihlava = unit("586846")
    entry = HistoryEntry.objects.filter(object_id=str(draft.pk),
                                        model_label="intentions.intention").first()
    HistoryEntry.objects.filter(pk=jihlava.pk).delete()
    HistoryEntry.objects.filter(pk=entry.pk).update(id=jihlava.pk)
    line = draft.budget.first()
    BudgetLine.objects.filter(pk=jihlava.pk).delete()
    BudgetLine.objects.filter(pk=line.pk).update(id=jihlava.pk)

    client.force_login(make_member("editor", "586846"))
    for label in ("core.historyentry", "intentions.budgetline"):
        response = client.get(f"/cs/historie/{label}/{jihlava.pk}/")
        assert response.status_code == 404
        assert "Tajný budějovický koncept" not in response.content.decode()
    assert client.get(f"/cs/historie/intentions.intention/{draft.pk}/").status_code == 404


def test_analysts_and_moderators_read_no_user_or_token_history(client, records, make_member):
    from accounts.models import ApiToken, User

    token = ApiToken.objects.first()
    for role in ("analyst", "moderator"):
        client.force_login(make_member(role))
        for label, pk in (("accounts.user", token.user_id), ("accounts.apitoken", token.pk)):
            response = client.get(f"/cs/historie/{label}/{pk}/")
            assert response.status_code == 404
            assert "partner system" not in response.content.decode()
    assert User.objects.filter(pk=token.user_id).exists()


def test_a_huge_or_odd_id_is_not_found(client, records, admin_user):
    client.force_login(admin_user)
    for object_id in ("99999999999999999999999999", "٣", "1.5"):
        url = f"/cs/historie/intentions.intention/{object_id}/"
        assert client.get(url).status_code == 404


def test_permission_check_refuses_a_target_that_is_neither_a_unit_nor_an_owned_record(
        records, make_member):
    from accounts.models import ApiToken
    from accounts.permissions import Action, can
    from core.models import HistoryEntry

    editor = make_member("editor", "544256")
    cb = unit("544256")
    entry = HistoryEntry.objects.first()
    HistoryEntry.objects.filter(pk=cb.pk).delete()
    HistoryEntry.objects.filter(pk=entry.pk).update(id=cb.pk)
    entry = HistoryEntry.objects.get(pk=cb.pk)
    for action in (Action.VIEW, Action.VIEW_UNPUBLISHED, Action.EDIT, Action.DELETE):
        assert not can(editor, action, entry)
        assert not can(make_member("analyst"), action, ApiToken.objects.first())
    assert can(editor, Action.EDIT, cb)  # a unit is still its own target
