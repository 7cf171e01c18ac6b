"""Choosing a unit, a strategy or an element of a strategy by its name: one autocomplete.

A form field (`ChooserField`) is a plain text field that takes a name – typed with or
without diacritics, in any case – or a code, and where it takes several, several separated
by semicolons or commas. What has been chosen stays on the form as ticked boxes (untick to
remove). A name that fits more than one record, or only part of a name, is answered with
the records it may mean, offered as boxes to tick; nothing is chosen behind the user's back.

With JavaScript (`static/js/chooser.js`) the text field becomes a WAI-ARIA combobox: htmx
fetches the suggestions as the user types (`suggestions`, a view of this module served at
``choose/<source>/``), the arrow keys move through them, Enter or a click chooses, Escape
closes, and a live region tells screen readers how many suggestions there are and what has
been chosen.

What may be chosen comes from sources the apps register when they start (`register`):
territory registers the units (ranked as its own search ranks them), accounts the units a
user may act for, strategies the strategies a user may see, intentions the measures an
intention may implement. This base layer knows none of them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .text import fold

# How many suggestions the combobox shows, and how many records a name that fits several
# offers to choose from.
SUGGESTIONS = 10
QUERY_MAX_LENGTH = 100

Params = Mapping[str, str]


@dataclass(frozen=True)
class Option:
    """One record as a chooser shows it."""

    value: str  # what the form sends: a code or an id
    label: str  # its name
    hint: str = ""  # what tells namesakes apart: the kind of unit, its district, …


class Source:
    """What can be chosen in one kind of chooser. Subclasses answer for `user`, narrowed by
    `params` (given by the field, e.g. ``{"kind": "obec"}``; the parameters are part of the
    suggestions' address, so a source treats them as a narrowing, never as a permission)."""

    # Parameters the source understands; others in the address are ignored.
    params: tuple[str, ...] = ()
    # What separates several entries typed into one field (names hold none of these).
    separators: str = r"[;,\n]"

    def suggest(self, user: Any, query: str, params: Params) -> Sequence[Any]:
        """Records matching the typed text, best first (at most SUGGESTIONS)."""
        raise NotImplementedError

    def by_values(self, user: Any, values: Sequence[str], params: Params) -> list[Any]:
        """The records with these values (codes or ids) that may be chosen."""
        raise NotImplementedError

    def named(self, user: Any, name: str, params: Params) -> list[Any]:
        """The records whose whole name is `name` (folded: without diacritics and case)."""
        raise NotImplementedError

    def option(self, record: Any) -> Option:
        raise NotImplementedError

    def value_of(self, record: Any) -> str:
        """What the form sends for the record (its option's value)."""
        return self.option(record).value

    def is_value(self, text: str) -> bool:
        """Whether the typed text can only be a value (an id), never a name: then a value
        that is not found is unknown, whatever names would contain it."""
        return False


_sources: dict[str, Source] = {}


def register(name: str, source: Source) -> None:
    _sources[name] = source


def source(name: str) -> Source:
    try:
        return _sources[name]
    except KeyError:
        raise LookupError(f"no chooser source {name!r} is registered") from None


# --- reading what was typed -----------------------------------------------------------------

_LABELLED = re.compile(r"(?P<name>.*?\S)\s*\((?P<hint>[^()]*)\)")


def entries(raw: Sequence[str] | str | None, separators: str = Source.separators) -> list[str]:
    """The typed entries: the posted values split at the separators (semicolons, commas
    and new lines unless the source says otherwise)."""
    if raw is None:
        return []
    values = [raw] if isinstance(raw, str) else list(raw)
    return [part.strip() for value in values for part in _split(str(value or ""), separators)
            if part.strip()]


def _split(text: str, separators: str) -> list[str]:
    """`text` split at the separators outside parentheses: "Heřmaň (obec, okres Písek)" is
    one entry, as the suggestions write a record."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for char in text:
        depth += char == "("
        depth -= char == ")" and depth > 0
        if depth == 0 and re.fullmatch(separators, char):
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


@dataclass
class Resolution:
    """What the posted values mean: the records chosen, for each ambiguous entry the records
    it may mean, and entries that name nothing."""

    chosen: list[Any] = field(default_factory=list)
    ambiguous: dict[str, list[Any]] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)


def _same_name(option: Option, name: str) -> bool:
    return fold(option.label) == fold(name)


def resolve_entry(chooser: Source, user: Any, text: str, params: Params) -> tuple[str, list]:
    """("chosen", records) / ("ambiguous", candidates) / ("unknown", []) for one entry."""
    text = " ".join(text.split())[:QUERY_MAX_LENGTH * 2]
    labelled = _LABELLED.fullmatch(text)
    if labelled:  # "Name (code)" or "Name (hint)", as the suggestions show a record
        name, hint = labelled["name"], labelled["hint"].strip()
        coded = [r for r in chooser.by_values(user, [hint], params)
                 if _same_name(chooser.option(r), name)]
        if coded:
            return "chosen", coded[:1]
        namesakes = chooser.named(user, name, params)
        hinted = [r for r in namesakes if fold(chooser.option(r).hint) == fold(hint)]
        if len(hinted) == 1:
            return "chosen", hinted
        if namesakes:
            return "ambiguous", list(namesakes)
    coded = chooser.by_values(user, [text], params)
    if coded:
        return "chosen", coded[:1]
    if chooser.is_value(text):
        return "unknown", []
    namesakes = chooser.named(user, text, params)
    if len(namesakes) == 1:
        return "chosen", namesakes
    if namesakes:
        return "ambiguous", list(namesakes)
    tokens = text.split()
    if len(tokens) > 1 and all(any(ch.isdigit() for ch in token) for token in tokens):
        coded = chooser.by_values(user, tokens, params)  # codes separated by spaces
        if len(coded) == len(set(tokens)):
            return "chosen", coded
    candidates = list(chooser.suggest(user, text, params))[:SUGGESTIONS]
    return ("ambiguous", candidates) if candidates else ("unknown", [])


def resolve(chooser: Source, user: Any, raw: Sequence[str] | str | None,
            params: Params) -> Resolution:
    result = Resolution()
    seen: set[str] = set()
    for text in entries(raw, chooser.separators):
        outcome, records = resolve_entry(chooser, user, text, params)
        if outcome == "chosen":
            for record in records:
                value = chooser.value_of(record)
                if value not in seen:
                    seen.add(value)
                    result.chosen.append(record)
        elif outcome == "ambiguous":
            result.ambiguous[text] = records
        else:
            result.unknown.append(text)
    return result


# --- the widget and the field ---------------------------------------------------------------

class ChooserWidget(forms.Widget):
    """The chosen records as ticked boxes, a text field to type a name or a code, and the
    (empty) list the suggestions are fetched into."""

    template_name = "core/widgets/chooser.html"

    def __init__(self, source_name: str, *, multiple: bool, params: Params | None = None,
                 attrs: dict[str, Any] | None = None):
        super().__init__(attrs)
        self.source_name, self.multiple = source_name, multiple
        self.params = dict(params or {})
        self.user: Any = None

    def __deepcopy__(self, memo):
        copied = super().__deepcopy__(memo)
        copied.params = dict(self.params)  # each form's own (set_params must not leak)
        return copied

    def value_from_datadict(self, data, files, name):
        if hasattr(data, "getlist"):
            return [value for value in data.getlist(name) if value is not None]
        value = data.get(name)
        return value if isinstance(value, list) else ([] if value is None else [value])

    def value_omitted_from_data(self, data, files, name):
        return False  # unticking every box is a value too: nothing chosen

    def format_value(self, value):
        return value

    def use_required_attribute(self, initial):
        return False  # the ticked boxes count too: the field checks what is required

    def _options_of(self, value: Any) -> tuple[list[Option], list[tuple[str, list[Option]]],
                                                 str]:
        """(chosen, [(ambiguous text, candidates)], text left in the field)."""
        chooser = source(self.source_name)
        items = value if isinstance(value, list | tuple) else ([] if value in (None, "")
                                                                else [value])
        records = [item for item in items if not isinstance(item, str | int)]
        typed = [str(item) for item in items if isinstance(item, str | int)]
        # Records given as the initial value are shown only as far as the user may choose
        # them (a parent strategy the user may not see keeps its link unseen).
        values = [chooser.value_of(record) for record in records]
        allowed = {chooser.value_of(r): r for r in
                   chooser.by_values(self.user, values, self.params)} if values else {}
        chosen = [chooser.option(allowed[value]) for value in values if value in allowed]
        ambiguous: list[tuple[str, list[Option]]] = []
        left: list[str] = []
        if typed:
            resolution = resolve(chooser, self.user, typed, self.params)
            known = {option.value for option in chosen}
            chosen += [option for option in map(chooser.option, resolution.chosen)
                       if option.value not in known]
            ambiguous = [(text, [chooser.option(r) for r in candidates])
                         for text, candidates in resolution.ambiguous.items()]
            left = resolution.unknown
        if not self.multiple and chosen:
            chosen = chosen[-1:]
        return chosen, ambiguous, "; ".join(left)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        chosen, ambiguous, text = self._options_of(value)
        widget = context["widget"]
        widget_id = widget["attrs"].get("id") or f"id_{name}"
        query = urlencode({**self.params, "for": widget_id})
        widget.update({
            "id": widget_id, "chosen": chosen, "ambiguous": ambiguous, "text": text,
            "multiple": self.multiple,
            "url": f"{reverse('choose', args=[self.source_name])}?{query}",
        })
        return context


class ChooserField(forms.Field):
    """A unit, strategy or element chosen by name or code (see the module). `cleaned_data`
    holds the records (a list where `multiple`, else one record or None), or with
    `as_values` their codes or ids (a list, or one code or "")."""

    default_error_messages = {
        "unknown": _("Nothing called “%(text)s” was found; check the spelling or type the "
                     "code."),
        "ambiguous": _("“%(text)s” may mean several; tick the one you mean below."),
        "one": _("Choose only one."),
    }

    def __init__(self, source_name: str, *, multiple: bool = True,
                 params: Params | None = None, as_values: bool = False, **kwargs: Any):
        self.source_name, self.multiple = source_name, multiple
        self.params, self.as_values = dict(params or {}), as_values
        self.user: Any = None
        kwargs.setdefault("widget", ChooserWidget(source_name, multiple=multiple,
                                                  params=self.params))
        super().__init__(**kwargs)

    def __deepcopy__(self, memo):
        copied = super().__deepcopy__(memo)  # type: ignore[misc]
        copied.params = dict(self.params)  # each form's own (set_params must not leak)
        return copied

    def set_user(self, user: Any) -> None:
        """The user choosing: sources answer what this user may choose."""
        self.user = user
        self.widget.user = user  # type: ignore[attr-defined]

    def set_params(self, **params: str) -> None:
        self.params.update(params)
        self.widget.params.update(params)  # type: ignore[attr-defined]

    def to_python(self, value: Any) -> Any:
        chooser = source(self.source_name)
        raw = value if isinstance(value, list | tuple) else ([] if value in (None, "")
                                                             else [value])
        typed = entries(raw, chooser.separators)
        if not self.multiple and len(typed) > 1:
            # A ticked box and a newly typed name: the typed one replaces the box.
            raw = typed[-1:]
        resolution = resolve(chooser, self.user, raw, self.params)
        errors = [forms.ValidationError(self.error_messages["unknown"], code="unknown",
                                        params={"text": text}) for text in resolution.unknown]
        errors += [forms.ValidationError(self.error_messages["ambiguous"], code="ambiguous",
                                         params={"text": text})
                   for text in resolution.ambiguous]
        if errors:
            raise forms.ValidationError(errors)
        chosen = resolution.chosen
        if not self.multiple and len(chosen) > 1:
            raise forms.ValidationError(self.error_messages["one"], code="one")
        if self.as_values:
            values = [chooser.value_of(record) for record in chosen]
            return values if self.multiple else (values[0] if values else "")
        return chosen if self.multiple else (chosen[0] if chosen else None)

    def validate(self, value: Any) -> None:
        if self.required and value in (None, "", []):
            raise forms.ValidationError(self.error_messages["required"], code="required")

    def prepare_value(self, value: Any) -> Any:
        return value

    def values_of(self, value: Any) -> list[str]:
        """The values (codes or ids) a form would send for `value` (records, or values)."""
        chooser = source(self.source_name)
        items = value if isinstance(value, list | tuple) else ([] if value in (None, "")
                                                             else [value])
        return [str(item) if isinstance(item, str | int) else chooser.value_of(item)
                for item in items]


def give_user(form: forms.BaseForm, user: Any) -> None:
    """Tell every chooser of the form who is choosing (call in the form's __init__)."""
    for form_field in form.fields.values():
        if isinstance(form_field, ChooserField):
            form_field.set_user(user)


# --- the suggestions ------------------------------------------------------------------------

_WIDGET_ID = re.compile(r"[A-Za-z][\w-]{0,80}")


def suggestions(request: HttpRequest, source_name: str) -> HttpResponse:
    """The options of the listbox for what was typed (`q`), fetched by htmx."""
    try:
        chooser = source(source_name)
    except LookupError:
        raise Http404 from None
    query = " ".join(str(request.GET.get("q", "")).split())[:QUERY_MAX_LENGTH]
    params = {name: str(request.GET.get(name, ""))[:200] for name in chooser.params
              if request.GET.get(name)}
    widget_id = str(request.GET.get("for", ""))
    widget_id = widget_id if _WIDGET_ID.fullmatch(widget_id) else "chooser"
    options = [chooser.option(record)
               for record in list(chooser.suggest(request.user, query, params))[:SUGGESTIONS]
               ] if fold(query) else []
    count = len(options)
    status = (ngettext("%(count)s suggestion; choose with the arrow keys and Enter.",
                       "%(count)s suggestions; choose with the arrow keys and Enter.", count)
              % {"count": count}) if count else (
        str(_("Nothing found; check the spelling or type the code.")) if fold(query) else "")
    return render(request, "core/widgets/_chooser_options.html", {
        "options": options, "widget_id": widget_id, "status": status})
