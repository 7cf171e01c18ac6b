"""What every import of a structured file shares (a strategy's structure, funding calls):
one size limit (`settings.IMPORT_MAX_BYTES`) and the format told by the file's name."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def too_large(size: int) -> str | None:
    """Why a file of `size` bytes is refused, or None when it is within the limit."""
    limit = settings.IMPORT_MAX_BYTES
    if size <= limit:
        return None
    return _("The file is larger than %(mb)d MB.") % {"mb": limit // 2**20}


def guess_format(filename: str, formats: Sequence[str], default: str | None = None) -> str | None:
    """The format named by the file's extension when it is one of `formats` ("Strom.XLSX" →
    "xlsx"), else `default`."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    return extension if extension in formats else default


def read_upload(upload: Any, formats: Sequence[str], default: str) -> tuple[bytes, str]:
    """The bytes of an uploaded import file and its format (`default` for an extension not
    among `formats`); a file over the limit is refused before it is read."""
    problem = too_large(upload.size)
    if problem:
        raise ValidationError(problem, code="too_large")
    return upload.read(), guess_format(upload.name, formats, default) or default
