"""Optimistic locking: a save names the version its editor loaded, and is refused with the
values saved meanwhile when the record has moved on, so no one overwrites an edit unseen.

Views show both versions side by side; the API answers 409 with them (``api.api``).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class EditConflict(ValidationError):
    """Someone saved the record after this editor loaded it; nothing was written.
    ``current`` holds the values saved meanwhile, to compare."""

    def __init__(self, current: dict[str, Any], message: str | None = None):
        super().__init__(
            message
            or _("Someone else has changed this record meanwhile. Your changes were not "
                 "saved; compare both versions below and save again."),
            code="conflict",
        )
        self.current = current
