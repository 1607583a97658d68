"""The Python-written widgets must print exactly what Django's own widget templates print."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

from sakip.core.form_renderer import INPUT_TEMPLATES, FastWidgetRenderer
from sakip.core.forms import IdDecimalField, PlanForm, field_html

WIDGETS = [
    forms.TextInput,
    forms.NumberInput,
    forms.EmailInput,
    forms.URLInput,
    forms.SearchInput,
    forms.TelInput,
    forms.PasswordInput,
    forms.HiddenInput,
    forms.FileInput,
    forms.DateInput,
    forms.DateTimeInput,
    forms.TimeInput,
    forms.Textarea,
]

VALUES = [
    None,
    "",
    "plain",
    'He said "<b>&amp;</b>" and it\'s',
    mark_safe("<i>kept as it is</i>"),
    "line one\nline two",
    0,
    1250,
    Decimal("12.50"),
    datetime.date(2026, 12, 5),
    datetime.datetime(2026, 12, 5, 9, 30),
    datetime.time(8, 15),
    True,
]

ATTRS = [
    {},
    {"class": "form-control form-control-sm", "id": "id_row-1-value"},
    {"required": True, "disabled": False, "readonly": True},
    {"maxlength": 200, "step": Decimal("0.01"), "data-x": 0},
    {"placeholder": gettext_lazy("Kendala"), "title": 'a "quoted" <title> & more'},
    {"aria-describedby": mark_safe("a&b"), "data-tuple": (1, 2)},
    {"inputmode": "decimal", "autocomplete": "off", "aria-invalid": "true"},
]


@pytest.mark.parametrize("widget_class", WIDGETS, ids=lambda w: w.__name__)
@pytest.mark.parametrize("language", ["id", "en"])
def test_every_widget_prints_what_the_django_templates_print(widget_class, language):
    django_renderer = DjangoTemplates()
    fast = FastWidgetRenderer()
    with override(language):
        for attrs in ATTRS:
            widget = widget_class(attrs=attrs)
            for value in VALUES:
                expected = widget.render("row-1-value", value, renderer=django_renderer)
                assert widget.render("row-1-value", value, renderer=fast) == expected, (
                    attrs,
                    value,
                )


def test_a_bound_field_with_errors_prints_the_same():
    class EntryForm(forms.Form):
        value = forms.DecimalField(widget=forms.TextInput(attrs={"class": "form-control"}))
        problems = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)

    form = EntryForm({"value": "1.250,5x", "problems": "<script>"})
    assert not form.is_valid()
    for name in ("value", "problems"):
        fast = form[name].as_widget()
        form.renderer = DjangoTemplates()
        plain = form[name].as_widget()
        form.renderer = FastWidgetRenderer()
        assert fast == plain
    assert 'aria-invalid="true"' in form["value"].as_widget()
    assert ">\n&lt;script&gt;</textarea>" in form["problems"].as_widget()


def test_other_widgets_still_use_their_templates():
    select = forms.Select(choices=[("a", "<A>"), ("b", "B")])
    html = select.render("kind", "a", renderer=FastWidgetRenderer())
    assert html == select.render("kind", "a", renderer=DjangoTemplates())
    assert "django/forms/widgets/select.html" not in INPUT_TEMPLATES
    assert '<option value="a" selected>&lt;A&gt;</option>' in html


def test_the_project_renders_its_forms_with_it(settings):
    assert settings.FORM_RENDERER == "sakip.core.form_renderer.FastWidgetRenderer"


class _Sample(PlanForm):
    value = IdDecimalField(label="Realisasi")
    budget = IdDecimalField(label="Anggaran", money=True, decimal_places=2)
    note = forms.CharField(required=False, max_length=20, widget=forms.Textarea(attrs={"rows": 2}))
    needed = forms.CharField(max_length=5)
    email = forms.EmailField(required=False)
    upload = forms.FileField(required=False, widget=forms.FileInput(attrs={"accept": ".pdf"}))
    helped = forms.CharField(required=False, help_text="Bantuan")
    kind = forms.ChoiceField(choices=[("a", "A")], required=False)
    fixed = forms.CharField(required=False, widget=forms.TextInput(attrs={"id": "tetap"}))


INITIAL = {
    "value": Decimal("1250.5"),
    "budget": Decimal("1004422800"),
    "note": 'Baris <satu>\n"dua"',
    "needed": "ok",
    "email": "a@b.id",
}


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize(
    "data",
    [
        None,  # unbound: the stored values written back
        {"value": "1.250", "budget": "Rp1.000", "note": "x" * 30, "needed": "", "email": "no"},
        {"value": "1.25", "budget": "=SUM(A1)", "note": "<b>ok</b>", "needed": "abc"},
    ],
    ids=["unbound", "refused", "ambiguous"],
)
@pytest.mark.parametrize("prefix", [None, "row"])
def test_field_html_writes_what_the_bound_field_writes(language, data, prefix):
    with override(language):
        form = _Sample(data, initial=INITIAL, prefix=prefix)
        if data is not None:
            assert not form.is_valid()
        for name in form.fields:
            assert field_html(form, name) == str(form[name]), name


def test_field_html_marks_a_refused_field_for_screen_readers():
    form = _Sample({"value": "1.25", "needed": "ok"})
    html = field_html(form, "value")
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_value_error"' in html
    assert "is-invalid" in html
    assert 'value="1.25"' in html  # what was typed stays
