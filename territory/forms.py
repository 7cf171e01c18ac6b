from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.choosers import ChooserField
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
    members = ChooserField(
        "unit", label=_("Member municipalities"), params={"kind": Kind.OBEC},
        help_text=_("Type the names of the municipalities (diacritics optional) or their "
                    "official codes and choose from the list."),
    )
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea,
                                  max_length=TEXT_MAX_LENGTH)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean_members(self) -> list[TerritorialUnit]:
        units = self.cleaned_data["members"]
        if not units:
            raise forms.ValidationError(_("Choose at least one member municipality."))
        return units
