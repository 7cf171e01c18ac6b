"""Closing deadlines of the calls a user follows: a section of the work queue
(`core.workqueue`) and a kind of e-mail notice posted once a day (`accounts.notifications`),
both for calls closing within WORKQUEUE_DEADLINE_DAYS."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts import notifications
from accounts.models import Frequency
from core import workqueue
from core.workqueue import Item

from . import queries
from .models import Call

DEADLINE = "deadline"


def _days_left(call: Call, today: dt.date) -> int:
    return (call.closes_on - today).days


def deadline_items(user: Any) -> list[Item]:
    today = dt.date.today()
    items = []
    for follow in queries.closing_follows(user, today):
        call = follow.call
        left = _days_left(call, today)
        items.append(Item(
            title=f"{call.identifier} {call.title}", url=call.get_absolute_url(),
            kind=gettext_lazy("funding call"), context=call.programme.name, when=call.closes_on,
            when_label=gettext_lazy("closes"),
            note=ngettext("%(days)d day left.", "%(days)d days left.", left) % {"days": left}
            if left else _("Closes today."),
            urgent=left <= 3))
    return items


def _notice_text(call: Call, today: dt.date) -> notifications.Render:
    def render() -> tuple[str, str, str]:
        left = _days_left(call, today)
        closes = notifications.when(call.closes_on)
        subject = _("The call %(call)s closes on %(date)s") % {"call": call.identifier,
                                                                "date": closes}
        lines = [f"{call.identifier} {call.title}",
                 _("Programme: %(name)s") % {"name": call.programme.name},
                 _("Closes on: %(date)s") % {"date": closes},
                 ngettext("%(days)d day left.", "%(days)d days left.", left) % {"days": left}
                 if left else _("Closes today.")]
        return subject, "\n".join(lines), call.get_absolute_url()
    return render


def post_deadline_notices(day: dt.date) -> int:
    """A notice to each follower of a call closing within WORKQUEUE_DEADLINE_DAYS, once per
    call and closing day (a call whose deadline moves is announced again)."""
    posted = 0
    for follow in queries.closing_follows(None, day).select_related("user"):
        call = follow.call
        notice = notifications.post(follow.user, DEADLINE,
                                    f"{DEADLINE}:{call.pk}:{call.closes_on.isoformat()}",
                                    _notice_text(call, day))
        if notice is not None:
            posted += 1
            notifications.send_if_immediate(notice)
    return posted


def _nothing_closes() -> str:
    days = settings.WORKQUEUE_DEADLINE_DAYS
    return ngettext("None of the calls you follow closes within the next %(days)d day.",
                    "None of the calls you follow closes within the next %(days)d days.",
                    days) % {"days": days}


def register() -> None:
    workqueue.register(workqueue.Section(
        key=DEADLINE, title=gettext_lazy("Closing deadlines of the calls I follow"),
        empty=lazy(_nothing_closes, str)(), items=deadline_items, order=30))
    notifications.register_kind(notifications.NoticeKind(
        DEADLINE, gettext_lazy("Closing deadlines of the calls I follow"),
        default=Frequency.IMMEDIATELY, order=30, daily=post_deadline_notices))
