"""A target and a capaian figure as every page prints them, written in Python: the entry page
prints two per indicator and the indicator page two per quarter of every year, where an include
per cell was most of the page's time (issue 12, decision 0015)."""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from sakip.core.formats import format_target_id
from sakip.core.templatetags.sakip_format import id_number
from sakip.measurement import Target

from .selectors import PeriodFigure


def target_text(target: Target | None) -> str:
    """A target in Indonesian format (`core.formats.format_target_id`: "80", a range "70–80"),
    or "—" when there is none, as these pages always printed it."""
    return format_target_id(target.low, target.high) if target else "—"


def figure_html(figure: PeriodFigure) -> SafeString:
    """Capaian with two decimals and its category badge, or "n/a" with the reason."""
    shown = figure.capaian_display
    if shown is None:
        return format_html(
            '<span class="text-secondary" title="{reason}">{na}</span>'
            '<div class="small text-secondary">{reason}</div>',
            reason=figure.na_reason,
            na=gettext("n/a"),
        )
    badge = ""
    if figure.category:
        badge = format_html('<span class="badge {}">{}</span>', figure.badge, figure.category.label)
    return format_html(
        '<span class="text-nowrap" data-capaian="{}">{}%</span> {} ',
        figure.label,
        id_number(shown, 2),
        badge,
    )
