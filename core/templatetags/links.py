"""Links in templates.

`{{ value|link_href }}`: the stored link when it may be an `href` (http or https),
else "" so the template shows it as text. Links stored before the check existed never
become clickable `javascript:`.

`{% page_in_language "en" %}`: the page being shown in another language."""

from __future__ import annotations

from django import template
from django.urls import translate_url

from core.validators import is_safe_link

register = template.Library()


@register.filter
def link_href(value) -> str:
    return value if is_safe_link(value) else ""


@register.simple_tag(takes_context=True)
def page_in_language(context, language: str) -> str:
    """The address of the page being shown, in another language (its query kept); the
    other language's home page when the address has no counterpart (an error page).
    A plain link switches the language, so a page needs no form and no CSRF token for it
    and stays the same for every anonymous visitor (core.pagecache)."""
    home = f"/{language}/"
    request = context.get("request")
    if request is None:
        return home
    current = request.get_full_path()
    translated = translate_url(current, language)
    return translated if translated != current else home
