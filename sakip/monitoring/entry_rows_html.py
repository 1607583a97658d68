"""The indicator rows of the quarterly entry page, written in Python (issue 12).

The page is the one that grows with a unit's indicators: a Sekretariat reports forty or more. Each
row is two table rows with four inputs, two capaian figures, the targets, the review note and the
evidence list; through the template language that was about 0.6 ms per indicator, nearly all of
it the template engine resolving some sixty variables and tags. Written here it is a fraction
of that. The markup is the one `monitoring/cycle/submission_detail.html` had (the tests read the
page as before); the inputs are written by `sakip.core.forms.FastField`, the HTML of their
form fields (names, values as typed, error marks and ids) without a BoundField each.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any

from django import forms
from django.template.defaultfilters import filesizeformat, linebreaksbr
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.translation import gettext

from sakip.core.forms import FastField
from sakip.core.templatetags.sakip_format import id_plain

from .figure_html import figure_html, target_text
from .selectors import EntryRow


def _e(value: Any) -> str:
    """`conditional_escape`, with plain text escaped by the standard library (the same result
    without Django's lazy-text wrapper: this runs some thirty times per indicator)."""
    if type(value) is str:
        return html.escape(value)
    return str(conditional_escape(value))


class _Words:
    """The page's fixed words, translated once per render instead of once per row."""

    def __init__(self) -> None:
        self.annual_target = _e(gettext("Target tahunan"))
        self.no_action_plan = _e(gettext("Rencana Aksi belum disetujui"))
        self.target = _e(gettext("Target"))
        self.realisasi = _e(gettext("Realisasi"))
        self.review_note = _e(gettext("Catatan verifikasi"))
        self.problems = _e(gettext("Kendala"))
        self.solutions = _e(gettext("Solusi / tindak lanjut"))
        self.evidence = _e(gettext("Data dukung"))
        self.none_yet = _e(gettext("Belum ada."))


def _errors(field: FastField, extra_class: str = "") -> str:
    return "".join(
        f'<div class="invalid-feedback d-block{extra_class}" id="{field.auto_id}_error">'
        f"{_e(error)}</div>"
        for error in field.errors
    )


def _labelled(field: FastField, extra_class: str = "") -> str:
    """The input with its hidden label and its errors below it."""
    return (
        f'<label class="visually-hidden" for="{field.id_for_label}">{_e(field.label)}</label>'
        f"{field.__html__()}{_errors(field, extra_class)}"
    )


def _text_cell(field: FastField, label: str, stored: str, *, editable: bool) -> str:
    head = f'<label class="form-label small mb-0" for="{field.id_for_label}">{label}</label>'
    if editable:
        return f'<div class="col-md-4">{head}{field.__html__()}{_errors(field)}</div>'
    text = linebreaksbr(stored or "—", autoescape=True)
    return (
        f'<div class="col-md-4">{head}'
        f'<div class="small" id="{field.id_for_label}">{text}</div></div>'
    )


def _evidence_cell(form: forms.Form, row: EntryRow, words: _Words, *, editable: bool) -> str:
    items = []
    for item in row.evidence:
        name = _e(item.name)
        delete = ""
        if editable:
            confirm = _e(
                gettext("Hapus data dukung “%(name)s”? Isian lain di halaman ini ikut disimpan.")
                % {"name": item.name}
            )
            hidden = _e(gettext("Hapus %(name)s") % {"name": item.name})
            delete = (
                '<button class="btn btn-link btn-sm text-danger p-0 ms-1" type="submit" '
                f'name="delete_evidence" value="{item.pk}" data-confirm="{confirm}">'
                '<i class="bi bi-trash" aria-hidden="true"></i>'
                f'<span class="visually-hidden">{hidden}</span></button>'
            )
        url = reverse("monitoring:evidence_download", args=[item.pk])
        items.append(
            '<li class="d-flex align-items-center gap-1">'
            f'<a href="{url}"><i class="bi bi-paperclip" aria-hidden="true"></i> {name}</a>'
            f'<span class="text-secondary">({_e(filesizeformat(item.size))})</span>{delete}</li>'
        )
    listed = "".join(items) or f'<li class="text-secondary">{words.none_yet}</li>'
    pk = row.indicator.pk
    upload = _labelled(FastField(form, f"evidence_{pk}")) if editable else ""
    return (
        f'<div class="col-md-4"><span class="form-label small mb-0 d-block">{words.evidence}</span>'
        f'<ul class="list-unstyled small mb-1" id="evidence-{pk}">{listed}</ul>{upload}</div>'
    )


def _row(form: forms.Form, row: EntryRow, unit_id: int, words: _Words, *, editable: bool) -> str:
    indicator = row.indicator
    pk = indicator.pk
    responsible = ""
    if indicator.responsible_unit_id != unit_id:
        responsible = (
            f'<div class="small text-secondary">{_e(indicator.responsible_unit.name)}</div>'
        )
    source = "" if row.target_source == "action_plan" else f" · {words.no_action_plan}"
    if editable:
        value = _labelled(FastField(form, f"value_{pk}"), " text-start")
    else:
        value = id_plain(row.value) or "—"
    needs = ""
    if row.needs_explanation:
        message = gettext(
            "Capaian di bawah %(threshold)s%%: kendala dan solusi wajib diisi sebelum mengirim."
        ) % {"threshold": id_plain(row.threshold)}
        needs = (
            f'<div class="small text-danger-emphasis mb-1" id="needs-explanation-{pk}">'
            f'<i class="bi bi-exclamation-triangle" aria-hidden="true"></i> {_e(message)}</div>'
        )
    realisasi = row.realisasi
    note = ""
    if realisasi is not None and realisasi.review_note:
        note = (
            '<div class="small alert alert-warning py-1 px-2 mb-2">'
            f'<span class="fw-semibold">{words.review_note}:</span> {_e(realisasi.review_note)}</div>'
        )
    problems = _text_cell(
        FastField(form, f"problems_{pk}"),
        words.problems,
        realisasi.problems if realisasi else "",
        editable=editable,
    )
    solutions = _text_cell(
        FastField(form, f"solutions_{pk}"),
        words.solutions,
        realisasi.solutions if realisasi else "",
        editable=editable,
    )
    to_date = row.to_date
    return (
        f'<tr id="indicator-{pk}" class="border-top"><td>{_e(indicator.code)}</td>'
        f'<td>{_e(indicator.name)} <span class="text-secondary">({_e(indicator.unit_of_measure)})'
        f"</span>{responsible}"
        f'<div class="small text-secondary">{words.annual_target}: '
        f"{target_text(row.annual_target)}{source}</div></td>"
        f'<td class="num" data-field="target">{target_text(row.quarter.target)}</td>'
        f'<td class="num" data-field="realisasi">{value}</td>'
        f'<td data-field="capaian-quarter">{figure_html(row.quarter)}</td>'
        f'<td data-field="capaian-to-date">{figure_html(to_date)}'
        f'<div class="small text-secondary">{words.target} {target_text(to_date.target)} · '
        f"{words.realisasi} {id_plain(to_date.realisasi) or '—'}</div></td></tr>"
        f'<tr id="explanation-{pk}"><td></td><td colspan="5">{needs}{note}'
        f'<div class="row g-2">{problems}{solutions}'
        f"{_evidence_cell(form, row, words, editable=editable)}</div></td></tr>"
    )


def indicator_rows_html(
    form: forms.Form, rows: Iterable[EntryRow], *, unit_id: int, editable: bool
) -> str:
    """The two table rows of each indicator, for the entry page's table body; `form` is the
    entry form (its inputs `value_<id>`, `problems_<id>`, `solutions_<id>`, `evidence_<id>`)."""
    words = _Words()
    return "".join(_row(form, row, unit_id, words, editable=editable) for row in rows)
