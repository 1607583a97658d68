"""Forms of the SOP edit page: the identity block and one row per step. Parsing and showing only;
the rules live in services_sops.sop_revise, whose errors are put back next to the fields."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sakip.core.forms import IdDecimalField, format_id_input
from sakip.organization.choices import Role
from sakip.organization.nip import format_nip

from .choices import DurationUnit
from .definitions import DURATION_POSITIVE, IDENTITY_FIELDS, LIST_FIELDS
from .models import SopLane, SopRevision, SopStep
from .services_sops import StaleRevisionError


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _text_area(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, "class": "form-control"})


class LinesField(forms.CharField):
    """A list of texts typed one item per line (legal basis, equipment, …)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 4}))
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("Satu butir per baris; urutan baris adalah urutan nomor."))
        super().__init__(strip=False, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return "\n".join(str(item) for item in value)
        return value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return [line.strip() for line in str(text).splitlines() if line.strip()]


class SopRevisionForm(forms.Form):
    """The identity block of the new revision, its effective date and the note on what changed."""

    number = forms.CharField(label=_("Nomor SOP"), max_length=100)
    title = forms.CharField(label=_("Judul SOP"), max_length=250)
    created_date = forms.DateField(label=_("Tanggal pembuatan"), widget=_date_input())
    revised_date = forms.DateField(label=_("Tanggal revisi"), required=False, widget=_date_input())
    approved_date = forms.DateField(
        label=_("Tanggal pengesahan"), required=False, widget=_date_input()
    )
    approved_by_label = forms.CharField(label=_("Disahkan oleh"), max_length=250, required=False)
    approver_title = forms.CharField(
        label=_("Jabatan penandatangan"),
        max_length=250,
        required=False,
        help_text=_("mis. Kepala Dinas Diskominfo Kabupaten Balangan"),
    )
    approver_name = forms.CharField(
        label=_("Nama penandatangan"),
        max_length=200,
        required=False,
        help_text=_("Lengkap dengan gelar, seperti tertulis pada dokumen."),
    )
    approver_nip = forms.CharField(
        label=_("NIP penandatangan"),
        max_length=30,
        required=False,
        help_text=_("18 digit; boleh diketik dengan spasi: 19710823 199303 1 005."),
    )
    legal_basis = LinesField(label=_("Dasar hukum"))
    qualifications = LinesField(label=_("Kualifikasi pelaksana"))
    related_sops = LinesField(label=_("Keterkaitan"))
    equipment = LinesField(label=_("Peralatan/perlengkapan"))
    warning = LinesField(label=_("Peringatan"))
    record_keeping = LinesField(label=_("Pencatatan dan pendataan"))
    effective_date = forms.DateField(
        label=_("Tanggal efektif revisi ini"),
        widget=_date_input(),
        help_text=_(
            "Sejak tanggal ini revisi baru dipakai; pelaksanaan yang sedang berjalan tetap "
            "memakai revisinya."
        ),
    )
    change_note = forms.CharField(
        label=_("Catatan perubahan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Apa yang diubah dan mengapa; tercatat dalam riwayat revisi."),
    )
    expected_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.HiddenInput):
                continue
            field.widget.attrs.setdefault("class", "form-control")

    @classmethod
    def initial_for(cls, revision: SopRevision) -> dict[str, Any]:
        initial = {name: getattr(revision, name) for name in IDENTITY_FIELDS}
        initial["approver_nip"] = format_nip(revision.approver_nip) if revision.approver_nip else ""
        initial["effective_date"] = None
        initial["expected_revision"] = revision.revision
        return initial

    def identity(self) -> dict[str, Any]:
        data = {name: self.cleaned_data.get(name) for name in IDENTITY_FIELDS}
        for name in LIST_FIELDS:
            data[name] = data[name] or []
        return data

    def add_service_error(self, exc: ValidationError) -> None:
        if isinstance(exc, StaleRevisionError) or not hasattr(exc, "error_dict"):
            self.add_error(None, exc)
            return
        for name, errors in exc.error_dict.items():
            if name in self.fields:
                self.add_error(name, errors)
            elif not name.startswith(("steps.", "lanes.")):
                self.add_error(None, errors)


class StepForm(forms.Form):
    """One row of the procedure table: what is done, by whom, with what, in how long, giving what."""

    activity = forms.CharField(label=_("Kegiatan"), widget=_text_area(3))
    lane = forms.TypedChoiceField(label=_("Pelaksana"), coerce=int)
    requirements = forms.CharField(label=_("Kelengkapan"), required=False, widget=_text_area(3))
    duration_value = IdDecimalField(label=_("Waktu"), required=True, decimal_places=2, max_digits=8)
    duration_unit = forms.ChoiceField(label=_("Satuan waktu"), choices=DurationUnit.choices)
    output = forms.CharField(label=_("Output"), required=False, widget=_text_area(3))
    remarks = forms.CharField(label=_("Keterangan"), required=False, widget=_text_area(3))

    def __init__(self, *args: Any, lanes: Sequence[SopLane] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lane_field = cast(forms.TypedChoiceField, self.fields["lane"])
        lane_field.choices = [(lane.order, lane.name) for lane in lanes]
        for field in self.fields.values():
            css = "form-select form-select-sm" if isinstance(field, forms.ChoiceField) else ""
            field.widget.attrs.setdefault("class", css or "form-control form-control-sm")

    def clean_duration_value(self) -> Any:
        # Also checked by the service; said here too so every error shows at the first attempt.
        value = self.cleaned_data.get("duration_value")
        if value is not None and value <= 0:
            raise ValidationError(DURATION_POSITIVE, code="duration_positive")
        return value

    @staticmethod
    def initial_for(step: SopStep) -> dict[str, Any]:
        return {
            "activity": step.activity,
            "lane": step.lane.order,
            "requirements": step.requirements,
            "duration_value": format_id_input(step.duration_value),
            "duration_unit": step.duration_unit,
            "output": step.output,
            "remarks": step.remarks,
        }


class LaneForm(forms.Form):
    """A lane (column) of the procedure table and the role its people hold."""

    name = forms.CharField(label=_("Nama pelaksana"), max_length=150)
    role = forms.ChoiceField(label=_("Peran"), choices=Role.choices)
    relative = forms.BooleanField(
        label=_("Relatif terhadap unit"),
        required=False,
        help_text=_("Kepala (atau pegawai) dari setiap unit pada langkah per unit."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(field, forms.ChoiceField):
                field.widget.attrs.setdefault("class", "form-select form-select-sm")
            else:
                field.widget.attrs.setdefault("class", "form-control form-control-sm")

    @staticmethod
    def initial_for(lane: SopLane) -> dict[str, Any]:
        return {
            "name": lane.name,
            "role": lane.role,
            "relative": lane.relative,
        }


def lane_formset(count: int) -> type[forms.BaseFormSet]:
    """Exactly the lanes of the revision being edited (their order is the steps' reference)."""
    return forms.formset_factory(
        LaneForm, extra=0, min_num=count, max_num=count, validate_min=True, validate_max=True
    )


def step_formset(count: int) -> type[forms.BaseFormSet]:
    """Exactly the steps of the revision being edited: adding or removing steps changes what the
    system does at each step, which is a change of the definition file, not of the texts."""
    return forms.formset_factory(
        StepForm,
        extra=0,
        min_num=count,
        max_num=count,
        validate_min=True,
        validate_max=True,
    )
