"""Recording and reading the change history of domain records.

Services call `record()` inside their transaction, so a write and its history entry land
together or not at all.
"""

from __future__ import annotations

import datetime as dt
import decimal
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.functional import Promise

from .access import Actor
from .models import HistoryEntry

Message = str | Promise  # a text, translated when it is shown


def serialisable(value: Any) -> Any:
    """A JSON-friendly form of a field value for the history record."""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [serialisable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): serialisable(v) for k, v in value.items()}
    return value


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """Current values of the named fields, in history-ready form."""
    return {name: serialisable(getattr(instance, name)) for name in fields}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Fields whose value changed, as {field: [old, new]}."""
    return {
        name: [before.get(name), after.get(name)]
        for name in after
        if before.get(name) != after.get(name)
    }


def record(
    actor: Actor,
    instance: models.Model,
    action: str,
    changes: dict[str, Any] | None = None,
    note: str = "",
) -> HistoryEntry:
    return HistoryEntry.objects.create(
        model_label=instance._meta.label_lower,
        object_id=str(instance.pk),
        object_repr=str(instance)[:300],
        action=action,
        actor_id=actor.pk if actor is not None and actor.is_authenticated else None,
        changes=changes or {},
        note=note,
    )


def entries_for(instance: models.Model):
    return HistoryEntry.objects.filter(
        model_label=instance._meta.label_lower, object_id=str(instance.pk)
    ).select_related("actor")


# --- the history in words -------------------------------------------------------------------
#
# Entries keep what was written in machine form (field names, codes, ISO dates, decimals as
# text), so that they can be compared and exported. People read them through one formatter:
# a record type declares how its recorded fields read (`declare`), everything it leaves out
# is taken from its model (the field's verbose name, its choices, its type), and
# `in_words` turns entries into labelled, localised changes – choice labels instead of codes,
# names instead of unit codes, Czech numbers, money and dates, lists as added and removed
# items – in the language that is active when they are shown.

TEXT, CHOICE, MONEY, NUMBER, YEAR, DATE, DATETIME, BOOL, PERCENT = (
    "text", "choice", "money", "number", "year", "date", "datetime", "bool", "percent")

# Longer texts (summaries, descriptions) are cut to this many characters in the history.
SHOWN_TEXT_LENGTH = 200

# A function naming recorded codes (unit codes, key area codes, ids …) for one reader:
# (the codes, the user reading the history) → {code: name}; codes it leaves out are shown
# as recorded. It is called once per page with every code the page needs.
Names = Callable[[set[str], Any], Mapping[str, str]]


@dataclass(frozen=True)
class Shown:
    """How one recorded field reads.

    `label` names the field (default: the model field's verbose name); `kind` says how a
    value is written (TEXT, CHOICE, MONEY, NUMBER, YEAR, DATE, DATETIME, BOOL, PERCENT;
    default: from the model field); `choices` labels the codes of a CHOICE; `names` names
    recorded codes (see `Names`); `many`: the value is a list, shown as added and removed
    items; `columns`: the items are rows (dicts) whose values read as these fields, and
    `row` words a row from its written values (``%(year)s, %(source)s: %(amount)s``)."""

    label: Message | None = None
    kind: str | None = None
    choices: Mapping[str, Message] | None = None
    names: Names | None = None
    many: bool = False
    columns: tuple[tuple[str, Shown], ...] = ()
    row: Message | None = None


@dataclass(frozen=True)
class Part:
    """Changes of something inside the record, recorded under a key naming it, such as
    "1.2.title" (element 1.2 of a strategy's tree) or "partner 549240".

    `pattern` matches such keys with the named groups ``subject`` and, unless the part has
    one field only, ``field``; `label` words the subject with the pattern's groups
    (``Element %(subject)s``); `fields` say how its fields read beyond what `model` says
    (a field missing in both reads as the one under "*"); `subject_names` names the
    subject (e.g. a unit code)."""

    pattern: str
    label: Message
    fields: Mapping[str, Shown] = field(default_factory=dict)
    model: type[models.Model] | None = None
    subject_names: Names | None = None


@dataclass(frozen=True)
class Declaration:
    fields: Mapping[str, Shown]
    parts: tuple[Part, ...]


_declarations: dict[str, Declaration] = {}


def declare(model: type[models.Model] | str, fields: Mapping[str, Shown] | None = None,
            parts: tuple[Part, ...] | list[Part] = ()) -> None:
    """How the history of `model` (a model or its label) reads beyond what its model says;
    the record type's app declares it when it starts (`AppConfig.ready`)."""
    label = model if isinstance(model, str) else model._meta.label_lower
    _declarations[label.lower()] = Declaration(dict(fields or {}), tuple(parts))


@dataclass
class Change:
    """One changed field in words: `old` → `new`, or for a list the `added` and `removed`
    items."""

    label: str
    old: str = ""
    new: str = ""
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    many: bool = False

    @property
    def empty(self) -> bool:
        """Nothing to read: an empty field of a new record, a list only reordered is not."""
        return not (self.old or self.new or self.added or self.removed or self.many)


@dataclass
class EntryInWords:
    entry: HistoryEntry
    changes: list[Change]


def _model_field(model: type[models.Model] | None, name: str) -> Any:
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _from_model(model_field: Any) -> Shown:
    """What the model says about a field it declares."""
    if model_field is None:
        return Shown()
    label = getattr(model_field, "verbose_name", None)
    many = bool(getattr(model_field, "many_to_many", False))
    choices = dict(model_field.flatchoices) if getattr(model_field, "choices", None) else None
    if choices:
        return Shown(label=label, kind=CHOICE, choices=choices, many=many)
    kinds = [(models.BooleanField, BOOL), (models.DateTimeField, DATETIME),
             (models.DateField, DATE), (models.DecimalField, NUMBER),
             (models.PositiveSmallIntegerField, YEAR), (models.IntegerField, NUMBER)]
    kind = next((k for cls, k in kinds if isinstance(model_field, cls)), TEXT)
    return Shown(label=label, kind=kind, many=many)


def _merged(declared: Shown | None, model_field: Any) -> Shown:
    base = _from_model(model_field)
    if declared is None:
        return base
    return Shown(label=declared.label if declared.label is not None else base.label,
                 kind=declared.kind or (CHOICE if declared.choices else base.kind),
                 choices=declared.choices if declared.choices is not None else base.choices,
                 names=declared.names, many=declared.many or base.many,
                 columns=declared.columns, row=declared.row)


@dataclass
class _Resolved:
    """A recorded key found in a declaration: how its values read and its label."""

    shown: Shown
    label: str
    subject: str | None = None
    part: Part | None = None
    groups: dict[str, str] = field(default_factory=dict)


def _resolve_key(model: type[models.Model] | None, declaration: Declaration | None,
                 key: str) -> _Resolved:
    fields = declaration.fields if declaration else {}
    model_field = _model_field(model, key)
    if key in fields or model_field is not None:
        shown = _merged(fields.get(key), model_field)
        return _Resolved(shown, str(shown.label) if shown.label is not None else key)
    for part in declaration.parts if declaration else ():
        match = re.fullmatch(part.pattern, key, flags=re.DOTALL)
        if match is None:
            continue
        groups = {k: v or "" for k, v in match.groupdict().items()}
        name = groups.get("field", "")
        model_field = _model_field(part.model, name) if name else None
        declared = part.fields.get(name) if name else None
        if declared is None and model_field is None:
            declared = part.fields.get("*")
        shown = _merged(declared, model_field)
        if shown.label is None and name:
            shown = replace(shown, label=name)
        return _Resolved(shown, "", subject=groups.get("subject", ""), part=part,
                         groups=groups)
    return _Resolved(Shown(), key)


def _as_list(value: Any) -> list[Any]:
    if value is None or value == "":
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def _cut(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SHOWN_TEXT_LENGTH else text[:SHOWN_TEXT_LENGTH - 1] + "…"


def _decimal(value: Any) -> decimal.Decimal | None:
    if isinstance(value, bool):
        return None
    try:
        number = decimal.Decimal(str(value).replace("\u00a0", "").replace(" ", ""))
    except (decimal.InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _date(value: Any, with_time: bool) -> str | None:
    from django.utils import formats, timezone

    try:
        moment = (dt.datetime.fromisoformat(value) if isinstance(value, str) else value)
    except ValueError:
        return None
    if isinstance(moment, dt.datetime):
        if not with_time:
            return formats.date_format(moment.date(), "DATE_FORMAT")
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return formats.date_format(moment, "DATETIME_FORMAT")
    if isinstance(moment, dt.date):
        return formats.date_format(moment, "DATE_FORMAT")
    return None


def _value_in_words(shown: Shown, value: Any, names: Mapping[Names, Mapping[str, str]]) -> str:
    """One recorded value as people write it; "" for nothing (never None or True)."""
    from django.utils.translation import gettext

    from .money import MoneyError, format_czk, format_number

    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, dict):
        return _row_in_words(shown, value, names)
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if shown.names is not None and str(value) in names.get(shown.names, {}):
        return names[shown.names][str(value)]
    kind = shown.kind or (CHOICE if shown.choices is not None else TEXT)
    if kind == CHOICE and shown.choices is not None:
        return str(shown.choices.get(str(value), value))
    if kind == MONEY:
        try:
            return format_czk(_decimal(value)) if _decimal(value) is not None else str(value)
        except MoneyError:
            return str(value)
    if kind in (NUMBER, PERCENT):
        number = format_number(_decimal(value)) if _decimal(value) is not None else str(value)
        return f"{number}\u00a0%" if kind == PERCENT else number
    if kind == YEAR:
        year = _decimal(value)
        return str(int(year)) if year is not None and year == int(year) else str(value)
    if kind in (DATE, DATETIME):
        return _date(value, kind == DATETIME) or str(value)
    if kind == BOOL and str(value) in ("True", "False"):
        return gettext("yes") if str(value) == "True" else gettext("no")
    return _cut(str(value))


def _row_in_words(shown: Shown, row: dict[str, Any],
                  names: Mapping[Names, Mapping[str, str]]) -> str:
    columns = dict(shown.columns)
    written = {key: _value_in_words(columns.get(key, Shown()), value, names)
               for key, value in row.items()}
    if shown.row is not None:
        try:
            return str(shown.row) % {key: written.get(key, "") for key in columns} \
                if all(written.get(key) for key in columns) else _row_listed(shown, written)
        except (KeyError, TypeError, ValueError):
            pass
    return _row_listed(shown, written)


def _row_listed(shown: Shown, written: dict[str, str]) -> str:
    """A row as its first value and the others labelled: "Name (unit: ks, target: 5)"."""
    keys = [key for key, _shown in shown.columns] or list(written)
    first, rest = keys[0], keys[1:]
    labelled = [f"{_column_label(shown, key)}: {written[key]}" for key in rest if written.get(key)]
    head = written.get(first, "")
    if not labelled:
        return head
    return f"{head} ({', '.join(labelled)})" if head else ", ".join(labelled)


def _column_label(shown: Shown, key: str) -> str:
    column = dict(shown.columns).get(key)
    return str(column.label) if column is not None and column.label is not None else key


def _codes_needing_names(shown: Shown, value: Any) -> set[str]:
    if shown.names is None:
        codes: set[str] = set()
        for item in _as_list(value):
            if isinstance(item, dict):
                for key, column in shown.columns:
                    if column.names is not None and item.get(key) not in (None, ""):
                        codes.add(str(item[key]))
        return codes
    return {str(item) for item in _as_list(value) if not isinstance(item, dict | bool)}


def _column_names(shown: Shown) -> list[Names]:
    return [column.names for _key, column in shown.columns if column.names is not None]


def in_words(entries: Iterable[HistoryEntry], user: Any) -> list[EntryInWords]:
    """The entries (of one record or of several) with their changes in words, for `user`:
    names of what the user may not see stay as recorded (see `Names`)."""
    from django.apps import apps

    entries = list(entries)
    found: list[tuple[HistoryEntry, list[tuple[_Resolved, Any, Any]]]] = []
    wanted: dict[Names, set[str]] = {}
    for entry in entries:
        try:
            model = apps.get_model(entry.model_label)
        except (LookupError, ValueError):
            model = None
        declaration = _declarations.get(entry.model_label)
        resolved = []
        for key, values in (entry.changes or {}).items():
            pair = values if isinstance(values, list | tuple) and len(values) == 2 \
                else [None, values]
            item = _resolve_key(model, declaration, str(key))
            resolved.append((item, pair[0], pair[1]))
            for names in [item.shown.names, *_column_names(item.shown)]:
                if names is not None:
                    wanted.setdefault(names, set()).update(
                        _codes_needing_names(item.shown, pair[0])
                        | _codes_needing_names(item.shown, pair[1]))
            if item.part is not None and item.part.subject_names is not None:
                wanted.setdefault(item.part.subject_names, set()).add(item.subject or "")
        found.append((entry, resolved))
    named: dict[Names, dict[str, str]] = {}
    for names, codes in wanted.items():
        codes.discard("")
        if codes:
            named[names] = {str(k): str(v) for k, v in names(codes, user).items()}
    readable = []
    for entry, resolved in found:
        changes = [_change(item, old, new, named) for item, old, new in resolved]
        readable.append(EntryInWords(entry, [change for change in changes if not change.empty]))
    return readable


def _change(item: _Resolved, old: Any, new: Any,
            names: Mapping[Names, Mapping[str, str]]) -> Change:
    from django.utils.text import capfirst

    label = item.label
    if item.part is not None:
        subject = item.subject or ""
        if item.part.subject_names is not None:
            subject = names.get(item.part.subject_names, {}).get(subject, subject)
        label = str(item.part.label) % {**item.groups, "subject": subject}
        if item.shown.label is not None:
            label = f"{label}: {item.shown.label}"
    label = capfirst(label) or ""
    shown = item.shown
    if shown.many or isinstance(old, list) or isinstance(new, list):
        before, after = _as_list(old), _as_list(new)
        if not before and not after:
            return Change(label)
        return Change(label, many=True,
                      added=[_value_in_words(shown, v, names) for v in after if v not in before],
                      removed=[_value_in_words(shown, v, names) for v in before
                               if v not in after])
    return Change(label, old=_value_in_words(shown, old, names),
                  new=_value_in_words(shown, new, names))
