"""Forms of the RKT workflow: parsing and showing only; the rules live in rkt/services.py.

The unit form and the review form have one input per line of the RKT form, named by the line id
(`low_<id>`, `high_<id>`, `note_<id>`, `pagu_<id>`, `anote_<id>`; `review_line_<id>`,
`review_activity_<id>`), so that a service error keyed by that name lands next to its row.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.forms.boundfield import BoundField
from django.utils.translation import gettext_lazy as _

from sakip.accounts.models import User
from sakip.core.forms import IdDecimalField, PlanForm, VersionMixin

from ..choices import TargetKind
from ..models import RktActivityLine, RktForm, RktIndicatorLine
from . import errors, services
from .selectors import ActivityGroup, GroupedLines, ObjectiveGroup, ProgramGroup


@dataclass
class IndicatorRow:
    line: RktIndicatorLine
    low: BoundField | None
    high: BoundField | None
    note: BoundField | None
    review: BoundField | None = None

    @property
    def is_range(self) -> bool:
        return self.line.indicator.target_kind == TargetKind.RANGE

    @property
    def error_fields(self) -> list[BoundField]:
        fields = (self.low, self.high, self.note, self.review)
        return [f for f in fields if f is not None and f.errors]


@dataclass
class ActivityRow:
    line: RktActivityLine
    pagu: BoundField | None
    note: BoundField | None
    review: BoundField | None = None

    @property
    def error_fields(self) -> list[BoundField]:
        return [f for f in (self.pagu, self.note, self.review) if f is not None and f.errors]


@dataclass
class ObjectiveRows:
    group: ObjectiveGroup
    rows: list[IndicatorRow]


@dataclass
class ActivityRows:
    group: ActivityGroup
    rows: list[ActivityRow]


@dataclass
class ProgramRows:
    group: ProgramGroup
    activities: list[ActivityRows]


def _text(label: Any) -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=2000)


class _LineForm(PlanForm):
    """Lays the line inputs out as rows grouped like the RKT (objective, program, activity)."""

    def _bf(self, name: str) -> BoundField | None:
        return self[name] if name in self.fields else None

    def _rows(self, grouped: GroupedLines) -> None:
        self.objective_rows = [
            ObjectiveRows(
                group,
                [
                    IndicatorRow(
                        line,
                        self._bf(f"low_{line.pk}"),
                        self._bf(f"high_{line.pk}"),
                        self._bf(f"note_{line.pk}"),
                        self._bf(f"review_line_{line.pk}"),
                    )
                    for line in group.lines
                ],
            )
            for group in grouped.objectives
        ]
        self.program_rows = [
            ProgramRows(
                program,
                [
                    ActivityRows(
                        activity,
                        [
                            ActivityRow(
                                line,
                                self._bf(f"pagu_{line.pk}"),
                                self._bf(f"anote_{line.pk}"),
                                self._bf(f"review_activity_{line.pk}"),
                            )
                            for line in activity.lines
                        ],
                    )
                    for activity in program.activities
                ],
            )
            for program in grouped.programs
        ]


class RktFormEditForm(VersionMixin, _LineForm):
    """SOP 1 step 4: this year's targets, pagu and notes of a unit's form."""

    def __init__(self, *args: Any, form: RktForm, grouped: GroupedLines, **kwargs: Any) -> None:
        initial: dict[str, Any] = {"version": form.version}
        super().__init__(*args, initial=initial, **kwargs)
        self.indicator_lines = [line for g in grouped.objectives for line in g.lines]
        self.activity_lines = [
            line for p in grouped.programs for a in p.activities for line in a.lines
        ]
        for line in self.indicator_lines:
            code = line.indicator.code
            is_range = line.indicator.target_kind == TargetKind.RANGE
            low_label = _("Target bawah %(code)s") if is_range else _("Target %(code)s")
            self.fields[f"low_{line.pk}"] = IdDecimalField(label=low_label % {"code": code})
            self.initial[f"low_{line.pk}"] = line.target_low
            if is_range:
                self.fields[f"high_{line.pk}"] = IdDecimalField(
                    label=_("Target atas %(code)s") % {"code": code}
                )
                self.initial[f"high_{line.pk}"] = line.target_high
            self.fields[f"note_{line.pk}"] = _text(_("Keterangan %(code)s") % {"code": code})
            self.initial[f"note_{line.pk}"] = line.note
        for act_line in self.activity_lines:
            code = act_line.sub_activity.code
            self.fields[f"pagu_{act_line.pk}"] = IdDecimalField(
                label=_("Pagu %(code)s") % {"code": code},
                money=True,
                decimal_places=2,
                max_digits=18,
            )
            self.initial[f"pagu_{act_line.pk}"] = act_line.pagu
            self.fields[f"anote_{act_line.pk}"] = _text(_("Keterangan %(code)s") % {"code": code})
            self.initial[f"anote_{act_line.pk}"] = act_line.note
        for name, form_field in self.fields.items():
            if name in self.base_fields:
                continue
            self._style(form_field)
            if isinstance(form_field, IdDecimalField):
                form_field.widget.attrs["class"] += " text-end"
        self._rows(grouped)

    def service_args(self) -> dict[str, Any]:
        data = self.cleaned_data
        lines: dict[int, tuple[Decimal | None, Decimal | None, str]] = {
            line.pk: (
                data.get(f"low_{line.pk}"),
                data.get(f"high_{line.pk}"),
                data.get(f"note_{line.pk}", ""),
            )
            for line in self.indicator_lines
            # A line the page did not show (added after it was loaded) is left as it is.
            if f"low_{line.pk}" in self.data
        }
        activity_lines: dict[int, tuple[Decimal | None, str]] = {
            line.pk: (data.get(f"pagu_{line.pk}"), data.get(f"anote_{line.pk}", ""))
            for line in self.activity_lines
            if f"pagu_{line.pk}" in self.data
        }
        return {"lines": lines, "activity_lines": activity_lines}


class RktReviewForm(VersionMixin, _LineForm):
    """SOP 1 step 7: the Kasubag's notes per line and on the whole form."""

    ACCEPT = services.ACCEPT
    RETURN = services.RETURN

    review_note = forms.CharField(
        label=_("Catatan koreksi untuk unit"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wajib diisi bila formulir dikembalikan ke unit."),
    )

    def __init__(self, *args: Any, form: RktForm, grouped: GroupedLines, **kwargs: Any) -> None:
        initial: dict[str, Any] = {"version": form.version, "review_note": form.review_note}
        super().__init__(*args, initial=initial, **kwargs)
        self.indicator_lines = [line for g in grouped.objectives for line in g.lines]
        self.activity_lines = [
            line for p in grouped.programs for a in p.activities for line in a.lines
        ]
        for line in self.indicator_lines:
            name = f"review_line_{line.pk}"
            self.fields[name] = _text(_("Catatan %(code)s") % {"code": line.indicator.code})
            self.initial[name] = line.review_note
        for act_line in self.activity_lines:
            name = f"review_activity_{act_line.pk}"
            self.fields[name] = _text(_("Catatan %(code)s") % {"code": act_line.sub_activity.code})
            self.initial[name] = act_line.review_note
        for name, form_field in self.fields.items():
            if name not in self.base_fields:
                self._style(form_field)
        self._rows(grouped)

    def service_args(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "line_notes": {
                line.pk: data.get(f"review_line_{line.pk}", "")
                for line in self.indicator_lines
                if f"review_line_{line.pk}" in self.data
            },
            "activity_notes": {
                line.pk: data.get(f"review_activity_{line.pk}", "")
                for line in self.activity_lines
                if f"review_activity_{line.pk}" in self.data
            },
            "review_note": data.get("review_note", ""),
        }


class AttendeeField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.display_name


class SocializationForm(PlanForm):
    """SOP 1 step 3: the socialization meeting."""

    held_at = forms.DateTimeField(
        label=_("Waktu rapat (WITA)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
    )
    place = forms.CharField(label=_("Tempat"), max_length=250)
    material = forms.CharField(
        label=_("Materi"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Apa yang disampaikan: cara mengisi formulir RKT, jadwal, contoh."),
    )
    attendees = AttendeeField(
        label=_("Peserta"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Pegawai perangkat daerah yang hadir."),
    )
    notes = forms.CharField(
        label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, users: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = users  # type: ignore[attr-defined]
        for name in ("held_at", "place", "material"):
            self.fields[name].error_messages["required"] = errors.FIELD_REQUIRED
        self.fields["attendees"].error_messages["required"] = (
            errors.SOCIALIZATION_ATTENDEES_REQUIRED
        )
