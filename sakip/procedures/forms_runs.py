"""Forms of runs and tasks: parsing and showing only; the rules live in engine.py."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sakip.core.forms import PlanForm
from sakip.core.years import MAX_YEAR, MIN_YEAR

from .choices import Urgency
from .engine import validate_task_file


class RunForm(PlanForm):
    """Bootstrap classes and the engine's errors next to their fields (PlanForm), with the engine's
    error keys that the forms call differently."""

    service_field_names: dict[str, str] = {"files": "output_files"}

    def add_service_error(self, exc: ValidationError) -> None:
        if hasattr(exc, "error_dict"):
            exc = ValidationError(
                {self.service_field_names.get(k, k): v for k, v in exc.error_dict.items()}
            )
        super().add_service_error(exc)


class RunStartForm(RunForm):
    """The disposition that starts a run (DOMAIN.md §2 "Disposisi")."""

    title = forms.CharField(
        label=_("Judul pelaksanaan"),
        max_length=250,
        help_text=_("mis. Penyusunan RKT 2027"),
    )
    year = forms.IntegerField(label=_("Tahun"), min_value=MIN_YEAR, max_value=MAX_YEAR)
    disposition_to = forms.CharField(
        label=_("Diteruskan kepada"),
        max_length=250,
        help_text=_("Kepada siapa disposisi ditujukan, mis. Kasubag Umum dan Kepegawaian."),
    )
    instruction = forms.CharField(
        label=_("Isi disposisi"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    urgency = forms.ChoiceField(label=_("Sifat"), choices=Urgency.choices)
    disposition_date = forms.DateField(
        label=_("Tanggal disposisi"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["disposition_date"].initial = timezone.localdate()


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several output files in one input (Django's documented pattern)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class TaskCompleteForm(RunForm):
    note = forms.CharField(
        label=_("Catatan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    output_files = MultipleFileField(
        label=_("Berkas keluaran"),
        required=False,
        help_text=_(
            "PDF, gambar, atau berkas Office (Word, Excel, PowerPoint); boleh lebih dari satu."
        ),
        widget=MultipleFileInput(
            attrs={
                "accept": ".pdf,.png,.jpg,.jpeg,.gif,.webp,.doc,.docx,.xls,.xlsx,.ppt,.pptx,"
                ".odt,.ods,.odp",
            }
        ),
    )

    def clean_output_files(self) -> list[Any]:
        files = self.cleaned_data.get("output_files") or []
        errors = []
        for upload in files:
            try:
                validate_task_file(upload)
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return files


class TaskReturnForm(RunForm):
    note = forms.CharField(
        label=_("Catatan perbaikan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Tuliskan apa yang harus diperbaiki; catatan ini dikirim ke unit."),
        error_messages={"required": _("Catatan wajib diisi saat mengembalikan.")},
    )
