from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from territory.models import TerritorialUnit

from .models import TOKEN_DEFAULT_DAYS, TOKEN_MAX_DAYS, Role, TokenScope, User


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


class ApiTokenForm(forms.Form):
    """Name, scope and lifetime of a new API token (the service checks them again)."""

    EXPIRY_CHOICES = [
        ("30", _("30 days")),
        ("90", _("90 days")),
        ("365", _("1 year")),
        ("date", _("until a date")),
    ]

    name = forms.CharField(label=_("Token name"), max_length=100,
                           help_text=_("e.g. after the system that will use it"))
    scopes = forms.ChoiceField(label=_("Scope"), choices=TokenScope.choices,
                               initial=TokenScope.READ, widget=forms.RadioSelect,
                               help_text=_("A read-only token is refused on every change."))
    expires = forms.ChoiceField(label=_("Valid for"), choices=EXPIRY_CHOICES,
                                initial=str(TOKEN_DEFAULT_DAYS))
    valid_until = forms.DateField(
        label=_("Last day"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("with “until a date”; at most one year from today"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["valid_until"].widget.attrs.update(
            min=today.isoformat(), max=(today + dt.timedelta(days=TOKEN_MAX_DAYS)).isoformat())

    def clean(self):
        data = super().clean()
        expires = data.get("expires")
        if expires == "date":
            if data.get("valid_until") is None and "valid_until" not in self.errors:
                self.add_error("valid_until", _("Choose the last day the token works."))
        elif expires:
            data["valid_until"] = timezone.localdate() + dt.timedelta(days=int(expires))
        return data
