"""The work queue: what waits for a user, gathered from the sections registered here.

A section lists one kind of pending item for a user. The portal registers two over every
workflow declared in `core.workflow` (submissions the user may review, the user's records
returned with a comment), funding registers the closing deadlines of followed calls, and a
section with tasks assigned to people (the working groups) registers its own the same way:

    workqueue.register(workqueue.Section(
        key="tasks", title=gettext_lazy("Tasks assigned to me"),
        empty=gettext_lazy("No task is assigned to you."), items=my_tasks, order=40))

`items(user)` returns the user's items, most urgent first, read the way the section's own
pages read them (scoped by the permission rules). The queue page, the dashboard and the count
in the header show every registered section; nothing here knows a record type.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

Message = str | Promise


@dataclass(frozen=True)
class Item:
    """One thing waiting for the user."""

    title: str
    url: str
    kind: Message = ""  # what it is ("strategy", "funding call" …)
    context: str = ""  # where it belongs (its units, its programme …)
    when: dt.date | dt.datetime | None = None  # since when it waits, or when it is due
    when_label: Message = ""  # "submitted", "returned", "closes" …
    by: str = ""  # who handed it over (the submitter, the reviewer who returned it)
    note: str = ""  # what the user should know (the reviewer's comment)
    note_label: Message = ""  # what the note is ("The reviewer's comment")
    urgent: bool = False


@dataclass(frozen=True)
class Section:
    key: str
    title: Message
    empty: Message  # said when the section has nothing for the user
    items: Callable[[Any], list[Item]]
    order: int = 100


_sections: dict[str, Section] = {}


def register(section: Section) -> None:
    """Add a section to everybody's work queue (replacing one with the same key)."""
    _sections[section.key] = section


def sections() -> list[Section]:
    return sorted(_sections.values(), key=lambda s: (s.order, s.key))


@dataclass(frozen=True)
class Shown:
    section: Section
    items: list[Item]

    @property
    def count(self) -> int:
        return len(self.items)


def queue_for(user: Any) -> list[Shown]:
    """Every section with the user's items; computed once per user object (a page shows
    the queue and the count in its header from the same reading)."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_smart_work_queue", None)
    if cached is not None:
        return cached
    shown = [Shown(section, list(section.items(user))) for section in sections()]
    user._smart_work_queue = shown
    return shown


def count_for(user: Any) -> int:
    return sum(s.count for s in queue_for(user))


def forget(user: Any) -> None:
    """Drop the queue read for this user object (after the user acted on an item)."""
    if hasattr(user, "_smart_work_queue"):
        del user._smart_work_queue
