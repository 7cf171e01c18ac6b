"""Odd values in the wizard's hidden parameters are ignored, never a 500."""

from __future__ import annotations

import pytest

from .factories import make_intention


@pytest.mark.parametrize("year", ["²", "٢٠٢٦", "9" * 5000, "99999999", "-2026", "abc"])
def test_budget_step_ignores_a_grid_year_that_is_not_a_year(client, editor, year):
    intention = make_intention(editor, complete=False)
    client.force_login(editor)
    response = client.post(f"/en/intentions/{intention.pk}/edit/budget/",
                           {"version": "0", "grid_years": [year], "go": "stay"})
    assert response.status_code in (200, 302)
