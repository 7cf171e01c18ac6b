from __future__ import annotations

import datetime as dt

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.choosers import ChooserField
from territory.models import TerritorialUnit

from .models import TOKEN_DEFAULT_DAYS, TOKEN_MAX_DAYS, Frequency, Role, TokenScope, User


class GrantMembershipForm(forms.Form):
    email = forms.EmailField(label=_("User's e-mail"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    unit_code = ChooserField(
        "unit", multiple=False, label=_("Territorial unit"), required=False,
        help_text=_("Type the name of the municipality, ORP, kraj or group (diacritics "
                    "optional) or its official code and choose from the list; leave empty "
                    "for nationwide roles."),
    )

    def clean_email(self) -> User:
        email = self.cleaned_data["email"].lower()
        user = User.objects.filter(email=email).first()
        if user is None:
            raise forms.ValidationError(_("No user has this e-mail address."))
        return user

    def clean_unit_code(self) -> TerritorialUnit | None:
        unit = self.cleaned_data["unit_code"]
        if unit is not None and not unit.is_active:
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


class NotificationSettingsForm(forms.Form):
    """One choice per kind of notice (registered by the sections), and the language."""

    language = forms.ChoiceField(label=_("Language of the e-mails"), required=False)

    def __init__(self, *args, kinds=(), current=None, language="", **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = list(kinds)
        for kind in self.kinds:
            self.fields[f"kind_{kind.key}"] = forms.ChoiceField(
                label=kind.label, choices=Frequency.choices, widget=forms.RadioSelect,
                initial=(current or {}).get(kind.key, kind.default))
        self.fields["language"].choices = settings.LANGUAGES
        self.fields["language"].initial = language or settings.LANGUAGE_CODE
        self.order_fields([f"kind_{kind.key}" for kind in self.kinds] + ["language"])

    def frequencies(self) -> dict[str, str]:
        return {kind.key: self.cleaned_data[f"kind_{kind.key}"] for kind in self.kinds}
