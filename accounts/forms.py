from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from territory.models import TerritorialUnit

from .models import Role, User


class GrantMembershipForm(forms.Form):
    email = forms.EmailField(label=_("User's e-mail"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    unit_code = forms.CharField(
        label=_("Territorial unit code"), required=False, max_length=20,
        help_text=_("Official code (e.g. 544256 for a municipality, CZ031 for a kraj); "
                    "leave empty for nationwide roles."),
    )

    def clean_email(self) -> User:
        email = self.cleaned_data["email"].lower()
        user = User.objects.filter(email=email).first()
        if user is None:
            raise forms.ValidationError(_("No user has this e-mail address."))
        return user

    def clean_unit_code(self) -> TerritorialUnit | None:
        code = self.cleaned_data["unit_code"].strip()
        if not code:
            return None
        unit = TerritorialUnit.objects.filter(code=code, is_active=True).first()
        if unit is None:
            raise forms.ValidationError(_("No territorial unit has this code."))
        return unit
