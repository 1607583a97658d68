"""The compliance page's task rows are written in Python (procedures/compliance_rows_html.py):
the same markup as the template rows they replace, for every kind of row (on time, late, open,
a second round, no unit, no actual time, a name with markup in it), in both languages."""

from __future__ import annotations

import dataclasses
import re

import pytest
from django.template import Context, Template
from django.utils import translation

from sakip.procedures.compliance import compliance_report
from sakip.procedures.compliance_rows_html import step_rows_html, unit_rows_html

from .test_compliance import runs  # noqa: F401  # the fixture

pytestmark = pytest.mark.django_db

# The template rows as they were before the rows were written in Python.
STEP_ROWS = """{% load i18n %}{% for row in rows %}{% with task=row.task step=row.task.step %}
      <tr>
        <td><a href="{{ row.run_url }}">{{ task.run.title }}</a></td>
        <td>{{ step.number }}. {{ step.activity|truncatechars:60 }}{% if task.round > 1 %} <span class="badge text-bg-light border">{% blocktranslate with round=task.round %}putaran {{ round }}{% endblocktranslate %}</span>{% endif %}</td>
        <td>{{ step.lane.name }}<div class="small text-secondary">{{ task.assignee.display_name }}</div></td>
        <td>{{ task.unit.name|default:"—" }}</td>
        <td>{{ row.standard_time }}</td>
        <td>{{ row.actual|default:"—" }}</td>
        <td><span class="badge text-bg-{{ row.badge }}">{{ row.status_label }}</span></td>
      </tr>
    {% endwith %}{% endfor %}"""  # noqa: E501

UNIT_ROWS = """{% load i18n %}{% for row in rows %}{% with task=row.task %}
      <tr>
        <td><a href="{{ row.run_url }}">{{ task.run.title }}</a>{% if task.round > 1 %} <span class="badge text-bg-light border">{% blocktranslate with round=task.round %}putaran {{ round }}{% endblocktranslate %}</span>{% endif %}</td>
        <td>{{ task.unit.name|default:"—" }}</td>
        <td>{{ task.assignee.display_name }}</td>
        <td class="text-nowrap">{% if task.deadline %}{{ task.deadline|date:"d F Y H:i" }}{% else %}—{% endif %}</td>
        <td class="text-nowrap">{% if task.completed_at %}{{ task.completed_at|date:"d F Y H:i" }}{% else %}—{% endif %}</td>
        <td><span class="badge text-bg-{{ row.badge }}">{{ row.status_label }}</span></td>
      </tr>
    {% endwith %}{% endfor %}"""  # noqa: E501


def _tokens(html: str) -> list[str]:
    """Tags and texts, whitespace between tags left out (it does not show)."""
    return [part.strip() for part in re.split(r"(<[^>]+>)", str(html)) if part.strip()]


def _varied_rows(organization):
    """The report's rows, and copies changed to cover every branch of the markup."""
    rows = compliance_report(organization["admin"], year=None).rows
    assert len(rows) >= 3
    first = rows[0]
    task = first.task
    odd = dataclasses.replace(first, task=_copy(task), run_url="/x/?a=1&b=2", standard_time="")
    odd.task.round = 2
    odd.task.unit = None
    odd.task.deadline = None
    odd.task.completed_at = None
    odd.task.step = _copy(task.step)
    odd.task.step.activity = "Langkah <b>tebal</b> & " + "panjang " * 12
    odd.task.run = _copy(task.run)
    odd.task.run.title = 'Run "kutip" <i>'
    return [*rows, odd]


def _copy(instance):
    clone = type(instance)()
    clone.__dict__.update(instance.__dict__)
    clone._state = instance._state
    return clone


@pytest.mark.parametrize("language", ["id", "en"])
def test_step_and_unit_rows_are_the_templates(organization, runs, language):  # noqa: F811
    rows = _varied_rows(organization)
    with translation.override(language):
        for template, written in ((STEP_ROWS, step_rows_html), (UNIT_ROWS, unit_rows_html)):
            expected = Template(template).render(Context({"rows": rows}))
            assert _tokens(written(rows)) == _tokens(expected)


def test_what_people_name_is_escaped(organization, runs):  # noqa: F811
    html = step_rows_html(_varied_rows(organization))
    assert "<b>" not in html and "<i>" not in html
    assert "Langkah &lt;b&gt;tebal&lt;/b&gt; &amp;" in html
    assert 'href="/x/?a=1&amp;b=2"' in html
