"""One visibility rule for intentions: the detail page, the API and the history page agree
for every role and every state (an analyst read drafts through the history page)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from intentions import services
from intentions.queries import visible_intentions

from .factories import make_intention, publish

ROLES = {
    "anonymous": None,
    "registered": ("none", None),
    "lead editor": ("editor", "544256"),  # České Budějovice leads
    "partner editor": ("editor", "549240"),  # Písek, a confirmed partner
    "invited editor": ("editor", "586846"),  # Jihlava, invited, no answer yet
    "declined editor": ("editor", "582786"),  # Brno, declined
    "lead coordinator": ("coordinator", "CZ031"),
    "other coordinator": ("coordinator", "CZ064"),
    "analyst": ("analyst", None),
    "moderator": ("moderator", None),
    "administrator": ("administrator", None),
}


@pytest.fixture
def intentions(editor, moderator, make_member):
    from conftest import unit

    partner_units = [unit("549240"), unit("586846"), unit("582786")]
    made = {}
    for state in ("draft", "submitted", "returned", "published", "cancelled", "deleted"):
        intention = make_intention(editor, title=f"Záměr {state}", partner_units=partner_units)
        made[state] = intention
    answers = {"549240": True, "582786": False}
    answerers = {code: make_member("editor", code) for code in answers}
    for intention in made.values():
        for partnership in intention.partnerships.select_related("unit"):
            if partnership.unit.code in answers:
                services.answer_partnership(answerers[partnership.unit.code], partnership,
                                            accept=answers[partnership.unit.code])
    services.submit_intention(editor, made["submitted"])
    services.submit_intention(editor, made["returned"])
    services.return_intention(moderator, made["returned"], "Doplňte rozpočet.")
    publish(moderator, made["published"])
    services.cancel_intention(editor, made["cancelled"], "Nebude.")
    services.delete_intention(editor, made["deleted"])
    return made


@pytest.fixture
def users(intentions, users_in_roles):
    return users_in_roles(ROLES)


# Who sees a draft: its own units (lead, partners, invited) and the administrator only.
SEE_DRAFT = {"lead editor", "partner editor", "invited editor", "lead coordinator",
             "administrator"}


@pytest.mark.parametrize("role", list(ROLES))
def test_detail_api_and_history_agree(client, intentions, users, role):
    user = users[role]
    if user.is_authenticated:
        client.force_login(user)
    visible = set(visible_intentions(user).values_list("pk", flat=True))
    for state, intention in intentions.items():
        detail = client.get(reverse("intentions:detail", kwargs={"pk": intention.pk}))
        api = client.get(f"/api/v1/intentions/{intention.pk}")
        history = client.get(f"/cs/historie/intentions.intention/{intention.pk}/")
        where = (role, state)
        assert detail.status_code in (200, 404), where
        assert api.status_code == detail.status_code, where
        assert (detail.status_code == 200) == (intention.pk in visible), where
        if detail.status_code == 404:
            assert history.status_code == 404, where
        else:
            shows_history = 'id="history-heading"' in detail.content.decode()
            assert history.status_code == (200 if shows_history else 403), where
        if state == "draft":
            assert (detail.status_code == 200) == (role in SEE_DRAFT), where
    if role in ("analyst", "moderator"):
        assert intentions["draft"].pk not in visible
        assert intentions["submitted"].pk in visible
