"""The budget step shows running totals — per year and in all — against the total cost
while the editor types (with every background save), not only at the final check."""

from __future__ import annotations

import re

import pytest

from intentions.tests.factories import make_intention

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"


def totals(html: str) -> str:
    found = re.search(r'<div id="budget-totals".*?</div>', html, re.S)
    assert found, "the running totals are on the page"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", found.group(0))).replace(NBSP, " ")


def test_the_step_and_each_background_save_show_the_sums_and_the_mismatch(client, editor):
    # The factory's budget: 2026 own 2.5 M + EU 5 M, 2027 EU 5 M = 12.5 M of 12.5 M.
    intention = make_intention(editor)
    client.force_login(editor)
    url = f"/en/intentions/{intention.pk}/edit/budget/"

    page = client.get(url).content.decode()
    assert "adds up to 12 500 000 Kč (2026: 7 500 000 Kč; 2027: 5 000 000 Kč)" in totals(page)
    assert "It matches the total cost." in totals(page)

    typed = {"version": str(intention.step_versions.get("budget", 0)),
             "start_date": "2026-03-01", "end_date": "2027-11-30", "readiness": "documentation",
             "total_cost": "14 000 000", "b_2026_own": "2 500 000", "b_2026_eu": "5 000 000",
             "b_2027_eu": "5 000 000", "b_2027_own": "toto není částka"}
    saved = client.post(url, typed, HTTP_HX_REQUEST="true").content.decode()
    assert 'id="budget-totals" class="budget-totals" role="status" hx-swap-oob="true"' in saved
    assert "1 500 000 Kč of the total cost is not divided by year and source yet" in \
        totals(saved)

    typed |= {"total_cost": "10 000 000", "version": str(int(typed["version"]) + 1)}
    over = client.post(url, typed, HTTP_HX_REQUEST="true").content.decode()
    assert "The budget exceeds the total cost by 2 500 000 Kč." in totals(over)
