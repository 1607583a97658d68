"""Writes of the Rencana Aksi. Each function is one atomic, audited action (ARCHITECTURE.md §2).

The unit edits its plan while it is a draft or was returned; submitting needs a target in every
indicator and an explanation for every indicator whose quarters do not add up to the annual
target (checks.py); the planning staff approve it or return it with a note; an approved plan is
read-only. Racing edits are refused through the plan's version (StaleEditError).

Rights (who may call what) are checked by the views through access.py; these functions check
the state the workflow allows and the values.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from sakip.accounts.types import Actor
from sakip.audit.services import audit_record
from sakip.core.locking import StaleEditError, lock_fresh
from sakip.organization.models import Unit
from sakip.procedures.races import AlreadyDoneError, already_done_by_event

from .. import errors as plan_errors
from ..action_plan_models import (
    ActionPlan,
    ActionPlanJustification,
    ActionPlanStatus,
    QuarterTarget,
)
from ..choices import Aggregation, TargetKind
from ..models import Indicator
from ..services import value_problem
from . import access, errors, selectors
from .checks import QUARTERS, show_number

__all__ = [
    "MAX_TEXT",
    "StaleEditError",
    "action_plan_approve",
    "action_plan_create",
    "action_plan_return",
    "action_plan_submit",
    "action_plan_sync",
    "action_plan_update",
]

MAX_TEXT = 4000

# (low, high, actions) of one quarter of one indicator.
QuarterValues = tuple[Decimal | None, Decimal | None, str]


def _now(now: datetime.datetime | None) -> datetime.datetime:
    return now or timezone.now()


def _shown(low: Decimal | None, high: Decimal | None) -> str:
    if low is None:
        return ""
    if high is None:
        return show_number(low)
    return f"{show_number(low)}–{show_number(high)}"


def _quarter_label(quarter: int) -> str:
    return {1: "TW I", 2: "TW II", 3: "TW III", 4: "TW IV"}[quarter]


def prefill_values(
    aggregation: str, annual: Any
) -> dict[int, tuple[Decimal | None, Decimal | None]]:
    """What follows from the aggregation rule alone: a cumulative or latest indicator ends the year
    at its annual target (TW IV); an average indicator usually keeps it every quarter. Incremental
    quarters are the unit's own split, so they start empty."""
    low, high = annual.low, annual.high
    if aggregation in (Aggregation.CUMULATIVE, Aggregation.LATEST):
        return {4: (low, high)}
    if aggregation == Aggregation.AVERAGE:
        return dict.fromkeys(QUARTERS, (low, high))
    return {}


def _quarter_rows(plan: ActionPlan, planned: list[selectors.PlanIndicator]) -> list[QuarterTarget]:
    rows = []
    for item in planned:
        values = prefill_values(item.indicator.aggregation, item.annual)
        for quarter in QUARTERS:
            low, high = values.get(quarter, (None, None))
            rows.append(
                QuarterTarget(
                    action_plan=plan,
                    indicator=item.indicator,
                    quarter=quarter,
                    low=low,
                    high=high,
                )
            )
    return rows


def action_plan_create(
    *, actor: Actor, unit: Unit, year: int, now: datetime.datetime | None = None
) -> ActionPlan:
    """A unit's Rencana Aksi of a year, pre-filled with its PK indicators of that year.

    ``now`` backdates the audit event (the demo's past year); default: the current time."""
    agency = unit.agency()
    if agency is None or not access.is_plan_unit(unit):
        raise ValidationError({"unit": errors.UNIT_NOT_PLAN_UNIT})
    with transaction.atomic():
        # Lock the unit so that two people creating the same plan at once do not both pass.
        Unit.objects.select_for_update().get(pk=unit.pk)
        if ActionPlan.objects.filter(unit=unit, year=year).exists():
            raise ValidationError({"unit": errors.PLAN_EXISTS % {"year": year}})
        planned = selectors.plan_indicators(agency=agency, unit=unit, year=year)
        if not planned:
            raise ValidationError({"unit": errors.NO_INDICATORS % {"year": year}})
        plan = ActionPlan.objects.create(agency=agency, unit=unit, year=year)
        QuarterTarget.objects.bulk_create(_quarter_rows(plan, planned))
        audit_record(
            at=now,
            actor=actor,
            instance=plan,
            action="create",
            changes={
                "unit": [None, unit.name],
                "year": [None, year],
                "indicators": [None, len(planned)],
            },
        )
    return plan


def _lock(plan: ActionPlan, expected_version: int | None = None) -> ActionPlan:
    current: ActionPlan = lock_fresh(plan, expected_version)
    return current


def _decided(plan: ActionPlan) -> AlreadyDoneError | None:
    """The planning staff's decision on the plan (approved or returned), by whom and when."""
    if plan.status == ActionPlanStatus.APPROVED and plan.approved_at is not None:
        return AlreadyDoneError(errors.APPROVED_BY, by=plan.approved_by, at=plan.approved_at)
    if plan.status == ActionPlanStatus.RETURNED:
        return already_done_by_event(errors.RETURNED_BY, plan, "return")
    return None


def _check_submitted(plan: ActionPlan) -> None:
    """Only a submitted plan is reviewed; one decided meanwhile (by another planner, or in
    another tab) says by whom and when."""
    if plan.status != ActionPlanStatus.SUBMITTED:
        raise _decided(plan) or ValidationError(errors.NOT_SUBMITTED)


def _check_editable(plan: ActionPlan) -> None:
    if not access.is_editable(plan):
        raise ValidationError(errors.NOT_EDITABLE)


def _bump(plan: ActionPlan) -> None:
    plan.version += 1
    plan.save()


def action_plan_sync(*, actor: Actor, plan: ActionPlan) -> int:
    """Add the PK indicators that got a target for the plan's year after the plan was made.
    Returns how many were added."""
    with transaction.atomic():
        current = _lock(plan)
        _check_editable(current)
        missing = selectors.missing_indicators(current)
        if not missing:
            return 0
        QuarterTarget.objects.bulk_create(_quarter_rows(current, missing))
        _bump(current)
        audit_record(
            actor=actor,
            instance=current,
            action="sync",
            changes={"indicators": [None, [m.indicator.code for m in missing]]},
        )
    return len(missing)


def _check_values(
    indicator: Indicator, low: Decimal | None, high: Decimal | None, key: str
) -> dict[str, Any]:
    """Range and single-value rules of one quarter (an empty quarter is allowed), and the values
    the indicator can take (DOMAIN.md §3 rule 4)."""
    for field, value in ((f"low_{key}", low), (f"high_{key}", high)):
        problem = value_problem(indicator.valid_range, value)
        if problem is not None:
            return {field: problem}
    kind = indicator.target_kind
    if kind == TargetKind.RANGE:
        if low is None and high is None:
            return {}
        if low is None or high is None:
            field = f"low_{key}" if low is None else f"high_{key}"
            return {field: plan_errors.RANGE_NEEDS_HIGH}
        if low > high:
            return {f"low_{key}": plan_errors.RANGE_LOW_ABOVE_HIGH}
        return {}
    if high is not None:
        return {f"high_{key}": plan_errors.SINGLE_HAS_HIGH}
    return {}


def action_plan_update(
    *,
    actor: Actor,
    plan: ActionPlan,
    expected_version: int | None,
    targets: Mapping[tuple[int, int], QuarterValues] | None = None,
    justifications: Mapping[int, str] | None = None,
    note: str = "",
    now: datetime.datetime | None = None,
) -> ActionPlan:
    """The unit sets its quarterly targets, planned actions and explanations.

    `targets` maps (indicator id, quarter) to (low, high, actions): `high` only for a range
    indicator; an empty quarter is allowed. `justifications` maps an indicator id to the text that
    explains why its quarters do not add up to the annual target (empty removes it). Every value is
    checked first; one wrong value refuses the whole save, each message keyed by its input
    (`low_<indicator>_<quarter>`, `high_…`, `actions_…`, `justification_<indicator>`).
    """
    targets = targets or {}
    justifications = justifications or {}
    with transaction.atomic():
        current = _lock(plan, expected_version)
        _check_editable(current)
        rows = {
            (r.indicator_id, r.quarter): r
            for r in QuarterTarget.objects.filter(action_plan=current).select_related("indicator")
        }
        indicators = {r.indicator_id: r.indicator for r in rows.values()}
        problems: dict[str, Any] = {}
        for (indicator_id, quarter), (low, high, actions) in targets.items():
            key = f"{indicator_id}_{quarter}"
            indicator = indicators.get(int(indicator_id))
            if indicator is None:
                problems[f"low_{key}"] = errors.ROW_UNKNOWN
                continue
            if int(quarter) not in QUARTERS:
                problems[f"low_{key}"] = errors.QUARTER_INVALID
                continue
            problems.update(_check_values(indicator, low, high, key))
            if len(actions or "") > MAX_TEXT:
                problems[f"actions_{key}"] = errors.TOO_LONG % {"max": MAX_TEXT}
        for indicator_id, text in justifications.items():
            if int(indicator_id) not in indicators:
                problems[f"justification_{indicator_id}"] = errors.ROW_UNKNOWN
            elif len(text or "") > MAX_TEXT:
                problems[f"justification_{indicator_id}"] = errors.TOO_LONG % {"max": MAX_TEXT}
        if problems:
            raise ValidationError(problems)

        changes: dict[str, list[Any]] = {}
        changed_rows: list[QuarterTarget] = []
        new_rows: list[QuarterTarget] = []
        for (indicator_id, quarter), (low, high, actions) in targets.items():
            indicator = indicators[int(indicator_id)]
            actions = (actions or "").strip()
            row = rows.get((int(indicator_id), int(quarter)))
            if row is None:
                row = QuarterTarget(action_plan=current, indicator=indicator, quarter=int(quarter))
                new_rows.append(row)
            label = f"{indicator.code} {_quarter_label(int(quarter))}"
            before_target, after_target = _shown(row.low, row.high), _shown(low, high)
            if before_target != after_target:
                changes[label] = [before_target or None, after_target or None]
            if row.actions != actions:
                changes[f"{label} ({errors.ACTIONS_LABEL})"] = [
                    row.actions or None,
                    actions or None,
                ]
            if before_target != after_target or row.actions != actions or row.pk is None:
                row.low, row.high, row.actions = low, high, actions
                if row.pk is not None:
                    changed_rows.append(row)
        if changed_rows:
            QuarterTarget.objects.bulk_update(changed_rows, ["low", "high", "actions"])
        if new_rows:
            QuarterTarget.objects.bulk_create(new_rows)

        existing = {
            j.indicator_id: j for j in ActionPlanJustification.objects.filter(action_plan=current)
        }
        for indicator_id, text in justifications.items():
            indicator = indicators[int(indicator_id)]
            text = (text or "").strip()
            found = existing.get(int(indicator_id))
            before = found.text if found else ""
            if before == text:
                continue
            changes[f"{indicator.code} ({errors.JUSTIFICATION_LABEL})"] = [
                before or None,
                text or None,
            ]
            if not text:
                assert found is not None
                found.delete()
            elif found is None:
                ActionPlanJustification.objects.create(
                    action_plan=current, indicator=indicator, text=text
                )
            else:
                found.text = text
                found.save(update_fields=["text"])
        if changes:
            _bump(current)
            audit_record(
                at=now, actor=actor, instance=current, action="update", changes=changes, note=note
            )
    return current


def submit_problems(plan: ActionPlan) -> dict[str, Any]:
    """Why the plan cannot be submitted yet, keyed by the input the message belongs next to:
    `indicator_<id>` (no quarterly target at all) or `justification_<id>` (an unexplained
    mismatch with the annual target). Empty when it can."""
    problems: dict[str, Any] = {}
    for row in selectors.plan_rows(plan).rows:
        if row.check.empty:
            problems[f"indicator_{row.indicator.pk}"] = errors.TARGETS_REQUIRED
        elif row.check.needs_justification and not row.justification.strip():
            problems[f"justification_{row.indicator.pk}"] = errors.JUSTIFICATION_REQUIRED
    return problems


def action_plan_submit(
    *,
    actor: Actor,
    plan: ActionPlan,
    expected_version: int | None = None,
    now: datetime.datetime | None = None,
) -> ActionPlan:
    """The unit hands its Rencana Aksi to the planning staff; from now on it cannot change it."""
    with transaction.atomic():
        current = _lock(plan)
        # Submitted meanwhile (another tab, or the unit head and a planner): by whom and when,
        # before the stale-version check that would only say the plan changed.
        if current.status == ActionPlanStatus.SUBMITTED:
            if current.submitted_at is not None:
                raise AlreadyDoneError(
                    errors.SUBMITTED_BY, by=current.submitted_by, at=current.submitted_at
                )
            raise ValidationError(errors.ALREADY_SUBMITTED)
        if expected_version is not None and current.version != expected_version:
            _lock(plan, expected_version)  # raises StaleEditError naming who changed it
        _check_editable(current)
        problems = submit_problems(current)
        if problems:
            raise ValidationError(problems)
        before = current.status
        current.status = ActionPlanStatus.SUBMITTED
        current.submitted_at = _now(now)
        current.submitted_by = actor if getattr(actor, "pk", None) else None
        _bump(current)
        audit_record(
            at=now,
            actor=actor,
            instance=current,
            action="submit",
            changes={"status": [before, current.status]},
        )
    return current


def action_plan_approve(
    *, actor: Actor, plan: ActionPlan, now: datetime.datetime | None = None
) -> ActionPlan:
    """The planning staff approve the plan: its quarterly targets become the yardstick of the
    quarterly data collection (SOP 2) and the plan is read-only."""
    with transaction.atomic():
        current = _lock(plan)
        _check_submitted(current)
        current.status = ActionPlanStatus.APPROVED
        current.approved_at = _now(now)
        current.approved_by = actor if getattr(actor, "pk", None) else None
        _bump(current)
        audit_record(
            at=now,
            actor=actor,
            instance=current,
            action="approve",
            changes={"status": [ActionPlanStatus.SUBMITTED.value, current.status]},
        )
    return current


def action_plan_return(
    *, actor: Actor, plan: ActionPlan, note: str, now: datetime.datetime | None = None
) -> ActionPlan:
    """The planning staff send the plan back to its unit with a note saying what to correct."""
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": errors.RETURN_NOTE_REQUIRED})
    if len(note) > MAX_TEXT:
        raise ValidationError({"note": errors.TOO_LONG % {"max": MAX_TEXT}})
    with transaction.atomic():
        current = _lock(plan)
        _check_submitted(current)
        before_note = current.review_note
        current.status = ActionPlanStatus.RETURNED
        current.review_note = note
        _bump(current)
        audit_record(
            at=now,
            actor=actor,
            instance=current,
            action="return",
            changes={
                "status": [ActionPlanStatus.SUBMITTED.value, current.status],
                "review_note": [before_note or None, note],
            },
            note=note,
        )
    return current
