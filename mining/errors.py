"""The one exception the mining pipeline raises for bad input."""

from __future__ import annotations


class MiningError(Exception):
    """A document cannot be mined; ``reason_cs``/``reason_en`` are shown to the user.

    ``code`` is a stable machine-readable tag (``empty``, ``executable``, ``encrypted``,
    ``damaged``, ``too_many_pages``, ``too_large``, ``bomb``, ``unsupported``) so the
    caller can count failures by cause without parsing the message.
    """

    def __init__(self, code: str, reason_cs: str, reason_en: str) -> None:
        super().__init__(f"{reason_cs} / {reason_en}")
        self.code = code
        self.reason_cs = reason_cs
        self.reason_en = reason_en

    @property
    def reason(self) -> str:
        """Both languages in one line, for logs and for a document's failure note."""
        return f"{self.reason_cs} / {self.reason_en}"
