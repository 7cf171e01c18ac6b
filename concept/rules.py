"""The permission rule of each concept record type (`accounts.permissions`): the Smart
Cities Concept's pillars and key areas, the SDGs and the technologies are a shared register
everyone reads and moderators keep."""

from __future__ import annotations

from accounts import permissions
from accounts.permissions import REGISTER

from .models import KeyArea, Pillar, Sdg, Technology


def register() -> None:
    for model in (Pillar, KeyArea, Sdg, Technology):
        permissions.register(model, REGISTER)
