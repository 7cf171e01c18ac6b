"""Names typed into accounts are normalised like every other text (issue 10, item 11):
control characters and NUL never reach the database (PostgreSQL refuses NUL)."""

from __future__ import annotations

from accounts.services import create_api_token


def test_user_and_token_names_lose_control_characters(make_user):
    user = make_user("jmeno@example.cz", full_name="Eva\x00 Edito\x1brová\x0b",
                     organisation="Město\x00 Písek")
    user.refresh_from_db()
    assert (user.full_name, user.organisation) == ("Eva Editorová", "Město Písek")
    token, _raw = create_api_token(user, "GIS\x00 systém\x1b")
    token.refresh_from_db()
    assert token.name == "GIS systém"
