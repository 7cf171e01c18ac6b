"""`{% work_queue_count as n %}`: how many items wait in the user's work queue (the header
shows it); the page's own queue reading is reused, so a page showing both reads it once."""

from __future__ import annotations

from django import template

from core import workqueue

register = template.Library()


@register.simple_tag(takes_context=True)
def work_queue_count(context) -> int:
    user = context.get("user")
    if user is None or not getattr(user, "is_authenticated", False):
        return 0
    return workqueue.count_for(user)
