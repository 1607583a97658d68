"""The holiday and working schedule forms: parsing and showing only; the rules (one row per day,
hours in order, no overlapping schedules) live in services_calendar."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from sakip.core.forms import PlanForm, VersionMixin
from sakip.organization.models import Unit

from .choices import HolidayKind
from .models import Holiday, WorkSchedule
from .selectors_calendar import WEEKDAY_NAMES
from .services_calendar import DayHours, day_field


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class HolidayForm(VersionMixin, PlanForm):
    """A day off; the agency choice is limited to the agencies the user plans for."""

    date = forms.DateField(label=_("Tanggal"), widget=DateInput())
    name = forms.CharField(
        label=_("Nama hari libur"),
        max_length=200,
        help_text=_("mis. Hari Jadi Kabupaten Balangan"),
    )
    kind = forms.ChoiceField(label=_("Jenis"), choices=HolidayKind.choices)
    agency = forms.ModelChoiceField(
        label=_("Berlaku untuk"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("Semua perangkat daerah"),
        help_text=_("Pilih perangkat daerah untuk libur yang hanya berlaku di sana."),
    )

    def __init__(
        self,
        data: Any = None,
        *,
        agencies: list[Unit],
        holiday: Holiday | None = None,
        allow_shared: bool = False,
    ) -> None:
        initial: dict[str, Any] = {"kind": HolidayKind.LOCAL}
        if holiday is not None:
            initial = {
                "date": holiday.date,
                "name": holiday.name,
                "kind": holiday.kind,
                "agency": holiday.agency_id,
                "version": holiday.version,
            }
        super().__init__(data, initial=initial)
        field = self.fields["agency"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Unit.objects.filter(pk__in=[a.pk for a in agencies]).order_by("name")
        # Only administrators add holidays shared by every agency; a planner binds it to theirs.
        field.required = not allow_shared
        if not allow_shared:
            field.empty_label = None

    @property
    def main_fields(self) -> list[Any]:
        return list(self.visible_fields())


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", **kwargs)


DAY_PARTS = (
    ("start", _("Mulai")),
    ("end", _("Selesai")),
    ("break_start", _("Istirahat mulai")),
    ("break_end", _("Istirahat selesai")),
)


class WorkScheduleForm(VersionMixin, PlanForm):
    """A dated schedule (Ramadan hours) with the hours of each weekday; a weekday left empty is
    off. Parsing only: the rules (end after start, break inside the day, no overlap) live in
    services_calendar and are shown next to the input they concern."""

    name = forms.CharField(
        label=_("Nama jam kerja"),
        max_length=100,
        help_text=_("mis. Jam kerja Ramadan 1448 H"),
    )
    agency = forms.ModelChoiceField(
        label=_("Berlaku untuk"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("Semua perangkat daerah"),
        help_text=_("Pilih perangkat daerah untuk jam kerja yang hanya berlaku di sana."),
    )
    valid_from = forms.DateField(label=_("Berlaku mulai"), widget=DateInput())
    valid_to = forms.DateField(label=_("Berlaku sampai"), widget=DateInput())

    def __init__(
        self,
        data: Any = None,
        *,
        agencies: list[Unit],
        schedule: WorkSchedule | None = None,
        allow_shared: bool = False,
    ) -> None:
        initial: dict[str, Any] = {}
        if schedule is not None:
            initial = {
                "name": schedule.name,
                "agency": schedule.agency_id,
                "valid_from": schedule.valid_from,
                "valid_to": schedule.valid_to,
                "version": schedule.version,
            }
            for day in schedule.days.all():
                for part, _label in DAY_PARTS:
                    initial[day_field(day.weekday, part)] = getattr(day, part)
        super().__init__(data, initial=initial)
        for weekday in range(7):
            for part, label in DAY_PARTS:
                self.fields[day_field(weekday, part)] = field = forms.TimeField(
                    label=format_lazy("{} — {}", WEEKDAY_NAMES[weekday], label),
                    required=False,
                    widget=TimeInput(),
                )
                self._style(field)
        agency = self.fields["agency"]
        assert isinstance(agency, forms.ModelChoiceField)
        agency.queryset = Unit.objects.filter(pk__in=[a.pk for a in agencies]).order_by("name")
        # Only administrators add schedules shared by every agency; a planner binds it to theirs.
        agency.required = not allow_shared
        if not allow_shared:
            agency.empty_label = None

    @property
    def main_fields(self) -> list[Any]:
        return [self[name] for name in ("name", "agency", "valid_from", "valid_to")]

    @property
    def day_rows(self) -> list[tuple[Any, list[Any]]]:
        """(weekday name, its four inputs) for the hours table."""
        return [
            (WEEKDAY_NAMES[weekday], [self[day_field(weekday, part)] for part, _l in DAY_PARTS])
            for weekday in range(7)
        ]

    @property
    def days(self) -> dict[int, DayHours]:
        data = self.cleaned_data
        return {
            weekday: DayHours(*(data.get(day_field(weekday, part)) for part, _l in DAY_PARTS))
            for weekday in range(7)
        }
