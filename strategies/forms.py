from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.permissions import editable_units
from concept.models import KeyArea
from core.choosers import ChooserField, give_user
from core.text import COMMENT_MAX_LENGTH, TEXT_MAX_LENGTH
from core.workflow import ReviewState
from territory.models import TerritorialUnit
from territory.queries import kraje

from .models import DocumentPart, Level, NodeKind, Status, StrategyType


class AreaChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.name}"


class StrategyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    owners = ChooserField(
        "editable-unit", label=_("Owner units"),
        help_text=_("Type the name (diacritics optional) or the official code and choose "
                    "from the list; you may add only units you edit for."))
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices)
    strategy_type = forms.ChoiceField(label=_("Type"), choices=StrategyType.choices)
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    valid_from = forms.IntegerField(label=_("Valid from (year)"), required=False,
                                    min_value=1990, max_value=2100)
    valid_to = forms.IntegerField(label=_("Valid to (year)"), required=False,
                                  min_value=1990, max_value=2100)
    approved_on = forms.DateField(label=_("Approval date"), required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}))
    approved_by = forms.CharField(label=_("Approved by"), required=False, max_length=200,
                                  help_text=_("e.g. the municipal council, resolution number"))
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea,
                              max_length=TEXT_MAX_LENGTH)
    areas = AreaChoiceField(label=_("Concept key areas"), required=False,
                            queryset=KeyArea.objects.order_by("position"),
                            widget=forms.CheckboxSelectMultiple)
    parents = ChooserField(
        "strategy", label=_("Implements (parent strategies)"), required=False,
        params={"level": ",".join(level for level in Level.values if level != Level.MUNICIPAL)},
        help_text=_("Type a part of the title of a regional or national strategy and choose "
                    "from the list."))
    web_url = forms.URLField(label=_("Web link"), required=False, assume_scheme="https")
    contact_name = forms.CharField(label=_("Contact person"), required=False, max_length=150)
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), required=False, max_length=40)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user=None, strategy=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        # Regional and national strategies are suggested; a parent linked already (through
        # the API, which takes any strategy the user may see) stays chosen and kept.
        give_user(self, user)
        if strategy is not None:
            self.fields["parents"].set_params(exclude=str(strategy.pk))

    def clean_owners(self) -> list[TerritorialUnit]:
        units = self.cleaned_data["owners"]
        if not units:
            raise forms.ValidationError(_("Choose at least one owner unit."))
        return units

    def clean(self):
        data = super().clean()
        if data.get("valid_from") and data.get("valid_to") and data["valid_to"] < data["valid_from"]:
            self.add_error("valid_to", _("The validity cannot end before it starts."))
        return data


def default_owner_codes(user) -> str:
    units = editable_units(user).exclude(kind="kraj")[:2]
    return " ".join(u.code for u in units)


class NodeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=NodeKind.choices)
    code = forms.CharField(label=_("Code"), required=False, max_length=30,
                           help_text=_("e.g. 2.1.3"))
    title = forms.CharField(label=_("Title"), max_length=500)
    description = forms.CharField(label=_("Description"), required=False,
                                  max_length=TEXT_MAX_LENGTH,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    responsible = forms.CharField(label=_("Responsible body"), required=False, max_length=200)
    areas = AreaChoiceField(label=_("Concept key areas"), required=False,
                            queryset=KeyArea.objects.order_by("position"),
                            widget=forms.CheckboxSelectMultiple)
    parent = forms.TypedChoiceField(label=_("Parent element"), required=False, coerce=int,
                                    empty_value=None)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, strategy=None, exclude_pk=None, **kwargs):
        super().__init__(*args, **kwargs)
        nodes = strategy.nodes.order_by("position", "id") if strategy else []
        self.fields["parent"].choices = [("", _("— top level —"))] + [
            (n.pk, f"{n.get_kind_display()}: {n}") for n in nodes if n.pk != exclude_pk]


class IndicatorForm(forms.Form):
    name = forms.CharField(label=_("Indicator"), max_length=300)
    unit = forms.CharField(label=_("Unit"), required=False, max_length=50)
    baseline_value = forms.DecimalField(label=_("Baseline value"), required=False,
                                        max_digits=20, decimal_places=4, localize=True)
    baseline_year = forms.IntegerField(label=_("Baseline year"), required=False,
                                       min_value=1990, max_value=2100)
    target_value = forms.DecimalField(label=_("Target value"), required=False, max_digits=20,
                                      decimal_places=4, localize=True)
    target_year = forms.IntegerField(label=_("Target year"), required=False, min_value=1990,
                                     max_value=2100)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class IndicatorValueForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    value = forms.DecimalField(label=_("Measured value"), max_digits=20, decimal_places=4,
                               localize=True, required=False,
                               help_text=_("Leave empty to remove the value for that year."))


class DocumentUploadForm(forms.Form):
    file = forms.FileField(label=_("File"),
                           help_text=_("PDF, DOCX, ODT, HTML or TXT; the type is checked by "
                                       "content."))
    part = forms.ChoiceField(label=_("Part"), choices=DocumentPart.choices)
    title = forms.CharField(label=_("Title"), required=False, max_length=300)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class ReturnForm(forms.Form):
    comment = forms.CharField(label=_("What should the editor change?"),
                              max_length=COMMENT_MAX_LENGTH,
                              widget=forms.Textarea(attrs={"rows": 4}))


class TreeImportForm(forms.Form):
    file = forms.FileField(label=_("File with the structure (CSV, XLSX or JSON)"))


class StrategyFilterForm(forms.Form):
    q = forms.CharField(label=_("Text in title or summary"), required=False, max_length=200)
    kraj = forms.ChoiceField(label=_("Region"), required=False)
    orp = ChooserField("unit", multiple=False, required=False, as_values=True,
                       params={"kind": "orp"}, label=_("ORP (municipality with extended powers)"),
                       help_text=_("Type the name of the town, diacritics optional."))
    level = forms.ChoiceField(label=_("Level"), required=False,
                              choices=[("", _("any"))] + Level.choices)
    type = forms.ChoiceField(label=_("Type"), required=False,
                             choices=[("", _("any"))] + StrategyType.choices)
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("any"))] + Status.choices)
    state = forms.ChoiceField(label=_("Workflow state"), required=False,
                              choices=[("", _("any"))] + ReviewState.choices)
    year = forms.IntegerField(label=_("Valid in year"), required=False, min_value=1990,
                              max_value=2100)
    area = forms.ChoiceField(label=_("Key area"), required=False)
    smart = forms.ChoiceField(label=_("Has a SMART strategy"), required=False, choices=[
        ("", _("any")), ("yes", _("yes")), ("no", _("no"))])

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not getattr(user, "is_authenticated", False):
            del self.fields["state"]  # visitors see published strategies only
        self.fields["kraj"].choices = [("", _("any"))] + [(k.code, k.name) for k in kraje()]
        self.fields["area"].choices = [("", _("any"))] + [
            (a.code, f"{a.code} {a.name}") for a in KeyArea.objects.order_by("position")]
