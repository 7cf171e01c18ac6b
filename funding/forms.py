from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from concept.models import KeyArea
from core.choosers import ChooserField
from core.money import MAX_POPULATION
from core.text import TEXT_MAX_LENGTH
from intentions.forms import MoneyField
from territory.queries import active_units

from .models import ApplicantType, CallState, Programme, ProviderType


class AreaChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.name}"


class CallForm(forms.Form):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.all())
    identifier = forms.CharField(label=_("Identifier"), max_length=60)
    title = forms.CharField(label=_("Title"), max_length=300)
    provider = forms.CharField(label=_("Provider"), max_length=200, required=False,
                               help_text=_("Leave empty to use the programme's provider."))
    description = forms.CharField(label=_("Description"), required=False,
                                  max_length=TEXT_MAX_LENGTH,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    applicant_types = forms.MultipleChoiceField(label=_("Eligible applicant types"),
                                                required=False, choices=ApplicantType.choices,
                                                widget=forms.CheckboxSelectMultiple)
    min_population = forms.IntegerField(label=_("Minimum population"), required=False,
                                        min_value=0, max_value=MAX_POPULATION)
    max_population = forms.IntegerField(label=_("Maximum population"), required=False,
                                        min_value=0, max_value=MAX_POPULATION)
    territories = ChooserField(
        "unit", label=_("Eligible territory"), required=False,
        params={"kind": "kraj,orp,obec"},
        help_text=_("Type the names (or codes) of kraje, ORP or municipalities and choose from "
                    "the list; leave empty for the whole country."))
    areas = AreaChoiceField(label=_("Concept key areas"), required=False,
                            queryset=KeyArea.objects.order_by("position"),
                            widget=forms.CheckboxSelectMultiple)
    allocation = MoneyField(label=_("Allocation (CZK)"))
    min_support = MoneyField(label=_("Minimum support (CZK)"))
    max_support = MoneyField(label=_("Maximum support (CZK)"))
    cofinancing_rate = forms.DecimalField(label=_("Co-financing rate (%)"), min_value=0,
                                          max_value=100, decimal_places=2, localize=True,
                                          initial=0)
    opens_on = forms.DateField(label=_("Opens on"),
                               widget=forms.DateInput(attrs={"type": "date"},
                                                      format="%Y-%m-%d"))
    closes_on = forms.DateField(label=_("Closes on"),
                                widget=forms.DateInput(attrs={"type": "date"},
                                                       format="%Y-%m-%d"))
    web_url = forms.URLField(label=_("Web link"), required=False, assume_scheme="https")
    documents = forms.CharField(label=_("Documents"), required=False,
                                max_length=TEXT_MAX_LENGTH,
                                widget=forms.Textarea(attrs={"rows": 3}),
                                help_text=_("One per line: title | link"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean_documents(self):
        documents = []
        for line in self.cleaned_data["documents"].splitlines():
            if not line.strip():
                continue
            title, _sep, url = line.partition("|")
            url = (url or title).strip()
            if not url.startswith(("http://", "https://")):
                raise forms.ValidationError(_("Each document needs a link starting with "
                                              "https://."))
            documents.append((title.strip() or url, url))
        return documents


class CallImportForm(forms.Form):
    file = forms.FileField(label=_("File with calls (CSV or XLSX)"))


class ProgrammeForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=40)
    name = forms.CharField(label=_("Name"), max_length=300)
    provider_type = forms.ChoiceField(label=_("Provider type"), choices=ProviderType.choices)
    provider = forms.CharField(label=_("Provider"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False,
                                  max_length=TEXT_MAX_LENGTH,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    web_url = forms.URLField(label=_("Web link"), required=False, assume_scheme="https")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class CallFilterForm(forms.Form):
    q = forms.CharField(label=_("Text"), required=False, max_length=200)
    state = forms.ChoiceField(label=_("State"), required=False, choices=[
        ("", _("any")), ("active", _("open or upcoming"))] + CallState.choices)
    area = forms.ChoiceField(label=_("Key area"), required=False)
    applicant_type = forms.ChoiceField(label=_("Applicant type"), required=False,
                                       choices=[("", _("any"))] + ApplicantType.choices)
    provider_type = forms.ChoiceField(label=_("Provider type"), required=False,
                                      choices=[("", _("any"))] + ProviderType.choices)
    kraj = forms.ChoiceField(label=_("Region"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", _("any"))] + [
            (a.code, f"{a.code} {a.name}") for a in KeyArea.objects.order_by("position")]
        self.fields["kraj"].choices = [("", _("any"))] + [
            (k.code, k.name) for k in active_units().filter(kind="kraj").order_by("sort_key")]
