"""The shape every completeness check shares: a list of checks, each saying what is missing,
mandatory ones blocking the submission for review. Record types write their own checks
(intentions, strategies) as pure functions over a snapshot of the record."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError


@dataclass(frozen=True)
class Check:
    code: str
    ok: bool
    mandatory: bool
    message: str  # what is missing or wrong (shown when not ok)
    weight: int = 1
    step: str = ""  # where the editor fixes it (a step of the intention wizard), if anywhere


@dataclass
class Report:
    checks: list[Check]

    @property
    def score(self) -> int:
        total = sum(c.weight for c in self.checks)
        passed = sum(c.weight for c in self.checks if c.ok)
        return round(100 * passed / total) if total else 0

    @property
    def problems(self) -> list[Check]:
        return [c for c in self.checks if not c.ok]

    @property
    def blocking(self) -> list[Check]:
        return [c for c in self.checks if not c.ok and c.mandatory]

    @property
    def can_submit(self) -> bool:
        return not self.blocking

    def require(self, heading: str) -> None:
        """Refuse (ValidationError code "incomplete") with the heading and every mandatory
        check that fails."""
        if self.blocking:
            raise ValidationError([heading, *(c.message for c in self.blocking)],
                                  code="incomplete")
