"""Forms of the intention wizard. Every field is optional at the form level: a step saves
what is valid and keeps what is not (see views.save_step_form); the completeness check
says what is still missing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.permissions import editable_units
from concept.models import KeyArea, Sdg, Technology
from core.choosers import ChooserField, give_user
from core.money import MoneyError, format_czk, parse_czk
from core.text import COMMENT_MAX_LENGTH, TEXT_MAX_LENGTH
from territory.models import SizeClass, TerritorialUnit
from territory.queries import active_units

from .models import FundingSource, Readiness, Sector, Status
from .queries import BUDGET_RANGES, linkable_nodes

MAX_ROWS = 30


class MoneyField(forms.CharField):
    """CZK typed the Czech way ("1 250 000", "1 250 000,50 Kč"), cleaned to a Decimal."""

    default_error_messages = {
        "invalid": _("Enter an amount in CZK, e.g. 1 250 000 or 1 250 000,50."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal",
                                                           "class": "money"}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, Decimal | int):
            return format_czk(value, currency=False, separator=" ")
        return value

    def to_python(self, value) -> Decimal | None:
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return parse_czk(value)
        except MoneyError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


def _date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AreaChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.name}"


class StartForm(forms.Form):
    title = forms.CharField(label=_("Title of the intention"), max_length=300)
    lead_unit = ChooserField(
        "editable-unit", multiple=False, label=_("Leading municipality or unit"),
        help_text=_("Type the name (diacritics optional) or the official code of a unit you "
                    "edit for and choose from the list."))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        give_user(self, user)
        units = editable_units(user)
        if "lead_unit" not in self.initial and units.count() == 1:
            self.initial["lead_unit"] = units.first()

    def clean_lead_unit(self) -> TerritorialUnit | None:
        unit = self.cleaned_data["lead_unit"]
        if unit is not None and not editable_units(self.user).filter(pk=unit.pk).exists():
            raise forms.ValidationError(
                _("You cannot prepare intentions for %(unit)s."), params={"unit": unit.name})
        return unit


class StepForm(forms.Form):
    """A wizard step; `values()` turns the valid fields into service values."""

    step = ""
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, intention=None, user=None, **kwargs):
        self.intention, self.user = intention, user
        super().__init__(*args, **kwargs)
        give_user(self, user)

    def valid_data(self) -> dict[str, Any]:
        """Cleaned values of the fields that passed validation (even if others failed)."""
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if k not in self.errors}

    def pending(self) -> dict[str, str]:
        """What was typed into the fields that failed, keyed by field label."""
        result = {}
        for name in self.errors:
            if name in self.fields:
                key = self.add_prefix(name)
                if isinstance(self.fields[name], ChooserField) and hasattr(self.data, "getlist"):
                    # What was ticked and what was typed, each kept (choosers split at ";").
                    result[name] = "; ".join(v for v in self.data.getlist(key) if v.strip())
                    continue
                raw = self.data.get(key, "")
                result[name] = raw if isinstance(raw, str) else ", ".join(raw)
        return result

    def values(self) -> dict[str, Any]:
        raise NotImplementedError


class BasicsForm(StepForm):
    step = "basics"
    title = forms.CharField(label=_("Title"), max_length=300)
    partner_units = ChooserField(
        "unit", label=_("Partner municipalities"), required=False, params={"kind": "obec"},
        help_text=_("Type the name of another municipality sharing the intention (diacritics "
                    "optional) or its official code and choose from the list. Each is invited "
                    "and becomes a partner once its editor confirms."))
    problem = forms.CharField(label=_("Problem it solves"), required=False,
                              max_length=TEXT_MAX_LENGTH,
                              widget=forms.Textarea(attrs={"rows": 4}))
    goals = forms.CharField(label=_("Goals"), required=False, max_length=TEXT_MAX_LENGTH,
                            widget=forms.Textarea(attrs={"rows": 3}))
    target_groups = forms.CharField(label=_("Target groups"), required=False,
                                    max_length=TEXT_MAX_LENGTH,
                                    widget=forms.Textarea(attrs={"rows": 2}))
    description = forms.CharField(label=_("Description of the project"), required=False,
                                  max_length=TEXT_MAX_LENGTH,
                                  widget=forms.Textarea(attrs={"rows": 6}))
    contact_name = forms.CharField(
        label=_("Contact person"), required=False, max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        help_text=_("Who answers questions about the intention. The name, e-mail and phone "
                    "appear on the fiche for everyone who may see the intention: give a work "
                    "contact."))
    contact_email = forms.EmailField(
        label=_("Contact e-mail"), required=False, max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    contact_phone = forms.CharField(
        label=_("Contact phone"), required=False, max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}))

    def values(self):
        return self.valid_data()

    @staticmethod
    def initial_for(intention) -> dict:
        return {"title": intention.title, "problem": intention.problem,
                "goals": intention.goals, "target_groups": intention.target_groups,
                "description": intention.description,
                "contact_name": intention.contact_name,
                "contact_email": intention.contact_email,
                "contact_phone": intention.contact_phone,
                "partner_units": " ".join(
                    p.unit.code for p in intention.partnerships.select_related("unit")
                    if p.state != "declined")}


class ClassificationForm(StepForm):
    step = "classification"
    main_area = forms.ModelChoiceField(label=_("Main key area"), required=False,
                                       queryset=KeyArea.objects.order_by("position"))
    other_areas = AreaChoiceField(label=_("Secondary key areas"), required=False,
                                  queryset=KeyArea.objects.order_by("position"),
                                  widget=forms.CheckboxSelectMultiple)
    technologies = forms.ModelMultipleChoiceField(
        label=_("Technologies used"), required=False,
        queryset=Technology.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple)
    strategy_nodes = ChooserField(
        "measure", label=_("Implements these measures and activities of strategies"),
        required=False,
        help_text=_("Type a part of the title or the code of a measure or an activity of your "
                    "municipality's strategies or of the regional and national strategies "
                    "above them, and choose from the list."))
    sdgs = forms.ModelMultipleChoiceField(label=_("UN Sustainable Development Goals"),
                                          required=False, queryset=Sdg.objects.all(),
                                          widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Retired technologies are no longer offered, but one the intention already uses
        # stays (and stays ticked), so saving this step does not drop it.
        self.fields["technologies"].queryset = Technology.objects.filter(
            Q(is_active=True) | Q(pk__in=self.intention.technologies.values("pk")))
        units = [self.intention.lead_unit, *self.intention.partner_units.all()]
        self.fields["strategy_nodes"].set_params(intention=str(self.intention.pk))
        self.has_measures = bool(self.initial.get("strategy_nodes")) or \
            linkable_nodes(self.user, units).exists()
        self.fields["main_area"].label_from_instance = lambda a: f"{a.code} {a.name}"

    def values(self):
        return self.valid_data()

    @staticmethod
    def initial_for(intention) -> dict:
        return {"main_area": intention.main_area_id,
                "other_areas": list(intention.other_areas.all()),
                "technologies": list(intention.technologies.all()),
                "strategy_nodes": list(intention.strategy_nodes.all()),
                "sdgs": list(intention.sdgs.all())}


def _rows(count: int) -> int:
    return max(3, min(MAX_ROWS, count + 2))


class OutputsForm(StepForm):
    step = "outputs"

    def __init__(self, *args, rows: int = 3, **kwargs):
        super().__init__(*args, **kwargs)
        self.row_count = rows
        for i in range(rows):
            self.fields[f"out_{i}_name"] = forms.CharField(
                label=_("Output or indicator %(n)s") % {"n": i + 1}, required=False,
                max_length=300)
            self.fields[f"out_{i}_unit"] = forms.CharField(
                label=_("Unit of row %(n)s") % {"n": i + 1}, required=False, max_length=50)
            self.fields[f"out_{i}_baseline"] = forms.DecimalField(
                label=_("Baseline of row %(n)s") % {"n": i + 1}, required=False,
                max_digits=20, decimal_places=4, localize=True)
            self.fields[f"out_{i}_target"] = forms.DecimalField(
                label=_("Target of row %(n)s") % {"n": i + 1}, required=False, max_digits=20,
                decimal_places=4, localize=True)
            self.fields[f"out_{i}_target_year"] = forms.IntegerField(
                label=_("Target year of row %(n)s") % {"n": i + 1}, required=False,
                min_value=1990, max_value=2100)

    def rows(self):
        for i in range(self.row_count):
            yield [self[f"out_{i}_{k}"] for k in ("name", "unit", "baseline", "target",
                                                   "target_year")]

    def values(self):
        data = self.valid_data()
        rows = []
        for i in range(self.row_count):
            name = data.get(f"out_{i}_name") or self.data.get(self.add_prefix(f"out_{i}_name"))
            if not (name or "").strip():
                continue
            rows.append({"name": name, "unit": data.get(f"out_{i}_unit", ""),
                         "baseline": data.get(f"out_{i}_baseline"),
                         "target": data.get(f"out_{i}_target"),
                         "target_year": data.get(f"out_{i}_target_year")})
        return {"outputs": rows}

    @staticmethod
    def initial_for(intention) -> dict:
        initial = {}
        for i, row in enumerate(intention.outputs.all()):
            initial.update({f"out_{i}_name": row.name, f"out_{i}_unit": row.unit,
                            f"out_{i}_baseline": row.baseline, f"out_{i}_target": row.target,
                            f"out_{i}_target_year": row.target_year})
        return initial


def budget_years(intention, extra: list[int] | None = None) -> list[int]:
    years = set(intention.years) | {line.year for line in intention.budget.all()}
    years |= set(extra or [])
    if not years:
        this_year = dt.date.today().year
        years = {this_year, this_year + 1, this_year + 2}
    years = sorted(y for y in years if 1990 <= y <= 2100)
    return years[:15]


class BudgetForm(StepForm):
    step = "budget"
    start_date = forms.DateField(label=_("Planned start"), required=False,
                                 widget=_date_widget())
    end_date = forms.DateField(label=_("Planned end"), required=False, widget=_date_widget())
    readiness = forms.ChoiceField(label=_("Readiness"), choices=Readiness.choices)
    total_cost = MoneyField(label=_("Total cost (CZK)"),
                            help_text=_("The budget by year and source below must add up to "
                                        "this amount."))
    budget_public = forms.BooleanField(label=_("The budget is public"), required=False)

    def __init__(self, *args, years: list[int] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.years = years or []
        for year in self.years:
            for code, label in FundingSource.choices:
                self.fields[f"b_{year}_{code}"] = MoneyField(
                    label=_("%(source)s in %(year)s") % {"source": label, "year": year})

    def grid(self):
        for year in self.years:
            yield year, [self[f"b_{year}_{code}"] for code, _l in FundingSource.choices]

    @property
    def sources(self):
        return FundingSource.choices

    def totals(self) -> dict[str, Any]:
        """Running totals of the grid as it stands (a cell not valid yet counts as empty)
        against the total cost: shown while the editor types, not only at the final check."""
        data = self.valid_data() if self.is_bound else self.initial
        codes = [code for code, _label in FundingSource.choices]
        by_year = [(year, sum((data.get(f"b_{year}_{c}") or Decimal(0) for c in codes),
                              Decimal(0))) for year in self.years]
        total = sum((amount for _year, amount in by_year), Decimal(0))
        cost = data.get("total_cost")
        return {"by_year": [row for row in by_year if row[1]], "total": total,
                "total_cost": cost, "difference": None if cost is None else cost - total}

    def values(self):
        data = self.valid_data()
        values = {k: data[k] for k in ("start_date", "end_date", "readiness", "total_cost",
                                       "budget_public") if k in data}
        lines = []
        for year in self.years:
            for code, _label in FundingSource.choices:
                amount = data.get(f"b_{year}_{code}")
                if amount:
                    lines.append((year, code, amount))
        # Cells that failed stay in `pending`; the valid ones are stored.
        values["budget"] = lines
        return values

    @staticmethod
    def initial_for(intention) -> dict:
        initial = {"start_date": intention.start_date, "end_date": intention.end_date,
                   "readiness": intention.readiness, "total_cost": intention.total_cost,
                   "budget_public": intention.budget_public}
        for line in intention.budget.all():
            initial[f"b_{line.year}_{line.source}"] = line.amount
        return initial


class PartnersForm(StepForm):
    step = "partners"

    def __init__(self, *args, partner_rows: int = 3, activity_rows: int = 3, **kwargs):
        super().__init__(*args, **kwargs)
        self.partner_rows, self.activity_rows = partner_rows, activity_rows
        for i in range(partner_rows):
            n = {"n": i + 1}
            self.fields[f"p_{i}_name"] = forms.CharField(
                label=_("Partner %(n)s") % n, required=False, max_length=200)
            self.fields[f"p_{i}_sector"] = forms.ChoiceField(
                label=_("Sector of partner %(n)s") % n, required=False,
                choices=[("", "—")] + Sector.choices)
            self.fields[f"p_{i}_role"] = forms.CharField(
                label=_("Role of partner %(n)s") % n, required=False, max_length=300)
        for i in range(activity_rows):
            n = {"n": i + 1}
            self.fields[f"a_{i}_title"] = forms.CharField(
                label=_("Activity %(n)s") % n, required=False, max_length=300)
            self.fields[f"a_{i}_start_date"] = forms.DateField(
                label=_("Start of activity %(n)s") % n, required=False, widget=_date_widget())
            self.fields[f"a_{i}_end_date"] = forms.DateField(
                label=_("End of activity %(n)s") % n, required=False, widget=_date_widget())
            self.fields[f"a_{i}_progress"] = forms.IntegerField(
                label=_("Progress of activity %(n)s (%%)") % n, required=False, min_value=0,
                max_value=100)

    def partner_fields(self):
        for i in range(self.partner_rows):
            yield [self[f"p_{i}_{k}"] for k in ("name", "sector", "role")]

    def activity_fields(self):
        for i in range(self.activity_rows):
            yield [self[f"a_{i}_{k}"] for k in ("title", "start_date", "end_date", "progress")]

    def values(self):
        data = self.valid_data()
        partners, activities = [], []
        for i in range(self.partner_rows):
            name = (data.get(f"p_{i}_name") or "").strip()
            if name:
                partners.append({"name": name, "sector": data.get(f"p_{i}_sector") or "",
                                 "role": data.get(f"p_{i}_role", "")})
        for i in range(self.activity_rows):
            title = (data.get(f"a_{i}_title") or "").strip()
            if title:
                activities.append({"title": title,
                                   "start_date": data.get(f"a_{i}_start_date"),
                                   "end_date": data.get(f"a_{i}_end_date"),
                                   "progress": data.get(f"a_{i}_progress") or 0})
        return {"partners": partners, "activities": activities}

    @staticmethod
    def initial_for(intention) -> dict:
        initial = {}
        for i, p in enumerate(intention.partners.all()):
            initial.update({f"p_{i}_name": p.name, f"p_{i}_sector": p.sector,
                            f"p_{i}_role": p.role})
        for i, a in enumerate(intention.activities.all()):
            initial.update({f"a_{i}_title": a.title, f"a_{i}_start_date": a.start_date,
                            f"a_{i}_end_date": a.end_date, f"a_{i}_progress": a.progress})
        return initial


STEP_FORMS = {form.step: form for form in (BasicsForm, ClassificationForm, OutputsForm,
                                           BudgetForm, PartnersForm)}


def step_form(step: str, intention, user, data=None, extra_years=None):
    """The form of `step` for `intention`, bound to `data` (a POST) or to the saved values
    merged with the input still pending from an earlier save."""
    cls = STEP_FORMS[step]
    kwargs: dict[str, Any] = {"intention": intention, "user": user}
    if step == "outputs":
        kwargs["rows"] = _rows(intention.outputs.count())
        if data is not None:
            kwargs["rows"] = max(kwargs["rows"], _posted_rows(data, "out_"))
    elif step == "budget":
        kwargs["years"] = budget_years(intention, extra_years)
    elif step == "partners":
        kwargs["partner_rows"] = _rows(intention.partners.count())
        kwargs["activity_rows"] = _rows(intention.activities.count())
        if data is not None:
            kwargs["partner_rows"] = max(kwargs["partner_rows"], _posted_rows(data, "p_"))
            kwargs["activity_rows"] = max(kwargs["activity_rows"], _posted_rows(data, "a_"))
    initial = cls.initial_for(intention)
    initial["version"] = intention.step_versions.get(step, 0)
    if data is not None:
        return cls(data, initial=initial, **kwargs)
    pending = (intention.pending_input or {}).get(step)
    if pending:
        # Rebuild what the editor saw: the saved values plus the invalid input, so the
        # errors show again next to what they typed.
        unbound = cls(initial=initial, **kwargs)
        merged = {}
        for name, field in unbound.fields.items():
            value = unbound[name].value()
            if isinstance(field, ChooserField):
                merged[name] = field.values_of(value)
            elif isinstance(field, forms.ModelMultipleChoiceField):
                merged[name] = [str(getattr(v, "pk", v)) for v in value or []]
            elif isinstance(field, forms.BooleanField):
                if value:
                    merged[name] = "on"
            elif value is not None:
                merged[name] = str(value) if not isinstance(value, dt.date) else \
                    value.isoformat()
        merged.update(pending)
        from django.http import QueryDict

        query = QueryDict(mutable=True)
        for key, value in merged.items():
            if isinstance(value, list):
                query.setlist(key, value)
            else:
                query[key] = value
        return cls(query, initial=initial, **kwargs)
    return cls(initial=initial, **kwargs)


def _posted_rows(data, prefix: str) -> int:
    rows = 0
    for key in data:
        if key.startswith(prefix):
            try:
                rows = max(rows, int(key.split("_")[1]) + 1)
            except (IndexError, ValueError):
                continue
    return min(rows, MAX_ROWS)


class ReturnForm(forms.Form):
    comment = forms.CharField(label=_("What should the editors change?"),
                              max_length=COMMENT_MAX_LENGTH,
                              widget=forms.Textarea(attrs={"rows": 3}))


class IntentionFilterForm(forms.Form):
    q = forms.CharField(label=_("Text"), required=False, max_length=200)
    kraj = forms.ChoiceField(label=_("Region"), required=False)
    orp = ChooserField("unit", multiple=False, required=False, as_values=True,
                       params={"kind": "orp"}, label=_("ORP (municipality with extended powers)"),
                       help_text=_("Type the name of the town, diacritics optional."))
    size_class = forms.ChoiceField(label=_("Size of municipality"), required=False,
                                   choices=[("", _("any"))] + SizeClass.choices)
    pillar = forms.ChoiceField(label=_("Pillar"), required=False, choices=[
        ("", _("any")), ("ZPO", "ZPO"), ("A", "A"), ("B", "B"), ("C", "C")])
    area = forms.ChoiceField(label=_("Key area"), required=False)
    technology = forms.ChoiceField(label=_("Technology"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("any"))] + Status.choices)
    readiness = forms.ChoiceField(label=_("Readiness"), required=False,
                                  choices=[("", _("any"))] + Readiness.choices)
    year = forms.IntegerField(label=_("Runs in year"), required=False, min_value=1990,
                              max_value=2100)
    source = forms.ChoiceField(label=_("Funding source"), required=False,
                               choices=[("", _("any"))] + FundingSource.choices)
    budget = forms.ChoiceField(label=_("Budget"), required=False)
    mine = forms.BooleanField(label=_("Only my municipalities' intentions"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kraj"].choices = [("", _("any"))] + [
            (k.code, k.name) for k in active_units().filter(kind="kraj").order_by("sort_key")]
        self.fields["area"].choices = [("", _("any"))] + [
            (a.code, f"{a.code} {a.name}") for a in KeyArea.objects.order_by("position")]
        self.fields["technology"].choices = [("", _("any"))] + [
            (t.code, t.name) for t in Technology.objects.all()]
        self.fields["budget"].choices = [("", _("any"))] + [
            (key, label) for key, label, _low, _high in BUDGET_RANGES]
