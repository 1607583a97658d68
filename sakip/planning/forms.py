"""Forms of the performance plan: parsing and showing only. The rules (ranges, years, codes, units)
live in services.py; their ValidationErrors are put back onto these fields by `add_service_error`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.utils.translation import gettext_lazy as _

from sakip.core.forms import (  # noqa: F401 - the form base, re-exported for planning's forms
    IdDecimalField,
    PlanForm,
    SearchInput,
    VersionMixin,
    format_id_input,
)
from sakip.measurement.plausibility import ValidRange
from sakip.organization.models import Unit

from . import services
from .choices import Aggregation, Polarity, TargetKind
from .models import Goal, Indicator, IndicatorTarget, Objective, Renstra
from .selectors import TreeFilter
from .services import TargetValue


def unit_label(unit: Unit) -> str:
    """A unit indented by its depth below the agency, so a seksi reads as part of its bidang."""
    return f"{'— ' * max(unit.depth - 1, 0)}{unit.name}"


class UnitChoiceField(forms.ModelChoiceField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("empty_label", _("— pilih unit —"))
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Unit) -> str:
        return unit_label(obj)


class IndicatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Indicator) -> str:
        return f"{obj.code} — {obj.name}"


class ObjectiveChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Objective) -> str:
        return f"{obj.code} — {obj.statement}"


def _code_field() -> forms.CharField:
    return forms.CharField(label=_("Kode"), max_length=20)


# --- Renstra, goals, objectives --------------------------------------------------------------


class RenstraCreateForm(PlanForm):
    agency = forms.ModelChoiceField(label=_("Perangkat daerah"), queryset=Unit.objects.none())
    start_year = forms.IntegerField(
        label=_("Tahun pertama"),
        min_value=2000,
        max_value=2096,
        help_text=_("Renstra berlaku lima tahun, mulai tahun ini."),
    )
    title = forms.CharField(
        label=_("Judul"),
        max_length=250,
        help_text=_("Misalnya: Renstra Dinas Kominfo 2025–2029."),
    )

    def __init__(self, *args: Any, agencies: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        field.queryset = Unit.objects.filter(pk__in=[a.pk for a in agencies]).order_by("name")  # type: ignore[attr-defined]
        if len(agencies) == 1:
            # The planner's own agency: fixed, shown as text by the template.
            field.initial = agencies[0].pk
            field.widget = forms.HiddenInput()
        self.fixed_agency = agencies[0] if len(agencies) == 1 else None


class RenstraEditForm(VersionMixin, PlanForm):
    title = forms.CharField(label=_("Judul"), max_length=250)

    def __init__(self, *args: Any, renstra: Renstra, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"title": renstra.title, "version": renstra.version})
        super().__init__(*args, **kwargs)


class GoalForm(PlanForm):
    code = _code_field()
    statement = forms.CharField(
        label=_("Pernyataan tujuan"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, goal: Goal | None = None, **kwargs: Any) -> None:
        if goal is not None:
            kwargs.setdefault(
                "initial", {"code": goal.code, "statement": goal.statement, "version": goal.version}
            )
        super().__init__(*args, **kwargs)


class GoalEditForm(VersionMixin, GoalForm):
    pass


class ObjectiveForm(PlanForm):
    code = _code_field()
    statement = forms.CharField(
        label=_("Pernyataan sasaran strategis"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ObjectiveEditForm(VersionMixin, PlanForm):
    goal = forms.ModelChoiceField(label=_("Tujuan"), queryset=Goal.objects.none())
    code = _code_field()
    statement = forms.CharField(
        label=_("Pernyataan sasaran strategis"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, objective: Objective, goals: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "goal": objective.goal_id,
                "code": objective.code,
                "statement": objective.statement,
                "version": objective.version,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = goals  # type: ignore[attr-defined]


# --- indicators ------------------------------------------------------------------------------


class IndicatorForm(PlanForm):
    """Every field of an indicator, and a low and a high target input per Renstra year."""

    code = _code_field()
    name = forms.CharField(label=_("Nama indikator"), max_length=400)
    unit_of_measure = forms.CharField(
        label=_("Satuan"), max_length=60, help_text=_("Misalnya: %, dokumen, indeks.")
    )
    definition = forms.CharField(
        label=_("Definisi / formula"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    data_source = forms.CharField(label=_("Sumber data"), max_length=250, required=False)
    responsible_unit = UnitChoiceField(
        label=_("Unit penanggung jawab"), queryset=Unit.objects.none()
    )
    is_iku = forms.BooleanField(label=_("Indikator Kinerja Utama (IKU)"), required=False)
    polarity = forms.ChoiceField(
        label=_("Polaritas"), choices=Polarity.choices, initial=Polarity.HIGHER
    )
    target_kind = forms.ChoiceField(
        label=_("Jenis target"),
        choices=TargetKind.choices,
        initial=TargetKind.SINGLE,
        help_text=_("Nilai atas hanya dipakai untuk target rentang."),
    )
    aggregation = forms.ChoiceField(
        label=_("Cara menghitung periode"),
        choices=Aggregation.choices,
        initial=Aggregation.INCREMENTAL,
        help_text=_("Bagaimana nilai triwulan dijumlahkan menjadi semester dan tahun."),
    )
    parent = IndicatorChoiceField(
        label=_("Indikator induk (cascading)"),
        queryset=Indicator.objects.none(),
        required=False,
        empty_label=_("— tidak ada —"),
    )
    baseline = IdDecimalField(label=_("Kondisi awal (baseline)"))
    end_target_low = IdDecimalField(label=_("Target akhir periode"))
    end_target_high = IdDecimalField(label=_("Target akhir periode (nilai atas)"))
    national_standard = IdDecimalField(
        label=_("Standar nasional"),
        help_text=_("Isi bila ada standar nasional (misalnya SPM); kosongkan bila tidak ada."),
    )
    national_standard_source = forms.CharField(
        label=_("Sumber standar nasional"),
        max_length=250,
        required=False,
        help_text=_("Peraturan yang menetapkannya, misalnya Permendagri 59/2021 tentang SPM."),
    )
    valid_min = IdDecimalField(
        label=_("Nilai sah terkecil"),
        help_text=_("Misalnya 0 untuk indeks 0–5. Kosongkan bila tidak ada batas."),
    )
    valid_max = IdDecimalField(
        label=_("Nilai sah terbesar"),
        help_text=_("Misalnya 5 untuk indeks 0–5 atau 100 untuk persentase."),
    )
    allows_negative = forms.BooleanField(
        label=_("Boleh bernilai negatif"),
        required=False,
        help_text=_(
            "Hanya untuk indikator seperti laju pertumbuhan; selain itu nilai negatif ditolak."
        ),
    )

    MAIN_FIELDS = (
        "code",
        "name",
        "unit_of_measure",
        "definition",
        "data_source",
        "responsible_unit",
        "is_iku",
        "polarity",
        "target_kind",
        "aggregation",
        "parent",
        "baseline",
        "end_target_low",
        "end_target_high",
        "national_standard",
        "national_standard_source",
        "valid_min",
        "valid_max",
        "allows_negative",
    )

    def __init__(
        self,
        *args: Any,
        renstra: Renstra,
        units: Any,
        parents: Any,
        indicator: Indicator | None = None,
        targets: dict[int, IndicatorTarget] | None = None,
        **kwargs: Any,
    ) -> None:
        if indicator is not None:
            initial = {name: getattr(indicator, name) for name in self.MAIN_FIELDS}
            initial["responsible_unit"] = indicator.responsible_unit_id
            initial["parent"] = indicator.parent_id
            for year, target in (targets or {}).items():
                initial[f"target_{year}"] = target.low
                initial[f"target_{year}_high"] = target.high
            initial["version"] = indicator.version
            kwargs.setdefault("initial", initial)
        self.years = renstra.years
        super().__init__(*args, **kwargs)
        self.fields["responsible_unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["parent"].queryset = parents  # type: ignore[attr-defined]
        for year in self.years:
            self.fields[f"target_{year}"] = IdDecimalField(
                label=_("Target %(year)s") % {"year": year}
            )
            self.fields[f"target_{year}_high"] = IdDecimalField(
                label=_("Target %(year)s (nilai atas)") % {"year": year}
            )
            self._style(self.fields[f"target_{year}"])
            self._style(self.fields[f"target_{year}_high"])

    @property
    def target_rows(self) -> list[tuple[int, BoundField, BoundField]]:
        return [(y, self[f"target_{y}"], self[f"target_{y}_high"]) for y in self.years]

    def _is_range(self) -> bool:
        return self.cleaned_data.get("target_kind") == TargetKind.RANGE

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kind = cleaned.get("target_kind")
        if not kind:
            return cleaned
        # The services' own target rule, asked here too so that every year's mistake shows at
        # once instead of one per save; the services check again when saving.
        valid = ValidRange(
            cleaned.get("valid_min"), cleaned.get("valid_max"), bool(cleaned.get("allows_negative"))
        )
        try:
            services.check_valid_range(valid)
        except ValidationError as exc:
            self.add_service_error(exc)
            valid = ValidRange(allows_negative=True)  # judge the targets once the range is right
        pairs = [("end_target_low", "end_target_high")] + [
            (f"target_{year}", f"target_{year}_high") for year in self.years
        ]
        for low_name, high_name in pairs:
            low = cleaned.get(low_name)
            high = cleaned.get(high_name) if kind == TargetKind.RANGE else None
            if low is None and high is None:
                continue
            try:
                services.check_target(kind, low, high, field=low_name, valid=valid)
            except ValidationError as exc:
                self.add_service_error(exc)
        for name in ("baseline", "national_standard"):
            problem = services.value_problem(valid, cleaned.get(name))
            if problem is not None:
                self.add_error(name, problem)
        return cleaned

    def indicator_fields(self) -> dict[str, Any]:
        """The indicator's own fields for the services; a high value only for a range target."""
        data = {name: self.cleaned_data.get(name) for name in self.MAIN_FIELDS}
        if not self._is_range():
            data["end_target_high"] = None
        return data

    def target_values(self) -> dict[int, TargetValue]:
        """One value per Renstra year; an empty year removes that year's target."""
        is_range = self._is_range()
        return {
            year: TargetValue(
                low=self.cleaned_data.get(f"target_{year}"),
                high=self.cleaned_data.get(f"target_{year}_high") if is_range else None,
            )
            for year in self.years
        }


class IndicatorEditForm(VersionMixin, IndicatorForm):
    pass


# --- programs, activities, sub-activities ----------------------------------------------------


class _BudgetItemForm(PlanForm):
    code = forms.CharField(label=_("Kode"), max_length=40)
    name = forms.CharField(label=_("Nama"), max_length=300)
    responsible_unit = UnitChoiceField(
        label=_("Unit penanggung jawab"), queryset=Unit.objects.none()
    )

    def __init__(self, *args: Any, units: Any, instance: Any = None, **kwargs: Any) -> None:
        if instance is not None:
            initial = kwargs.setdefault("initial", {})
            initial.update(
                {
                    "code": instance.code,
                    "name": instance.name,
                    "responsible_unit": instance.responsible_unit_id,
                    "version": instance.version,
                }
            )
        super().__init__(*args, **kwargs)
        self.fields["responsible_unit"].queryset = units  # type: ignore[attr-defined]

    def item_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in ("code", "name", "responsible_unit")}


class ProgramForm(_BudgetItemForm):
    objectives = ObjectiveChoiceField(
        label=_("Sasaran strategis yang didukung"),
        queryset=Objective.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, objectives: Any, instance: Any = None, **kwargs: Any) -> None:
        if instance is not None:
            kwargs.setdefault("initial", {})["objectives"] = [
                o.pk for o in instance.objectives.all()
            ]
        super().__init__(*args, instance=instance, **kwargs)
        self.fields["objectives"].queryset = objectives  # type: ignore[attr-defined]


class ProgramEditForm(VersionMixin, ProgramForm):
    pass


class ActivityForm(_BudgetItemForm):
    pass


class ActivityEditForm(VersionMixin, ActivityForm):
    pass


class SubActivityForm(_BudgetItemForm):
    """A sub-activity with its pagu per Renstra year."""

    def __init__(
        self,
        *args: Any,
        renstra: Renstra,
        budgets: dict[int, Decimal] | None = None,
        **kwargs: Any,
    ) -> None:
        if budgets:
            initial = kwargs.setdefault("initial", {})
            initial.update({f"pagu_{year}": pagu for year, pagu in budgets.items()})
        super().__init__(*args, **kwargs)
        self.years = renstra.years
        for year in self.years:
            self.fields[f"pagu_{year}"] = IdDecimalField(
                label=_("Pagu %(year)s (Rp)") % {"year": year},
                money=True,
                decimal_places=2,
                max_digits=18,
            )
            self._style(self.fields[f"pagu_{year}"])

    @property
    def pagu_rows(self) -> list[tuple[int, BoundField]]:
        return [(year, self[f"pagu_{year}"]) for year in self.years]

    def budget_values(self) -> dict[int, Decimal | None]:
        return {year: self.cleaned_data.get(f"pagu_{year}") for year in self.years}


class SubActivityEditForm(VersionMixin, SubActivityForm):
    pass


# --- the tree's filters ----------------------------------------------------------------------


class TreeFilterForm(PlanForm):
    """Search, responsible unit and "IKU only" above the plan tree (a GET form)."""

    q = forms.CharField(label=_("Cari"), required=False, max_length=100, widget=SearchInput)
    unit = forms.TypedChoiceField(
        label=_("Unit penanggung jawab"), required=False, coerce=int, empty_value=None
    )
    iku = forms.BooleanField(label=_("Hanya IKU"), required=False)

    def __init__(self, *args: Any, units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.units = {unit.pk: unit for unit in units}
        self.fields["unit"].choices = [("", _("Semua unit"))] + [  # type: ignore[attr-defined]
            (unit.pk, unit_label(unit)) for unit in units
        ]
        self.fields["q"].widget.attrs["placeholder"] = _("Kode atau nama")

    def tree_filter(self) -> TreeFilter:
        if not self.is_valid():
            return TreeFilter()
        data = self.cleaned_data
        return TreeFilter(
            search=data["q"].strip(), unit=self.units.get(data["unit"]), iku_only=data["iku"]
        )
