"""`{% load monitoring_figures %}`: `{{ target|target_text }}` and `{{ figure|capaian }}` (the
figures of sakip.monitoring.figure_html, without an include per cell)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from sakip.monitoring.figure_html import figure_html
from sakip.monitoring.figure_html import target_text as _target_text

register = template.Library()


@register.filter
def target_text(target: Any) -> str:
    return _target_text(target)


@register.filter
def capaian(figure: Any) -> SafeString:
    return figure_html(figure)
