"""The form base every app's forms build on: Bootstrap classes, service errors placed next to
their fields, the version an edit form was loaded with (decision 0003), and numbers read strictly
in the active language and shown back as read (decision 0008)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .form_renderer import render_input, render_textarea
from .numbers import NumberError, format_input, format_shown, parse_number, storage_problem

# --- numbers ---------------------------------------------------------------------------------


def format_id_input(value: Decimal, *, money: bool = False) -> str:
    """A stored number written back into an input, in the active language with thousands
    separators ("1.250", "95,56", rupiah "1.004.422.800"): it parses to the same value and shows
    the person how their entry was read (sakip.core.numbers)."""
    return format_input(value, money=money)


class IdDecimalField(forms.Field):
    """A decimal typed the way of the active language, read strictly by `sakip.core.numbers`
    (in Indonesian `1.250` is 1250 and `12,5` is 12.5; `1.25` is refused as ambiguous) and
    refused when the database could not store it exactly."""

    def __init__(
        self, *, money: bool = False, decimal_places: int = 4, max_digits: int = 20, **kwargs: Any
    ) -> None:
        self.money = money
        self.decimal_places = decimal_places
        self.max_digits = max_digits
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs.update({"inputmode": "decimal", "autocomplete": "off"})
        return attrs

    def to_python(self, value: Any) -> Decimal | None:
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            number = value
        else:
            try:
                number = parse_number(str(value), money=self.money)
            except NumberError as exc:
                raise ValidationError(exc.message, code=exc.code) from None
        problem = storage_problem(number, places=self.decimal_places, max_digits=self.max_digits)
        if problem is not None:
            raise ValidationError(problem.message, code=problem.code)
        return number

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            return format_id_input(value, money=self.money)
        return value


# --- shared form behaviour -------------------------------------------------------------------


NUMBERS_READ = _("Angka yang tersimpan: %(listed)s.")
READ_AS = _("%(label)s = %(value)s")


class SakipBoundField(BoundField):
    """Marks an input with an error for Bootstrap (`is-invalid`) next to Django's aria-invalid."""

    def build_widget_attrs(self, attrs: dict[str, Any], widget: Any = None) -> dict[str, Any]:
        attrs = super().build_widget_attrs(attrs, widget)
        if self.errors:
            widget = widget or self.field.widget
            base = attrs.get("class", widget.attrs.get("class", ""))
            attrs["class"] = f"{base} is-invalid".strip()
        return attrs


# The widgets `field_html` writes itself: Django's own, whose context is the plain input's.
_PLAIN_WIDGETS = (
    forms.TextInput,
    forms.NumberInput,
    forms.EmailInput,
    forms.URLInput,
    forms.TelInput,
    forms.SearchInput,
    forms.FileInput,
    forms.Textarea,
)


def field_id(form: forms.Form, name: str) -> str:
    """The id Django gives a field's input (`BoundField.auto_id`)."""
    auto_id, html_name = form.auto_id, form.add_prefix(name)
    if auto_id and "%s" in str(auto_id):
        return str(auto_id) % html_name
    return html_name if auto_id else ""


def field_html(form: forms.Form, name: str) -> SafeString:
    """`str(form[name])` for a page that writes hundreds of inputs (the quarterly entry page,
    issue 12): the same HTML (tests compare the two for bound, unbound and refused fields), built
    without a BoundField and its widget context. Any field it does not know (another widget, a
    help text, a disabled or localized field, a fixed id) is written by its BoundField."""
    field = form.fields[name]
    widget = field.widget
    if (
        type(widget) not in _PLAIN_WIDGETS
        or field.disabled
        or field.localize
        or field.help_text
        or "id" in widget.attrs
        or "aria-describedby" in widget.attrs
        or not issubclass(form.bound_field_class or BoundField, SakipBoundField)
    ):
        return SafeString(form[name])
    html_name = form.add_prefix(name)
    initial = form.get_initial_for_field(field, name)
    value = initial
    if form.is_bound:
        value = field.bound_data(
            widget.value_from_datadict(form.data, form.files, html_name), initial
        )
    errors = form.errors.get(name) if form.is_bound else None
    id_ = field_id(form, name)
    extra: dict[str, Any] = {}
    if field.required and form.use_required_attribute and widget.use_required_attribute(initial):
        extra["required"] = True
    if errors:
        extra["aria-invalid"] = "true"
        if id_:
            extra["aria-describedby"] = f"{id_}_error"
        extra["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
    if id_:
        extra["id"] = id_
    context = {
        "name": html_name,
        "value": widget.format_value(field.prepare_value(value)),
        "attrs": {**widget.attrs, **extra},
    }
    # Every part is escaped by the render functions, as a widget's template escapes it.
    if isinstance(widget, forms.Textarea):
        return SafeString(render_textarea(context))
    return SafeString(render_input({**context, "type": widget.input_type}))


class FastField:
    """What a template reads of a bound field (`{{ field }}`, `.id_for_label`, `.auto_id`,
    `.label`, `.errors`), written by `field_html`: for pages with hundreds of inputs."""

    __slots__ = ("form", "name")

    def __init__(self, form: forms.Form, name: str) -> None:
        self.form = form
        self.name = name

    def __html__(self) -> SafeString:
        return field_html(self.form, self.name)

    __str__ = __html__

    @property
    def auto_id(self) -> str:
        return field_id(self.form, self.name)

    id_for_label = auto_id

    @property
    def label(self) -> Any:
        return self.form.fields[self.name].label

    @property
    def errors(self) -> Any:
        return self.form.errors.get(self.name, []) if self.form.is_bound else []


class PlanForm(forms.Form):
    """Bootstrap classes on every widget, and service errors mapped onto fields."""

    bound_field_class = SakipBoundField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for form_field in self.fields.values():
            self._style(form_field)

    @staticmethod
    def _style(form_field: forms.Field) -> None:
        widget = form_field.widget
        if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
            css = "form-check-input"
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            css = "form-select"
        elif isinstance(widget, forms.HiddenInput):
            return
        else:
            css = "form-control"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    @property
    def main_fields(self) -> list[BoundField]:
        """Visible fields other than the per-year inputs, which templates lay out as a table."""
        return [
            bound
            for bound in self.visible_fields()
            if not bound.name.startswith(("target_", "pagu_"))
        ]

    def numbers_read(self, limit: int = 8) -> str:
        """After a save: the numbers this save changed, as the system read them ("Realisasi IK1 =
        1.250; Realisasi anggaran 5.01 Januari = Rp1.250.000"), so a person sees at once whether
        "1.250" was read as they meant it (UX.md "Numbers"). Empty when no number changed."""
        shown = []
        for name in self.changed_data:
            field = self.fields[name]
            value = self.cleaned_data.get(name)
            if not isinstance(field, IdDecimalField) or value is None:
                continue
            text = format_shown(value, money=field.money)
            shown.append(READ_AS % {"label": field.label, "value": text})
        if not shown:
            return ""
        more = len(shown) - limit
        listed = "; ".join(shown[:limit])
        if more > 0:
            listed = ngettext(
                "%(listed)s; dan %(count)s angka lain", "%(listed)s; dan %(count)s angka lain", more
            ) % {"listed": listed, "count": more}
        return str(NUMBERS_READ % {"listed": listed})

    def add_service_error(self, exc: ValidationError) -> None:
        """Put a service's ValidationError next to the field it names; anything else on top."""
        if hasattr(exc, "error_dict"):
            for name, errors in exc.error_dict.items():
                self.add_error(name if name in self.fields else None, errors)
        else:
            self.add_error(None, exc)


class VersionMixin(forms.Form):
    """Edit forms carry the version they were loaded with, to refuse a save over someone else's."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    @property
    def expected_version(self) -> int | None:
        return self.cleaned_data.get("version")


class SearchInput(forms.TextInput):
    input_type = "search"
