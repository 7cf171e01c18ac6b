"""The permission rule of each funding record type (`accounts.permissions`).

Programmes and calls are a shared register: everyone reads them, moderators keep them; a
call's documents follow the call; a follow is its user's own.
"""

from __future__ import annotations

from accounts import permissions
from accounts.permissions import REGISTER, PartOf, Personal

from .models import Call, CallDocument, Follow, Programme


def register() -> None:
    permissions.register(Programme, REGISTER)
    permissions.register(Call, REGISTER)
    permissions.register(CallDocument, PartOf("call"))
    permissions.register(Follow, Personal("user"))
