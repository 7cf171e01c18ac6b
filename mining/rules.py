"""The permission rule of each mining record type (`accounts.permissions`): a processed file
answers to the records holding it (rule `HELD`: whoever may see one follows its
processing, whoever may edit one corrects how its passages are classified); a passage
follows its file."""

from __future__ import annotations

from accounts import permissions
from accounts.permissions import HELD, PartOf

from .models import Extraction, Passage


def register() -> None:
    permissions.register(Extraction, HELD)
    permissions.register(Passage, PartOf("extraction"))
