"""Forms of the Rencana Aksi: parsing and showing only; the rules live in services.py/checks.py.

One input per quarter of each indicator, named by the indicator id and the quarter
(`low_<id>_<q>`, `high_<id>_<q>`, `actions_<id>_<q>`) and one explanation per indicator
(`justification_<id>`), so that a service error keyed by that name lands next to its cell.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.forms.boundfield import BoundField
from django.utils.translation import gettext_lazy as _

from sakip.core.forms import IdDecimalField, PlanForm, VersionMixin
from sakip.core.imports import ExcelUploadForm
from sakip.measurement import ROMAN

from ..action_plan_models import QuarterTarget
from .checks import QUARTERS
from .selectors import ObjectiveRows, PlanRow, PlanView
from .services import MAX_TEXT


@dataclass
class QuarterCell:
    quarter: int
    low: BoundField | None
    high: BoundField | None
    actions: BoundField | None
    stored: QuarterTarget | None = None

    @property
    def label(self) -> str:
        return f"TW {ROMAN[self.quarter]}"

    @property
    def target_error_fields(self) -> list[BoundField]:
        return [f for f in (self.low, self.high) if f is not None and f.errors]


@dataclass
class FormRow:
    row: PlanRow
    cells: list[QuarterCell]
    justification: BoundField | None
    errors: list[str]  # about the indicator as a whole (submit refused: no target)
    justification_errors: list[str]  # submit refused: the mismatch is not explained

    @property
    def show_justification(self) -> bool:
        """The explanation is asked for where the quarters do not add up, or already written."""
        field = self.justification
        return (
            self.row.check.needs_justification
            or bool(self.row.justification)
            or bool(self.justification_errors)
            or (field is not None and bool(field.errors))
        )


@dataclass
class FormGroup:
    group: ObjectiveRows
    rows: list[FormRow]


def _text(label: Any, rows: int = 2) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class ActionPlanEditForm(VersionMixin, PlanForm):
    """The quarterly targets, planned actions and explanations of one Rencana Aksi."""

    def __init__(
        self,
        *args: Any,
        plan_view: PlanView,
        version: int,
        editable: bool = True,
        extra_errors: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, initial={"version": version}, **kwargs)
        self.plan_view = plan_view
        self.editable = editable
        # Errors of a refused submit, shown next to the indicator or its explanation.
        self.extra_errors = {k: [str(m) for m in v] for k, v in (extra_errors or {}).items()}
        for row in plan_view.rows:
            indicator = row.indicator
            code = indicator.code
            for quarter in QUARTERS:
                key = f"{indicator.pk}_{quarter}"
                stored = row.quarters.get(quarter)
                tw = f"TW {ROMAN[quarter]}"
                low_label = (
                    _("Target bawah %(tw)s %(code)s")
                    if row.is_range
                    else _("Target %(tw)s %(code)s")
                )
                self.fields[f"low_{key}"] = IdDecimalField(
                    label=low_label % {"tw": tw, "code": code}
                )
                self.initial[f"low_{key}"] = stored.low if stored else None
                if row.is_range:
                    self.fields[f"high_{key}"] = IdDecimalField(
                        label=_("Target atas %(tw)s %(code)s") % {"tw": tw, "code": code}
                    )
                    self.initial[f"high_{key}"] = stored.high if stored else None
                self.fields[f"actions_{key}"] = _text(
                    _("Rencana aksi %(tw)s %(code)s") % {"tw": tw, "code": code}
                )
                self.initial[f"actions_{key}"] = stored.actions if stored else ""
            self.fields[f"justification_{indicator.pk}"] = _text(
                _("Penjelasan selisih %(code)s") % {"code": code}, rows=2
            )
            self.initial[f"justification_{indicator.pk}"] = row.justification
        for name, form_field in self.fields.items():
            if name in self.base_fields:
                continue
            self._style(form_field)
            form_field.widget.attrs["class"] += " form-control-sm"
            if isinstance(form_field, IdDecimalField):
                form_field.widget.attrs["class"] += " text-end"
            if not editable:
                form_field.disabled = True

    @property
    def groups(self) -> list[FormGroup]:
        result = []
        for group in self.plan_view.groups:
            rows = []
            for row in group.rows:
                pk = row.indicator.pk
                cells = [
                    QuarterCell(
                        quarter,
                        self._bf(f"low_{pk}_{quarter}"),
                        self._bf(f"high_{pk}_{quarter}"),
                        self._bf(f"actions_{pk}_{quarter}"),
                        row.quarters.get(quarter),
                    )
                    for quarter in QUARTERS
                ]
                rows.append(
                    FormRow(
                        row,
                        cells,
                        self._bf(f"justification_{pk}"),
                        self.extra_errors.get(f"indicator_{pk}", []),
                        self.extra_errors.get(f"justification_{pk}", []),
                    )
                )
            result.append(FormGroup(group, rows))
        return result

    def _bf(self, name: str) -> BoundField | None:
        return self[name] if name in self.fields else None

    def service_args(self) -> dict[str, Any]:
        """Only the inputs the page showed: an indicator added after it was loaded is kept."""
        data = self.cleaned_data
        targets: dict[tuple[int, int], tuple[Decimal | None, Decimal | None, str]] = {}
        justifications: dict[int, str] = {}
        for row in self.plan_view.rows:
            pk = row.indicator.pk
            for quarter in QUARTERS:
                key = f"{pk}_{quarter}"
                if f"low_{key}" not in self.data:
                    continue
                targets[(pk, quarter)] = (
                    data.get(f"low_{key}"),
                    data.get(f"high_{key}"),
                    data.get(f"actions_{key}", ""),
                )
            if f"justification_{pk}" in self.data:
                justifications[pk] = data.get(f"justification_{pk}", "")
        return {"targets": targets, "justifications": justifications}

    @property
    def has_edit_data(self) -> bool:
        """Whether the POST carried the table (a submit from the page) or only the action."""
        return any(name.startswith(("low_", "justification_")) for name in self.data)


class ReturnForm(PlanForm):
    """The planning staff's note when sending a Rencana Aksi back to its unit."""

    note = forms.CharField(
        label=_("Catatan untuk unit"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wajib diisi: apa yang perlu diperbaiki oleh unit."),
    )


class ActionPlanUploadForm(ExcelUploadForm):
    """The upload of a filled Rencana Aksi template (the checks are the import framework's)."""

    label = _("Berkas Excel (.xlsx)")
    help_text = _(
        "Gunakan berkas dari tombol Unduh Excel pada halaman Rencana Aksi ini, lalu ubah "
        "target dan rencana aksi per triwulan."
    )
