"""Forms of the quarterly cycle: parsing and showing only; the rules live in services.py.

The entry form has one input per indicator and per sub-activity month, named like the keys of the
services' errors (`value_<indicator id>`, `problems_<id>`, `solutions_<id>`, `evidence_<id>`,
`physical_<sub-activity id>_<month>`, `spent_<sub-activity id>_<month>`), so that a service error
lands next to its row.
"""

from __future__ import annotations

import copy
from typing import Any

from django import forms
from django.forms.boundfield import BoundField
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sakip.core.forms import FastField, IdDecimalField, PlanForm, VersionMixin

from .files import ACCEPT_ATTRIBUTE
from .selectors import EntryData, EntryRow, SubActivityEntry

QUARTER_CHOICES = [(1, "TW I"), (2, "TW II"), (3, "TW III"), (4, "TW IV")]

UPLOAD_NOT_SAVED = _(
    "Berkas “%(name)s” belum tersimpan karena isian lain perlu diperbaiki. Pilih berkas itu "
    "lagi sebelum menyimpan."
)


def _text(label: Any, rows: int = 2) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def _copy(prototype: forms.Field, label: str) -> forms.Field:
    field = copy.copy(prototype)
    field.label = label
    return field


class PeriodOpenForm(PlanForm):
    """Planners open TW k of a year for their agency (SOP 2 step 1: the data request, with the
    units' due date; the agency's data-entry days suggest it)."""

    agency = forms.TypedChoiceField(label=_("Perangkat daerah"), coerce=int)
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(label=_("Triwulan"), choices=QUARTER_CHOICES, coerce=int)
    due = forms.DateField(
        label=_("Batas pengiriman data unit"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_(
            "Hari kerja terakhir bagi unit untuk mengirim datanya (sampai akhir jam kerja hari "
            "itu). Kosongkan untuk memakai pengaturan perangkat daerah (%(days)s hari kerja)."
        ),
    )
    instruction = _text(_("Isi disposisi (kosongkan untuk teks baku)"), rows=3)

    def __init__(self, *args: Any, agencies: list[Any], year: int, **kwargs: Any) -> None:
        from sakip.procedures.selectors_calendar import data_entry_days, response_due_default

        initial = kwargs.pop("initial", {}) or {}
        initial.setdefault("year", year)
        initial.setdefault("quarter", (timezone.localdate().month - 1) // 3 + 1)
        if agencies:
            # The agency's data-entry days from now, counted in its working calendar.
            due = response_due_default(agencies[0], start=timezone.now())
            initial.setdefault("due", timezone.localdate(due))
        super().__init__(*args, initial=initial, **kwargs)
        days = data_entry_days(agencies[0]) if agencies else 5
        self.fields["due"].help_text = str(self.fields["due"].help_text) % {"days": days}
        agency_field = self.fields["agency"]
        assert isinstance(agency_field, forms.ChoiceField)
        agency_field.choices = [(a.pk, a.name) for a in agencies]
        if len(agencies) == 1:
            self.fields["agency"].initial = agencies[0].pk
            self.fields["agency"].widget = forms.HiddenInput()
        self.agencies = {a.pk: a for a in agencies}


class MonthFields:
    def __init__(self, form: SubmissionEntryForm, sub_id: int, cell: Any) -> None:
        self.cell = cell
        # Written by field_html: a page has two per month of every sub-activity.
        self.physical = FastField(form, f"physical_{sub_id}_{cell.month}")
        self.budget_spent = FastField(form, f"budget_spent_{sub_id}_{cell.month}")


class SubActivityFieldRow:
    def __init__(self, form: SubmissionEntryForm, entry: SubActivityEntry) -> None:
        self.entry = entry
        self.months = [MonthFields(form, entry.sub_activity.pk, cell) for cell in entry.months]

    @property
    def error_fields(self) -> list[FastField]:
        fields = [f for m in self.months for f in (m.physical, m.budget_spent)]
        return [f for f in fields if f.errors]


class SubmissionEntryForm(VersionMixin, PlanForm):
    """A unit's quarter: realisasi, kendala, solusi, evidence per indicator; physical progress and
    budget spent per sub-activity and month."""

    def __init__(self, *args: Any, data_: EntryData, **kwargs: Any) -> None:
        initial: dict[str, Any] = {"version": data_.submission.version}
        super().__init__(*args, initial=initial, **kwargs)
        self.entry = data_
        # One field of each kind, styled once, copied per indicator and month with its label: a
        # Sekretariat's page has four inputs per indicator and two per month of each
        # sub-activity, and building each field with its own widget was a fifth of the page's
        # cost per indicator (issue 12). The copies share the widget, which nothing changes
        # once the form is built.
        value = self._prototype(IdDecimalField(), numeric=True)
        text = self._prototype(_text(""))
        upload = self._prototype(
            forms.FileField(
                required=False, widget=forms.FileInput(attrs={"accept": ACCEPT_ATTRIBUTE})
            )
        )
        physical = self._prototype(IdDecimalField(decimal_places=2, max_digits=6), numeric=True)
        spent = self._prototype(
            IdDecimalField(money=True, decimal_places=2, max_digits=18), numeric=True
        )
        labels = {
            "value": str(_("Realisasi %(code)s")),
            "problems": str(_("Kendala %(code)s")),
            "solutions": str(_("Solusi / tindak lanjut %(code)s")),
            "evidence": str(_("Data dukung %(code)s")),
            "physical": str(_("Progres fisik %(code)s %(month)s")),
            "budget_spent": str(_("Realisasi anggaran %(code)s %(month)s")),
        }
        for row in data_.rows:
            pk, code = row.indicator.pk, {"code": row.indicator.code}
            for kind, prototype in (
                ("value", value),
                ("problems", text),
                ("solutions", text),
                ("evidence", upload),
            ):
                self.fields[f"{kind}_{pk}"] = _copy(prototype, labels[kind] % code)
            if row.realisasi is not None:
                self.initial[f"value_{pk}"] = row.realisasi.value
                self.initial[f"problems_{pk}"] = row.realisasi.problems
                self.initial[f"solutions_{pk}"] = row.realisasi.solutions
        for entry in data_.sub_activities:
            sub = entry.sub_activity
            for cell in entry.months:
                key = f"{sub.pk}_{cell.month}"
                names = {"code": sub.code, "month": cell.label}
                self.fields[f"physical_{key}"] = _copy(physical, labels["physical"] % names)
                self.fields[f"budget_spent_{key}"] = _copy(spent, labels["budget_spent"] % names)
                if cell.progress is not None:
                    self.initial[f"physical_{key}"] = cell.progress.physical_percent
                    self.initial[f"budget_spent_{key}"] = cell.progress.budget_spent
        self.sub_activity_rows = [SubActivityFieldRow(self, e) for e in data_.sub_activities]

    def _prototype(self, field: forms.Field, *, numeric: bool = False) -> forms.Field:
        """A field styled like the form's declared ones (PlanForm), numbers right-aligned."""
        self._style(field)
        if numeric:
            field.widget.attrs["class"] += " form-control-sm text-end"
        return field

    def service_args(self) -> dict[str, Any]:
        data = self.cleaned_data
        values = {
            row.indicator.pk: (
                data.get(f"value_{row.indicator.pk}"),
                data.get(f"problems_{row.indicator.pk}") or "",
                data.get(f"solutions_{row.indicator.pk}") or "",
            )
            for row in self.entry.rows
        }
        progress = {
            (entry.sub_activity.pk, cell.month): (
                data.get(f"physical_{entry.sub_activity.pk}_{cell.month}"),
                data.get(f"budget_spent_{entry.sub_activity.pk}_{cell.month}"),
            )
            for entry in self.entry.sub_activities
            for cell in entry.months
        }
        return {"values": values, "progress": progress}

    def typed_changes(self) -> list[tuple[str, str]]:
        """(label, text as typed) of each input that differs from what is stored: what a refused
        save would otherwise throw away."""
        return [
            (str(self.fields[name].label), str(self.data.get(self.add_prefix(name), "")).strip())
            for name in self.changed_data
            if name != "version" and str(self.data.get(self.add_prefix(name), "")).strip()
        ]

    def note_unsaved_uploads(self) -> None:
        """After a refused save: put a note on each evidence input whose chosen file was not
        stored (and has no error of its own), since the page comes back without it."""
        for row in self.entry.rows:
            name = f"evidence_{row.indicator.pk}"
            upload = self.files.get(self.add_prefix(name))
            if upload and not self.has_error(name):
                self.add_error(name, UPLOAD_NOT_SAVED % {"name": upload.name})

    def uploads(self) -> dict[int, Any]:
        """Indicator id → the file chosen for it in this save."""
        return {
            row.indicator.pk: self.cleaned_data[f"evidence_{row.indicator.pk}"]
            for row in self.entry.rows
            if self.cleaned_data.get(f"evidence_{row.indicator.pk}")
        }


class EntryVersionForm(VersionMixin, PlanForm):
    """The entry form's version alone: what the page shows of the form beside its kept data tab
    (monitoring/entry_page.py) when no form was sent back."""


class ReviewForm(VersionMixin, PlanForm):
    """A planner's decision on a unit's submitted data: a note (required to return) and optional
    notes per indicator. It carries the version of the data it was shown with, so that a decision
    another planner took meanwhile is named instead of overwritten."""

    ACCEPT = "accept"
    RETURN = "return"

    note = _text(_("Catatan verifikasi"), rows=3)

    def __init__(
        self,
        *args: Any,
        rows: list[EntryRow],
        note: str = "",
        version: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, initial={"note": note, "version": version}, **kwargs)
        self.rows = rows
        for row in rows:
            pk = row.indicator.pk
            self.fields[f"line_note_{pk}"] = _text(
                _("Catatan %(code)s") % {"code": row.indicator.code}, rows=1
            )
            self._style(self.fields[f"line_note_{pk}"])
            if row.realisasi is not None:
                self.initial[f"line_note_{pk}"] = row.realisasi.review_note

    @property
    def line_rows(self) -> list[tuple[EntryRow, BoundField]]:
        """(row, its note input) for the indicators the unit reported."""
        return [
            (row, self[f"line_note_{row.indicator.pk}"])
            for row in self.rows
            if row.realisasi is not None
        ]

    def line_notes(self) -> dict[int, str]:
        return {
            row.indicator.pk: self.cleaned_data.get(f"line_note_{row.indicator.pk}") or ""
            for row in self.rows
            if row.realisasi is not None
        }


class ReopenForm(PlanForm):
    """Reopen a locked quarter: a reason (audited) and the units whose data goes back."""

    reason = forms.CharField(
        label=_("Alasan membuka kembali"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    units = forms.TypedMultipleChoiceField(
        label=_("Unit yang datanya dikembalikan untuk diperbaiki"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Kosongkan untuk mengembalikan data semua unit."),
    )

    def __init__(self, *args: Any, units: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units_field = self.fields["units"]
        assert isinstance(units_field, forms.ChoiceField)
        units_field.choices = [(u.pk, u.name) for u in units]
