from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class TechnologyNamesForm(forms.Form):
    name_cs = forms.CharField(label=_("Name (Czech)"), max_length=300)
    name_en = forms.CharField(label=_("Name (English)"), max_length=300)


class TechnologyForm(TechnologyNamesForm):
    code = forms.CharField(
        label=_("Code"), max_length=50, required=False,
        help_text=_("Lowercase letters, digits and hyphens, e.g. smart-parking; used by the "
                    "API and exports and cannot be changed later. Leave empty to derive it "
                    "from the English name."))

    field_order = ["name_cs", "name_en", "code"]
