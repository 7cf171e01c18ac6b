"""API authentication, one mechanism for the whole API.

A caller is identified by a personal token (`Authorization: Bearer smart_…`) or by the
browser session; otherwise it is anonymous. Every operation reads with `read_auth` (the API's
default): a valid token or session sees what its user may see, no credentials mean the public
view, and a bad token is a 401 rather than a silent fall back to anonymous. Operations that
change data declare `auth=write_auth`: a token with the write scope, or a session with a
valid CSRF token; a read-only token is refused with 403. An operation with a changing method
(POST, PUT, PATCH, DELETE) that declares no `auth=` gets `write_auth` too (see
`api.api.PlatformAPI`), unless it is listed in `api.api.READ_ONLY_CHANGES`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, AuthorizationError
from ninja.security.base import AuthBase
from ninja.security.http import HttpBearer
from ninja.utils import check_csrf

from accounts.services import TokenRefused, token_for_key

READ, WRITE = "read", "write"


class TokenAuth(HttpBearer):
    """A personal API token; refused with 401 when unknown, revoked or expired, and with
    403 when it lacks the operation's scope."""

    openapi_description = ("A personal API token (create one on the API tokens page of your "
                           "account): `Authorization: Bearer smart_…`. A token has the scope "
                           "`read` or `read write` and an expiry; changes need `write`.")

    def __init__(self, scope: str) -> None:
        self.scope = scope
        super().__init__()

    @property
    def security_requirement(self) -> dict[str, list[str]]:
        return {type(self).__name__: [self.scope]}

    def __call__(self, request: HttpRequest) -> Any:
        value = request.headers.get(self.header)
        if not value:
            return None
        scheme, _space, key = value.partition(" ")
        if scheme.lower() != "bearer":
            raise AuthenticationError(401, _("Send the API token as Authorization: Bearer "
                                             "<token>."))
        return self.authenticate(request, key.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        try:
            found = token_for_key(token)
        except TokenRefused as refused:
            raise AuthenticationError(401, str(refused)) from None
        if not found.allows(self.scope):
            raise AuthorizationError(403, _("This token may only read; writing needs a token "
                                            "with the scope “read and write”."))
        request.user = found.user
        request.api_token = found  # type: ignore[attr-defined]
        return found.user


class SessionAuth(AuthBase):
    """The signed-in browser session (the cookie Django sets at login); a change also
    needs the CSRF token, as every form does."""

    openapi_type = "apiKey"
    openapi_in = "cookie"
    openapi_name = settings.SESSION_COOKIE_NAME
    openapi_description = ("The browser session after signing in on the site; a change also "
                           "needs the CSRF token in the header X-CSRFToken.")

    def __init__(self, csrf: bool) -> None:
        self.csrf = csrf
        super().__init__()

    @property
    def security_requirement(self) -> dict[str, list[str]]:
        return {type(self).__name__: []}

    def __call__(self, request: HttpRequest) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if self.csrf and check_csrf(request) is not None:
            raise AuthorizationError(403, _("CSRF check failed: a change made with the browser "
                                            "session needs the CSRF token (header X-CSRFToken)."
                                            " Other systems use an API token instead."))
        return user


class Anonymous:
    """No credentials: the public view (the last alternative for reads)."""

    security_requirement: dict[str, list[str]] = {}

    def __call__(self, request: HttpRequest) -> Any:
        return request.user  # AnonymousUser: truthy, so ninja lets the request through


# Alternatives in order; the first that recognises the request decides.
read_auth = [TokenAuth(READ), SessionAuth(csrf=False), Anonymous()]
write_auth = [TokenAuth(WRITE), SessionAuth(csrf=True)]
