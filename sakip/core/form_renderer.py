"""Form widgets rendered without a template per widget (issue 12).

A Django widget renders its own small template (`input.html`, which includes `attrs.html`): about
0.4 ms each, and the quarterly entry page has four per indicator plus two per month of every
sub-activity, so the widgets were a third of the page's time. The text-like inputs and the
textarea are written here in Python, to the same HTML as Django's templates (the tests compare
the two for every widget and attribute kind); every other widget (selects, checkboxes, radio
lists, the clearable file input) goes through the templates as before.
"""

from __future__ import annotations

import html
from functools import lru_cache
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData

_WIDGETS = "django/forms/widgets/"
# The widgets whose template is Django's `input.html` and nothing else.
INPUT_TEMPLATES = frozenset(
    _WIDGETS + name
    for name in (
        "text.html",
        "number.html",
        "email.html",
        "url.html",
        "color.html",
        "search.html",
        "tel.html",
        "password.html",
        "hidden.html",
        "file.html",
        "date.html",
        "datetime.html",
        "time.html",
        "input.html",
    )
)
TEXTAREA_TEMPLATE = _WIDGETS + "textarea.html"


# django.utils.html.escape() is html.escape() with its result marked safe; the parts here are
# joined into plain text, so the standard library's is used (the same characters, less work).


def _formatted(value: Any) -> str:
    """`{{ value|stringformat:'s' }}`: the value as text, escaped unless it is already safe."""
    text = "%s" % (str(value) if isinstance(value, tuple) else value)  # noqa: UP031 (the filter's)
    return text if isinstance(value, SafeData) else html.escape(text)


def _printed(value: Any) -> str:
    """`{{ value }}`: localized, then escaped unless already safe."""
    if isinstance(value, str):  # localize() returns text unchanged
        return value if hasattr(value, "__html__") else html.escape(value)
    value = localize(value)
    return str(conditional_escape(value if isinstance(value, str) else str(value)))


@lru_cache(maxsize=512)
def _attr_name(name: str) -> str:
    return _printed(name)


def _attrs(attrs: dict[str, Any]) -> str:
    """Django's `attrs.html`: ` name="value"`, a bare ` name` for True, nothing for False."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        written = _attr_name(name) if type(name) is str else _printed(name)
        parts.append(f" {written}" if value is True else f' {written}="{_formatted(value)}"')
    return "".join(parts)


# Both return plain text with every part escaped; the widget marks it safe (`Widget._render`).
def render_input(widget: dict[str, Any]) -> str:
    value = widget["value"]
    shown = "" if value is None else f' value="{_formatted(value)}"'
    return (
        f'<input type="{_printed(widget["type"])}" name="{_printed(widget["name"])}"'
        f"{shown}{_attrs(widget['attrs'])}>"
    )


def render_textarea(widget: dict[str, Any]) -> str:
    value = widget["value"]
    text = _printed(value) if value else ""
    name = _printed(widget["name"])
    return f'<textarea name="{name}"{_attrs(widget["attrs"])}>\n{text}</textarea>'


class FastWidgetRenderer(DjangoTemplates):
    """Django's default form renderer, with the input and textarea widgets written in Python."""

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        if template_name in INPUT_TEMPLATES:
            return render_input(context["widget"])
        if template_name == TEXTAREA_TEMPLATE:
            return render_textarea(context["widget"])
        return super().render(template_name, context, request=request)
