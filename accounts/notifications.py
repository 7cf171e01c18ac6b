"""E-mail notices of what waits for a user: the same events as the work queue (a submission
to review, a record returned for changes, a followed call about to close, and what other
sections register), each sent at once, gathered in a daily digest or not at all, as the user
chooses per kind (`NotificationSettings`, the account's notification page).

Nothing here runs inside a request. A workflow transition queues a task on commit
(`accounts.tasks`); the worker finds the recipients by the permission rules, posts a
`Notice` per recipient in the recipient's language and sends those wanted at once. Once a
day `daily_run` lets each kind post its daily notices (the closing deadlines) and sends the
digests: a standing worker starts it when NOTICES_DAILY_HOUR has come (the first worker to
claim the day runs it), or cron runs `manage.py send_notices`.

A section adds a kind of notice with `register_kind` and posts with `post`:

    notifications.register_kind(notifications.NoticeKind(
        "task", gettext_lazy("Tasks assigned to me"), order=40))
    notice = notifications.post(user, "task", f"task:{task.pk}", render)
    notifications.send_if_immediate(notice)
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core import workflow

from .models import Frequency, Notice, NoticeRun, NotificationSettings, Role, User
from .permissions import reviewers, submitter_id

log = logging.getLogger(__name__)

Message = str | Promise
# What a notice says, written in the recipient's language: (subject, body, path of the page).
Render = Callable[[], tuple[str, str, str]]

REVIEW, RETURNED = "review", "returned"


@dataclass(frozen=True)
class NoticeKind:
    key: str
    label: Message  # for the settings page: what the user hears of
    default: str = Frequency.IMMEDIATELY
    order: int = 100
    # Posts this kind's notices once a day (e.g. deadlines); returns how many it posted.
    daily: Callable[[dt.date], int] | None = None


_kinds: dict[str, NoticeKind] = {}


def register_kind(kind: NoticeKind) -> None:
    _kinds[kind.key] = kind


def kinds() -> list[NoticeKind]:
    return sorted(_kinds.values(), key=lambda k: (k.order, k.key))


register_kind(NoticeKind(REVIEW, gettext_lazy("Submissions waiting for my review"), order=10))
register_kind(NoticeKind(RETURNED, gettext_lazy("My submissions returned for changes"),
                         order=20))


# --- the user's choices -----------------------------------------------------------------------

def settings_of(user: Any) -> NotificationSettings | None:
    if not getattr(user, "pk", None):
        return None
    return NotificationSettings.objects.filter(user_id=user.pk).first()


def frequency(user: Any, kind: str, chosen: NotificationSettings | None = None) -> str:
    chosen = chosen or settings_of(user)
    value = (chosen.frequencies.get(kind) if chosen else None) or ""
    if value in Frequency.values:
        return value
    known = _kinds.get(kind)
    return known.default if known else Frequency.IMMEDIATELY


def language_of(user: Any, chosen: NotificationSettings | None = None) -> str:
    chosen = chosen or settings_of(user)
    languages = {code for code, _name in settings.LANGUAGES}
    if chosen and chosen.language in languages:
        return chosen.language
    return settings.LANGUAGE_CODE


def absolute(path: str) -> str:
    return path if "://" in path else f"{settings.SITE_URL}{path}"


# --- posting and sending ---------------------------------------------------------------------

def post(user: Any, kind: str, key: str, render: Render) -> Notice | None:
    """The user's notice about `key` (posted once: a task run again finds it), written in
    the user's language; None when the user does not want this kind or cannot get mail."""
    if not user.is_active or not user.email:
        return None
    chosen = settings_of(user)
    how = frequency(user, kind, chosen)
    if how == Frequency.OFF:
        return None
    existing = Notice.objects.filter(user=user, key=key).first()
    if existing is not None:
        return existing
    with translation.override(language_of(user, chosen)):
        subject, body, path = render()
    try:
        with transaction.atomic():
            return Notice.objects.create(user=user, kind=kind, key=key[:200],
                                         subject=str(subject)[:300], body=str(body),
                                         url=absolute(path)[:500], frequency=how)
    except IntegrityError:  # posted meanwhile by another run
        return Notice.objects.filter(user=user, key=key).first()


def _settings_url(language: str) -> str:
    with translation.override(language):
        return absolute(reverse("accounts:notifications"))


def _claim(ids: list[int]) -> int:
    """Mark the notices sent before sending them, so that two runs never send one twice;
    `_release` undoes it when the mail could not be sent."""
    return Notice.objects.filter(pk__in=ids, sent_at__isnull=True).update(
        sent_at=timezone.now())


def _release(ids: list[int]) -> None:
    Notice.objects.filter(pk__in=ids).update(sent_at=None)


def send_now(notice: Notice) -> bool:
    """Send one notice by itself; False when it was sent already."""
    if not _claim([notice.pk]):
        return False
    user = notice.user
    language = language_of(user)
    with translation.override(language):
        text = render_to_string("accounts/email/notice.txt", {
            "notice": notice, "settings_url": _settings_url(language)})
        subject = _("SMART platform: %(subject)s") % {"subject": notice.subject}
    try:
        send_mail(subject[:250], text, None, [user.email])
    except Exception:
        _release([notice.pk])
        raise
    return True


def send_if_immediate(notice: Notice | None) -> bool:
    if notice is None or notice.frequency != Frequency.IMMEDIATELY or notice.sent_at:
        return False
    return send_now(notice)


def send_digests() -> int:
    """One e-mail per user with every notice not sent yet (the digest, and immediate ones
    whose sending failed); notices of a kind the user has since switched off are dropped.
    Returns the number of e-mails sent."""
    pending: dict[int, list[Notice]] = defaultdict(list)
    for notice in Notice.objects.filter(sent_at__isnull=True).select_related("user"):
        pending[notice.user_id].append(notice)
    sent = 0
    for notices in pending.values():
        user = notices[0].user
        chosen = settings_of(user)
        dropped = [n.pk for n in notices if frequency(user, n.kind, chosen) == Frequency.OFF]
        Notice.objects.filter(pk__in=dropped).delete()
        notices = [n for n in notices if n.pk not in dropped]
        if not notices or not user.is_active or not user.email:
            continue
        ids = [n.pk for n in notices]
        if _claim(ids) != len(ids):  # another run is sending them
            continue
        language = language_of(user, chosen)
        with translation.override(language):
            text = render_to_string("accounts/email/digest.txt", {
                "notices": notices, "settings_url": _settings_url(language)})
            subject = ngettext("SMART platform: %(count)d notice of the day",
                               "SMART platform: %(count)d notices of the day",
                               len(notices)) % {"count": len(notices)}
        try:
            send_mail(subject, text, None, [user.email])
        except Exception:
            _release(ids)
            log.exception("could not send the digest to user %s", user.pk)
            continue
        sent += 1
    return sent


# --- the daily run ------------------------------------------------------------------------------

def claim_day(day: dt.date) -> bool:
    """True for the first caller on this day (a worker or the cron command), else False."""
    try:
        with transaction.atomic():
            _run, created = NoticeRun.objects.get_or_create(day=day)
    except IntegrityError:
        return False
    return created


def daily_run(day: dt.date) -> dict[str, int]:
    """Each kind posts its daily notices (those wanted at once are sent), then the digests
    go out. Safe to run again: a notice is posted and sent once."""
    posted = {kind.key: kind.daily(day) for kind in kinds() if kind.daily is not None}
    digests = send_digests()
    NoticeRun.objects.filter(day=day).update(finished_at=timezone.now())
    return {**posted, "digests": digests}


# --- workflow transitions -----------------------------------------------------------------------

def transition_kind(flow: workflow.Workflow[Any], transition: str, source: Any,
                    target: Any) -> str | None:
    """Which notice a transition calls for: a submission for the reviewers, a return for
    the editors; None for the others."""
    if target in flow.review_states and source not in flow.review_states:
        return REVIEW
    step = flow.transitions.get(transition)
    if step is not None and step.keep_comment and target in flow.returned_states:
        return RETURNED
    return None


def _editors(flow: workflow.Workflow[Any], record: Any) -> list[Any]:
    """Who hears of a returned record: the members of its units and whoever submitted it,
    as far as they may submit it again."""
    units = [unit.pk for unit in record.permission_units()]
    condition = Q(memberships__unit_id__in=units,
                  memberships__role__in=[Role.EDITOR, Role.COORDINATOR])
    submitter = submitter_id(record)
    if submitter is not None:
        condition |= Q(pk=submitter)
    users = User.objects.filter(condition, is_active=True).distinct().order_by("pk")
    return [user for user in users
            if any(flow.allows(user, record, name) for name in flow.resubmit_steps)]


def _units(record: Any) -> str:
    return ", ".join(unit.name for unit in record.permission_units())


def _transition_text(kind: str, record: Any, actor: Any, comment: str) -> Render:
    def render() -> tuple[str, str, str]:
        what = capfirst(str(record._meta.verbose_name))
        lines = [f"{what}: {record}", _("Territory: %(units)s") % {"units": _units(record)}]
        if kind == REVIEW:
            subject = _("To review: %(title)s") % {"title": record}
            if actor is not None:
                lines.append(_("Submitted by: %(name)s") % {"name": actor})
        else:
            subject = _("Returned for changes: %(title)s") % {"title": record}
            if actor is not None:
                lines.append(_("Returned by: %(name)s") % {"name": actor})
            lines += ["", _("The reviewer's comment:"), comment]
        return subject, "\n".join(lines), record.get_absolute_url()
    return render


def notify_transition(label: str, pk: Any, kind: str, key: str, actor_id: int | None,
                      comment: str = "") -> int:
    """Post (and send, where wanted at once) the notices of one transition; nothing when the
    record has moved on meanwhile (withdrawn, published, deleted). Returns how many were
    posted."""
    model = apps.get_model(label)
    flow = workflow.declared_for(model)
    record = model._default_manager.filter(pk=pk).first()
    if flow is None or record is None:
        return 0
    state = flow.state_of(record)
    if kind == REVIEW and state in flow.review_states:
        recipients = reviewers(record)
    elif kind == RETURNED and state in flow.returned_states:
        recipients = _editors(flow, record)
    else:
        return 0
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    render = _transition_text(kind, record, actor, comment)
    posted = 0
    for user in recipients:
        if user.pk == actor_id:
            continue
        notice = post(user, kind, key, render)
        if notice is not None:
            posted += 1
            send_if_immediate(notice)
    return posted


def when(value: dt.date) -> str:
    """A date as the e-mails write it, in the active language."""
    return date_format(value, "DATE_FORMAT")
