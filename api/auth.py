"""API authentication: personal tokens (`Authorization: Bearer smart_…`) for writes."""

from __future__ import annotations

from ninja.security import HttpBearer

from accounts.services import user_for_token


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


token_auth = TokenAuth()
