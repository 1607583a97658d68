"""Perjanjian Kinerja (PK) rows built from a locked RKT (PermenPAN-RB 53/2014, Bab II).

Who agrees with whom (DOMAIN.md §2 "PK"): the agency head with the regent; the Sekretaris and each
Kepala Bidang with the agency head. The names, NIPs and titles are copied when the PK is built: the
signed page must not change with later appointments.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sakip.accounts.types import Actor
from sakip.audit.services import audit_record
from sakip.core.formats import format_money_id, format_target_id, with_unit
from sakip.organization.choices import HoldingKind, Role
from sakip.organization.letterhead import letterhead_for
from sakip.organization.models import Position, Unit
from sakip.organization.selectors import holders_of
from sakip.planning.models import (
    Indicator,
    IndicatorTarget,
    PerformanceAgreement,
    Renstra,
    RktActivityLine,
    RktDocument,
    RktForm,
    RktIndicatorLine,
)
from sakip.planning.selectors import natural_key

# A target as (low, high); (None, None) when the year has none.
Target = tuple[Decimal | None, Decimal | None]
NO_TARGET: Target = (None, None)

ACTING_PREFIX = {HoldingKind.PLT.value: "Plt.", HoldingKind.PLH.value: "Plh."}

# Placeholder written where a name is unknown (no AgencyProfile): filled in by hand before signing.
BLANK_NAME = "……………………………"


@dataclass(frozen=True)
class Party:
    """One side of an agreement, as printed."""

    name: str
    nip: str
    title: str


# --- officials -------------------------------------------------------------------------------


def official_title(position: Position, agency: Unit) -> str:
    """The title as written on a PK: "Kepala Bidang IKP Dinas Kominfo …" (the agency is named once)."""
    title = position.title.strip()
    if agency.name.casefold() in title.casefold():
        return title
    if position.role == Role.AGENCY_HEAD and position.unit_id == agency.pk:
        # "Kepala Dinas" + "Dinas Kominfo" must not become "Kepala Dinas Dinas Kominfo".
        return f"Kepala {agency.name}"
    return f"{title} {agency.name}"


def official_party(position: Position, agency: Unit, *, on: datetime.date) -> Party:
    """The holder of a position on a day; an acting holder signs as "Plt."/"Plh."."""
    holdings = holders_of(position, on=on)
    if not holdings:
        raise ValidationError(
            _(
                "Jabatan “%(title)s” belum memiliki pemangku jabatan (definitif atau Plt/Plh), "
                "sehingga Perjanjian Kinerja tidak dapat dibuat. Isi pemangku jabatan terlebih dahulu."
            )
            % {"title": position.title},
            code="pk_no_holder",
        )
    holding = holdings[0]
    title = official_title(position, agency)
    prefix = ACTING_PREFIX.get(str(holding.kind))
    if prefix:
        title = f"{prefix} {title}"
    return Party(name=holding.employee.display_name, nip=holding.employee.nip, title=title)


def agency_head_position(agency: Unit) -> Position:
    position = (
        Position.objects.filter(unit=agency, role=Role.AGENCY_HEAD)
        .order_by("-is_unit_head", "pk")
        .first()
    )
    if position is None:
        raise ValidationError(
            _("Perangkat daerah “%(agency)s” belum memiliki jabatan Kepala.")
            % {"agency": agency.name},
            code="pk_no_agency_head",
        )
    return position


def regent_party(agency: Unit) -> Party:
    """The regent signs the agency head's PK as pihak kedua; a regent has no NIP."""
    letterhead = letterhead_for(agency)
    return Party(name=letterhead.regent_name or BLANK_NAME, nip="", title=letterhead.regent_title)


# --- lines -----------------------------------------------------------------------------------


def performance_line(
    indicator: Indicator, low: Decimal | None, high: Decimal | None
) -> dict[str, Any]:
    """One row of the attachment "Sasaran Strategis | Indikator Kinerja | Target" (JSON-safe)."""
    objective = indicator.objective
    target = format_target_id(low, high)
    return {
        "objective_id": objective.pk,
        "objective_code": objective.code,
        "objective": objective.statement,
        "indicator_id": indicator.pk,
        "indicator_code": indicator.code,
        "indicator": indicator.name,
        "target_low": None if low is None else str(low),
        "target_high": None if high is None else str(high),
        "target": target,
        "unit_of_measure": indicator.unit_of_measure,
        "target_text": with_unit(target, indicator.unit_of_measure),
    }


def _line_sort_key(line: dict[str, Any]) -> tuple[Any, ...]:
    return (natural_key(line["objective_code"]), natural_key(line["indicator_code"]))


def form_performance_lines(lines: Iterable[RktIndicatorLine], year: int) -> list[dict[str, Any]]:
    """A unit form's indicators with the target it planned (the Renstra target when left empty)."""
    lines = list(lines)
    fallback = _renstra_targets([line.indicator_id for line in lines], year)
    rows = []
    for line in lines:
        low, high = line.target_low, line.target_high
        if low is None:
            low, high = fallback.get(line.indicator_id, NO_TARGET)
        rows.append(performance_line(line.indicator, low, high))
    return sorted(rows, key=_line_sort_key)


def _renstra_targets(indicator_ids: Sequence[int], year: int) -> dict[int, Target]:
    targets = IndicatorTarget.objects.filter(indicator_id__in=indicator_ids, year=year)
    return {t.indicator_id: (t.low, t.high) for t in targets}


def agency_indicators(agency: Unit, year: int) -> list[Indicator]:
    """The agency-level indicators (IKU level) of the Renstra covering the year.

    Those the agency itself is responsible for, and the top-level IKU (no parent indicator) even when
    a bidang carries them: the agency head answers to the regent for the agency's IKU.
    """
    renstra = (
        Renstra.objects.filter(agency=agency, start_year__lte=year, end_year__gte=year)
        .order_by("-start_year")
        .first()
    )
    if renstra is None:
        return []
    return list(
        Indicator.objects.filter(objective__goal__renstra=renstra)
        .filter(Q(responsible_unit=agency) | Q(is_iku=True, parent__isnull=True))
        .select_related("objective")
    )


def agency_performance_lines(
    rkt: RktDocument, all_lines: Sequence[RktIndicatorLine]
) -> list[dict[str, Any]]:
    indicators = agency_indicators(rkt.agency, rkt.year)
    planned: dict[int, Target] = {}
    for line in all_lines:
        if line.target_low is not None:
            planned.setdefault(line.indicator_id, (line.target_low, line.target_high))
    fallback = _renstra_targets([i.pk for i in indicators], rkt.year)
    rows = []
    for indicator in indicators:
        low, high = planned.get(indicator.pk) or fallback.get(indicator.pk, NO_TARGET)
        rows.append(performance_line(indicator, low, high))
    return sorted(rows, key=_line_sort_key)


def budget_lines(
    lines: Iterable[RktActivityLine], *, with_activities: bool = True
) -> list[dict[str, Any]]:
    """Programs (and their activities) with the sum of the sub-activities' pagu, in code order.

    A sub-activity without a pagu counts as zero: the form was accepted as it is.
    """
    programs: dict[int, dict[str, Any]] = {}
    for line in lines:
        activity = line.sub_activity.activity
        program = activity.program
        entry = programs.setdefault(
            program.pk, {"program": program, "total": Decimal(0), "activities": {}}
        )
        pagu = line.pagu or Decimal(0)
        entry["total"] += pagu
        act = entry["activities"].setdefault(
            activity.pk, {"activity": activity, "total": Decimal(0)}
        )
        act["total"] += pagu
    rows: list[dict[str, Any]] = []
    for entry in sorted(programs.values(), key=lambda e: natural_key(e["program"].code)):
        program = entry["program"]
        rows.append(
            {
                "level": "program",
                "code": program.code,
                "name": program.name,
                "program": program.name,
                "activity": "",
                "budget": str(entry["total"]),
                "budget_text": format_money_id(entry["total"]),
            }
        )
        if not with_activities:
            continue
        for act in sorted(
            entry["activities"].values(), key=lambda a: natural_key(a["activity"].code)
        ):
            activity = act["activity"]
            rows.append(
                {
                    "level": "activity",
                    "code": activity.code,
                    "name": activity.name,
                    "program": program.name,
                    "activity": activity.name,
                    "budget": str(act["total"]),
                    "budget_text": format_money_id(act["total"]),
                }
            )
    return rows


def budget_total(rows: Iterable[dict[str, Any]]) -> Decimal:
    """The total of the program rows (activity rows are already inside them)."""
    return sum((Decimal(r["budget"]) for r in rows if r["level"] == "program"), Decimal(0))


# --- building --------------------------------------------------------------------------------


@dataclass
class _Plan:
    position: Position
    unit: Unit
    first: Party
    second: Party
    performance: list[dict[str, Any]]
    budget: list[dict[str, Any]]


def _plans(rkt: RktDocument, on: datetime.date) -> list[_Plan]:
    agency = rkt.agency
    forms = {f.unit_id: f for f in RktForm.objects.filter(document=rkt).select_related("unit")}
    indicator_lines = list(
        RktIndicatorLine.objects.filter(form__document=rkt).select_related("indicator__objective")
    )
    activity_lines = list(
        RktActivityLine.objects.filter(form__document=rkt).select_related(
            "sub_activity__activity__program"
        )
    )
    head_position = agency_head_position(agency)
    head = official_party(head_position, agency, on=on)
    plans = [
        _Plan(
            position=head_position,
            unit=agency,
            first=head,
            second=regent_party(agency),
            performance=agency_performance_lines(rkt, indicator_lines),
            budget=budget_lines(activity_lines, with_activities=False),
        )
    ]
    # The Sekretaris and each Kepala Bidang sign for their own unit's form (SOP 1 step 4).
    officials = (
        Position.objects.filter(
            unit__path__startswith=agency.path,
            role__in=[Role.SECRETARY, Role.DIVISION_HEAD],
            is_unit_head=True,
        )
        .select_related("unit")
        .order_by("unit__path")
    )
    for position in officials:
        form = forms.get(position.unit_id)
        if form is None:
            continue
        plans.append(
            _Plan(
                position=position,
                unit=position.unit,
                first=official_party(position, agency, on=on),
                second=head,
                performance=form_performance_lines(
                    (line for line in indicator_lines if line.form_id == form.pk), rkt.year
                ),
                budget=budget_lines(line for line in activity_lines if line.form_id == form.pk),
            )
        )
    return plans


def agreements_build(
    *, rkt: RktDocument, actor: Actor = None, on: datetime.date | None = None
) -> list[PerformanceAgreement]:
    """Create or replace the PK rows of an RKT, one per official, in a single transaction."""
    day = on or timezone.localdate()
    with transaction.atomic():
        plans = _plans(rkt, day)
        kept: list[PerformanceAgreement] = []
        for plan in plans:
            agreement, created = PerformanceAgreement.objects.update_or_create(
                rkt=rkt,
                position=plan.position,
                defaults={
                    "unit": plan.unit,
                    "first_party_name": plan.first.name,
                    "first_party_nip": plan.first.nip,
                    "first_party_title": plan.first.title,
                    "second_party_name": plan.second.name,
                    "second_party_nip": plan.second.nip,
                    "second_party_title": plan.second.title,
                    "performance_lines": plan.performance,
                    "budget_lines": plan.budget,
                },
            )
            audit_record(
                actor=actor,
                instance=agreement,
                action="create" if created else "regenerate",
                changes={
                    "first_party_name": [None, plan.first.name],
                    "second_party_name": [None, plan.second.name],
                    "performance_lines": [None, len(plan.performance)],
                },
            )
            kept.append(agreement)
        stale = PerformanceAgreement.objects.filter(rkt=rkt).exclude(pk__in=[a.pk for a in kept])
        for agreement in stale:
            audit_record(actor=actor, instance=agreement, action="delete")
        stale.delete()
    return kept
