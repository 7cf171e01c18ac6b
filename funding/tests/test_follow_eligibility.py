"""Following respects eligibility: the new calls in a followed area that the dashboard lists
are those the user's units may apply to, by the matching's own rules (applicant type, size,
territory) — a Vysočina-only call is news to a Jihlava editor, not to a České Budějovice
editor; nationwide readers (analysts) see every call."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from concept.models import KeyArea
from funding import matching, services
from funding.queries import applicants_of, call_profile, followed_news, for_list
from funding.tests.factories import make_call
from territory.models import TerritorialUnit

CB, JIHLAVA, ORP_PISEK = "544256", "586846", "400"


@pytest.fixture
def people(vocabularies, users_in_roles):
    return users_in_roles({
        "editor_cb": ("editor", CB), "editor_jihlava": ("editor", JIHLAVA),
        "coordinator": ("coordinator", "CZ031"), "analyst": ("analyst",),
        "moderator": ("moderator",)})


@pytest.fixture
def calls(people):
    moderator = people["moderator"]

    def territory(*codes):
        return list(TerritorialUnit.objects.filter(code__in=codes))

    return {
        "vysocina": make_call(moderator, identifier="KV-1", title="Vysočina: chytré obce",
                              territories=territory("CZ063")),
        "jihocesky": make_call(moderator, identifier="JCK-1", title="Jihočeský kraj: chytré obce",
                               territories=territory("CZ031")),
        "nationwide": make_call(moderator, identifier="IROP-1", title="Celostátní výzva"),
        "orp_pisek": make_call(moderator, identifier="ORP-400", title="Výzva pro ORP Písek",
                               territories=territory(ORP_PISEK)),
        "small": make_call(moderator, identifier="MALE-1", title="Jen pro malé obce",
                           max_population=3000),
    }


def news_titles(user) -> set[str]:
    return {call.identifier for call in followed_news(user).new_calls}


def follow_area(*users) -> None:
    area = KeyArea.objects.get(code="B2")  # make_call's calls are in B2
    for user in users:
        services.follow(user, area=area)


def test_new_calls_in_followed_areas_are_those_the_users_units_may_apply_to(people, calls):
    follow_area(*people.values())
    assert news_titles(people["editor_cb"]) == {"JCK-1", "IROP-1"}
    assert news_titles(people["editor_jihlava"]) == {"KV-1", "IROP-1"}
    # A kraj coordinator acts for the kraj and every unit inside it: an ORP of the kraj and
    # its small municipalities may apply.
    assert news_titles(people["coordinator"]) == {"JCK-1", "IROP-1", "ORP-400", "MALE-1"}
    assert news_titles(people["analyst"]) == {"KV-1", "JCK-1", "IROP-1", "ORP-400", "MALE-1"}


def test_the_dashboard_lists_no_call_the_editor_cannot_apply_to(client, people, calls):
    follow_area(people["editor_cb"])
    client.force_login(people["editor_cb"])
    html = client.get(reverse("portal:dashboard")).content.decode()
    assert "Jihočeský kraj: chytré obce" in html
    assert "Vysočina: chytré obce" not in html and "Jen pro malé obce" not in html


def test_the_rule_is_the_matching_s_own(people, calls):
    """`may_apply` is exactly the hard conditions `score` applies to an intention."""
    today = dt.date.today()
    for user in (people["editor_cb"], people["editor_jihlava"]):
        for applicant in applicants_of(user):
            for call in for_list(type(calls["nationwide"]).objects.all()):
                profile = call_profile(call)
                intention = matching.IntentionProfile(
                    main_area="B2", other_areas=frozenset(),
                    applicant_type=applicant.applicant_type, population=applicant.population,
                    territory=applicant.territory, budget_total=0, readiness="ready")
                assert matching.may_apply(applicant, profile) == \
                    matching.score(intention, profile, today).eligible, call.identifier
