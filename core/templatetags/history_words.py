"""`{% history_in_words entries as readable %}`: history entries with their changes in words
(core.history.in_words) for the user viewing the page."""

from __future__ import annotations

from django import template

from core.history import EntryInWords, in_words

register = template.Library()


@register.simple_tag(takes_context=True)
def history_in_words(context, entries) -> list[EntryInWords]:
    user = context.get("user")
    if user is None and context.get("request") is not None:
        user = context["request"].user
    return in_words(entries or [], user)
