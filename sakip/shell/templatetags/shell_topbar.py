"""The signed-in part of the top bar written in Python: the year, the user's menu with the
languages and the logout. It is on every signed-in page, and through the template language it
cost about a millisecond of each (issue 12; decision 0015: hot markup written in Python). The
markup is the template's (shell/tests/test_topbar.py compares them)."""

from __future__ import annotations

from html import escape
from typing import Any

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

register = template.Library()

# The languages' own names, as the menu offers them.
LANGUAGE_NAMES = {"id": "Bahasa Indonesia", "en": "English"}


def _csrf(context: template.Context) -> str:
    token = context.get("csrf_token")
    if not token or str(token) == "NOTPROVIDED":
        return ""
    return f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(str(token))}">'


def _year_form(context: template.Context, csrf: str, here: str) -> str:
    selected = context.get("selected_year")
    options = "".join(
        f'<option value="{year}"{" selected" if year == selected else ""}>{year}</option>'
        for year in context.get("year_choices") or ()
    )
    return (
        f'<form method="post" action="{escape(reverse("shell:choose_year"))}"'
        ' class="d-flex align-items-center gap-1">'
        f'{csrf}<input type="hidden" name="next" value="{here}">'
        f'<label for="year-select" class="text-white small">{escape(gettext("Tahun"))}</label>'
        '<select id="year-select" name="year" class="form-select form-select-sm '
        f'sakip-autosubmit">{options}</select>'
        f'<noscript><button class="btn btn-sm btn-light">{escape(gettext("Tampilkan"))}'
        "</button></noscript></form>"
    )


def _language_items(csrf: str, here: str) -> str:
    current = get_language()
    action = escape(reverse("set_language"))
    items = []
    for code, _name in settings.LANGUAGES:
        chosen = code == current
        check = '<i class="bi bi-check" aria-hidden="true"></i>' if chosen else ""
        current_mark = ' aria-current="true"' if chosen else ""
        items.append(
            f'<li><form method="post" action="{action}">{csrf}'
            f'<input type="hidden" name="next" value="{here}">'
            f'<button class="dropdown-item" name="language" value="{escape(code)}"{current_mark}>'
            f"{check} {escape(LANGUAGE_NAMES.get(code, code))}</button></form></li>"
        )
    return "".join(items)


@register.simple_tag(takes_context=True)
def topbar_user(context: template.Context) -> SafeString:
    """The year form and the user's menu of a signed-in page."""
    request: Any = context["request"]
    csrf = _csrf(context)
    here = escape(request.get_full_path())
    name = escape(str(context["user"].display_name))
    return mark_safe(  # noqa: S308  # every value escaped above
        _year_form(context, csrf, here)
        + '<div class="dropdown"><button class="btn btn-sm btn-outline-light dropdown-toggle"'
        ' data-bs-toggle="dropdown" aria-expanded="false" id="user-menu">'
        f'<i class="bi bi-person-circle" aria-hidden="true"></i> {name}</button>'
        '<ul class="dropdown-menu dropdown-menu-end" aria-labelledby="user-menu">'
        f'<li><a class="dropdown-item" href="{escape(reverse("accounts:profile"))}">'
        f"{escape(gettext('Profil'))}</a></li>"
        f'<li><a class="dropdown-item" href="{escape(reverse("accounts:password_change"))}">'
        f"{escape(gettext('Ubah kata sandi'))}</a></li>"
        '<li><hr class="dropdown-divider"></li>'
        + _language_items(csrf, here)
        + '<li><hr class="dropdown-divider"></li>'
        f'<li><form method="post" action="{escape(reverse("accounts:logout"))}">{csrf}'
        f'<button class="dropdown-item" id="logout-button">{escape(gettext("Keluar"))}'
        "</button></form></li></ul></div>"
    )
