"""The holiday form: parsing and showing only; the rules (one row per day) live in services_calendar."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sakip.core.forms import PlanForm, VersionMixin
from sakip.organization.models import Unit

from .choices import HolidayKind
from .models import Holiday


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
