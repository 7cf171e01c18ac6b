from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.text import TEXT_MAX_LENGTH

from .models import GROUP_KINDS, Kind, TerritorialUnit


class UnitSearchForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False,
        choices=[("", _("all kinds")), *Kind.choices],
    )


class GroupForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[(k.value, k.label) for k in GROUP_KINDS])
    name = forms.CharField(label=_("Name"), max_length=200)
    code = forms.CharField(
        label=_("Code"), max_length=20, required=False,
        help_text=_("Optional, e.g. the organisation's IČO; generated when left empty."),
    )
    members = forms.CharField(
        label=_("Member municipalities"),
        help_text=_("Official codes of the municipalities, separated by commas or spaces."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea,
                                  max_length=TEXT_MAX_LENGTH)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean_members(self) -> list[TerritorialUnit]:
        codes = [c for c in self.cleaned_data["members"].replace(",", " ").split() if c]
        units = list(TerritorialUnit.objects.filter(code__in=codes, kind=Kind.OBEC))
        unknown = sorted(set(codes) - {u.code for u in units})
        if unknown:
            raise forms.ValidationError(
                _("Unknown municipality codes: %(codes)s"), params={"codes": ", ".join(unknown)}
            )
        if not units:
            raise forms.ValidationError(_("Choose at least one member municipality."))
        return units
