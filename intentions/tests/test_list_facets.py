"""The intentions list renders for everyone who can see a fresh intention — one without a
main area, dates or budget, as every intention starts at /cs/zamery/nova/ (issue 10,
item 10)."""

from __future__ import annotations

from django.urls import reverse

from intentions import queries
from intentions.models import Intention

from .factories import make_intention, publish


def test_a_new_intention_without_a_main_area_does_not_break_the_list(
        client, editor, moderator, make_member, admin_user):
    publish(moderator, make_intention(editor, title="Hotový záměr"))
    client.force_login(editor)
    response = client.post(reverse("intentions:create"),
                           {"title": "Čerstvý záměr", "lead_unit": Intention.objects.first()
                            .lead_unit.code})
    assert response.status_code == 302
    fresh = Intention.objects.get(title="Čerstvý záměr")
    assert fresh.main_area is None and fresh.start_date is None
    coordinator = make_member("coordinator", "CZ031")
    for user in (editor, coordinator, moderator, admin_user):
        client.force_login(user)
        page = client.get(reverse("intentions:list"))
        assert page.status_code == 200, user
        assert "Čerstvý záměr" in page.content.decode() or user == moderator
    client.force_login(editor)
    facets = queries.facet_counts(queries.visible_intentions(editor), editor)
    assert [c for c, _label, _n in facets["pillar"]] == ["B"]
    assert [c for c, _label, _n in facets["year"]] == ["2026"]
