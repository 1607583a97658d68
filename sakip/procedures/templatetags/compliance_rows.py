"""The compliance page's task rows, written by procedures.compliance_rows_html."""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.safestring import SafeString

from sakip.procedures import compliance_rows_html
from sakip.procedures.compliance import ComplianceRow

register = template.Library()


@register.simple_tag
def step_rows_html(rows: Iterable[ComplianceRow]) -> SafeString:
    return compliance_rows_html.step_rows_html(rows)


@register.simple_tag
def unit_rows_html(rows: Iterable[ComplianceRow]) -> SafeString:
    return compliance_rows_html.unit_rows_html(rows)
