"""Writes of the performance plan. Each is one atomic, audited action (ARCHITECTURE.md §2).

Validation raises django ValidationError keyed by field name, with the messages of errors.py, so
forms and the Excel import show the same words next to the same field.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from sakip.accounts.types import Actor
from sakip.audit.services import audit_event, audit_record, audit_record_many, diff, snapshot
from sakip.core.bulk import delete_rows, insert_rows, update_rows
from sakip.core.locking import StaleEditError, lock_fresh
from sakip.core.models import TimeStampedModel
from sakip.core.templatetags.sakip_format import id_plain
from sakip.measurement.plausibility import Implausible, ValidRange
from sakip.organization.models import Unit

from . import errors
from .choices import TargetKind
from .models import (
    Activity,
    Budget,
    Goal,
    Indicator,
    IndicatorTarget,
    Objective,
    Program,
    Renstra,
    SubActivity,
)

INDICATOR_FIELDS = (
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


@dataclass(frozen=True)
class TargetValue:
    low: Decimal | None
    high: Decimal | None = None


# --- shared checks ---------------------------------------------------------------------------


def value_problem(valid: ValidRange, value: Decimal | None) -> str | None:
    """The message for a value an indicator cannot take (DOMAIN.md §3 rule 4), or None.

    Every entry of a target or a realisasi passes here: forms, Excel imports and services."""
    if value is None:
        return None
    problem = valid.problem(value)
    if problem is None:
        return None
    shown = id_plain(value)
    if problem == Implausible.NEGATIVE:
        return str(errors.VALUE_NEGATIVE % {"value": shown})
    low, high = id_plain(valid.minimum), id_plain(valid.maximum)
    if valid.minimum is not None and valid.maximum is not None:
        bounds = errors.VALID_RANGE_BETWEEN % {"min": low, "max": high}
    elif valid.minimum is not None:
        bounds = errors.VALID_RANGE_AT_LEAST % {"min": low}
    else:
        bounds = errors.VALID_RANGE_AT_MOST % {"max": high}
    return str(errors.VALUE_OUT_OF_RANGE % {"value": shown, "range": bounds})


def check_target(
    kind: str,
    low: Decimal | None,
    high: Decimal | None,
    *,
    field: str = "target",
    valid: ValidRange | None = None,
) -> None:
    """A target as its kind needs it and, given the indicator's valid range, plausible."""
    if low is None:
        raise ValidationError({field: errors.TARGET_REQUIRED})
    if kind == TargetKind.RANGE:
        if high is None:
            raise ValidationError({field: errors.RANGE_NEEDS_HIGH})
        if low > high:
            raise ValidationError({field: errors.RANGE_LOW_ABOVE_HIGH})
    elif high is not None:
        raise ValidationError({field: errors.SINGLE_HAS_HIGH})
    for value in (low, high):
        problem = value_problem(valid or ValidRange(), value)
        if problem is not None:
            raise ValidationError({field: problem})


def check_valid_range(valid: ValidRange, *, field: str = "valid_min") -> None:
    if valid.minimum is not None and valid.maximum is not None and valid.minimum > valid.maximum:
        raise ValidationError({field: errors.VALID_RANGE_REVERSED})
    if not valid.is_consistent:
        raise ValidationError({field: errors.VALID_MIN_NEGATIVE})


def check_year_in_renstra(renstra: Renstra, year: int, *, field: str = "year") -> None:
    if not renstra.start_year <= year <= renstra.end_year:
        raise ValidationError(
            {
                field: errors.YEAR_OUTSIDE_RENSTRA
                % {"year": year, "start": renstra.start_year, "end": renstra.end_year}
            }
        )


def check_unit_in_agency(renstra: Renstra, unit: Unit, *, field: str = "responsible_unit") -> None:
    if not unit.path.startswith(renstra.agency.path):
        raise ValidationError({field: errors.UNIT_OUTSIDE_AGENCY})


def _apply_update(
    *,
    actor: Actor,
    instance: TimeStampedModel,
    expected_version: int | None,
    fields: Iterable[str],
    data: Mapping[str, Any],
    check: Any = None,
) -> Any:
    with transaction.atomic():
        current = lock_fresh(instance, expected_version)
        before = snapshot(current, fields)
        for name, value in data.items():
            setattr(current, name, value)
        if check is not None:
            check(current)
        current.full_clean()
        current.version += 1
        current.save()
        changes = diff(before, snapshot(current, fields))
        if changes:
            audit_record(actor=actor, instance=current, action="update", changes=changes)
    return current


def _creation_changes(instance: models.Model, fields: Iterable[str]) -> dict[str, list[Any]]:
    """The audited values of a new object (what a "create" event lists)."""
    return {k: [None, v] for k, v in snapshot(instance, fields).items() if v not in (None, "")}


def _create(
    *, actor: Actor, model: type[models.Model], fields: Iterable[str], data: Mapping[str, Any]
) -> Any:
    instance = model(**data)
    instance.full_clean()
    instance.save()
    audit_record(
        actor=actor, instance=instance, action="create", changes=_creation_changes(instance, fields)
    )
    return instance


def _code_unique_error(exc: ValidationError) -> ValidationError:
    """Turn Django's generic unique-together message into our field-level wording."""
    if (
        hasattr(exc, "error_dict")
        and "__all__" in exc.error_dict
        and any(
            e.code == "unique_together" or e.code == "unique" for e in exc.error_dict["__all__"]
        )
    ):
        return ValidationError({"code": errors.CODE_TAKEN})
    return exc


# --- Renstra, goals, objectives --------------------------------------------------------------


def renstra_create(*, actor: Actor, agency: Unit, start_year: int, title: str) -> Renstra:
    if Renstra.objects.filter(agency=agency, start_year=start_year).exists():
        raise ValidationError({"start_year": errors.RENSTRA_YEAR_TAKEN % {"year": start_year}})
    with transaction.atomic():
        return _create(
            actor=actor,
            model=Renstra,
            fields=("title", "start_year", "end_year"),
            data={
                "agency": agency,
                "start_year": start_year,
                "end_year": start_year + 4,
                "title": title,
            },
        )


def renstra_update(
    *, actor: Actor, renstra: Renstra, expected_version: int | None, title: str
) -> Renstra:
    return _apply_update(
        actor=actor,
        instance=renstra,
        expected_version=expected_version,
        fields=("title",),
        data={"title": title},
    )


def goal_create(*, actor: Actor, renstra: Renstra, code: str, statement: str) -> Goal:
    with transaction.atomic():
        try:
            return _create(
                actor=actor,
                model=Goal,
                fields=("code", "statement"),
                data={"renstra": renstra, "code": code, "statement": statement},
            )
        except ValidationError as exc:
            raise _code_unique_error(exc) from None


def goal_update(
    *, actor: Actor, goal: Goal, expected_version: int | None, code: str, statement: str
) -> Goal:
    try:
        return _apply_update(
            actor=actor,
            instance=goal,
            expected_version=expected_version,
            fields=("code", "statement"),
            data={"code": code, "statement": statement},
        )
    except StaleEditError:
        raise
    except ValidationError as exc:
        raise _code_unique_error(exc) from None


def objective_create(*, actor: Actor, goal: Goal, code: str, statement: str) -> Objective:
    with transaction.atomic():
        try:
            return _create(
                actor=actor,
                model=Objective,
                fields=("code", "statement"),
                data={"goal": goal, "code": code, "statement": statement},
            )
        except ValidationError as exc:
            raise _code_unique_error(exc) from None


def objective_update(
    *,
    actor: Actor,
    objective: Objective,
    expected_version: int | None,
    code: str,
    statement: str,
    goal: Goal | None = None,
) -> Objective:
    data: dict[str, Any] = {"code": code, "statement": statement}
    if goal is not None:
        data["goal"] = goal
    try:
        return _apply_update(
            actor=actor,
            instance=objective,
            expected_version=expected_version,
            fields=("goal", "code", "statement"),
            data=data,
        )
    except StaleEditError:
        raise
    except ValidationError as exc:
        raise _code_unique_error(exc) from None


# --- indicators and targets ------------------------------------------------------------------


def _is_descendant(candidate: Indicator, *, of: int) -> bool:
    """Whether `candidate` lies below indicator `of` in the cascade (which would make a loop)."""
    seen: set[int] = set()
    node: Indicator | None = candidate
    while node is not None and node.pk not in seen:
        if node.parent_id == of:
            return True
        seen.add(node.pk)
        node = node.parent
    return False


def _check_indicator(
    indicator: Indicator, *, is_below: Callable[[Indicator, Indicator], bool] | None = None
) -> None:
    """The rules of an indicator beyond its fields. ``is_below(parent, indicator)`` says whether
    the parent lies under the indicator in the cascade (a loop); by default it asks the database."""
    renstra = indicator.objective.goal.renstra
    check_unit_in_agency(renstra, indicator.responsible_unit)
    parent = indicator.parent
    if parent is not None:
        if indicator.pk is not None and parent.pk == indicator.pk:
            raise ValidationError({"parent": errors.PARENT_IS_SELF})
        if parent.objective.goal.renstra_id != renstra.pk:
            raise ValidationError({"parent": errors.PARENT_OTHER_RENSTRA})
        if is_below is not None:
            if is_below(parent, indicator):
                raise ValidationError({"parent": errors.PARENT_LOOP})
        elif indicator.pk is not None and _is_descendant(parent, of=indicator.pk):
            raise ValidationError({"parent": errors.PARENT_LOOP})
    valid = indicator.valid_range
    check_valid_range(valid)
    if indicator.end_target_low is not None or indicator.end_target_high is not None:
        check_target(
            indicator.target_kind,
            indicator.end_target_low,
            indicator.end_target_high,
            field="end_target_low",
            valid=valid,
        )
    for name in ("baseline", "national_standard"):
        problem = value_problem(valid, getattr(indicator, name))
        if problem is not None:
            raise ValidationError({name: problem})


def indicator_create(
    *,
    actor: Actor,
    objective: Objective,
    targets: Mapping[int, TargetValue] | None = None,
    **fields: Any,
) -> Indicator:
    with transaction.atomic():
        indicator = Indicator(objective=objective, **fields)
        _check_indicator(indicator)
        try:
            indicator = _create(
                actor=actor,
                model=Indicator,
                fields=INDICATOR_FIELDS,
                data={"objective": objective, **fields},
            )
        except ValidationError as exc:
            raise _code_unique_error(exc) from None
        if targets:
            targets_set(actor=actor, indicator=indicator, targets=targets)
    return indicator


def indicator_update(
    *,
    actor: Actor,
    indicator: Indicator,
    expected_version: int | None,
    targets: Mapping[int, TargetValue] | None = None,
    **fields: Any,
) -> Indicator:
    with transaction.atomic():
        try:
            updated = _apply_update(
                actor=actor,
                instance=indicator,
                expected_version=expected_version,
                fields=INDICATOR_FIELDS,
                data=fields,
                check=_check_indicator,
            )
        except StaleEditError:
            raise
        except ValidationError as exc:
            raise _code_unique_error(exc) from None
        if targets is not None:
            targets_set(actor=actor, indicator=updated, targets=targets)
    return updated


def _check_targets(indicator: Indicator, targets: Mapping[int, TargetValue]) -> None:
    """Every year in the Renstra, every target as the indicator's kind and valid range need it."""
    renstra = indicator.objective.goal.renstra
    for year, value in targets.items():
        check_year_in_renstra(renstra, year, field=f"target_{year}")
        if value.low is not None or value.high is not None:
            check_target(
                indicator.target_kind,
                value.low,
                value.high,
                field=f"target_{year}",
                valid=indicator.valid_range,
            )


@dataclass
class _TargetWrites:
    """What setting targets writes: rows to create, change and delete, and the audited changes
    per indicator."""

    create: list[IndicatorTarget] = field(default_factory=list)
    update: list[IndicatorTarget] = field(default_factory=list)
    delete: list[int] = field(default_factory=list)

    def plan(
        self,
        indicator: Indicator,
        existing: Mapping[int, IndicatorTarget],
        targets: Mapping[int, TargetValue],
        now: datetime.datetime,
    ) -> dict[str, list[Any]]:
        """Add the writes for one indicator's ``targets`` (a year mapped to an empty value removes
        that year's target); the changes for its "targets" event."""
        changes: dict[str, list[Any]] = {}
        for year, value in sorted(targets.items()):
            current = existing.get(year)
            old = (
                [str(current.low), str(current.high) if current.high is not None else None]
                if current
                else None
            )
            if value.low is None:
                if current is not None:
                    self.delete.append(current.pk)
                    changes[str(year)] = [old, None]
                continue
            new = [str(value.low), str(value.high) if value.high is not None else None]
            if current is None:
                self.create.append(
                    IndicatorTarget(indicator=indicator, year=year, low=value.low, high=value.high)
                )
            elif current.low != value.low or current.high != value.high:
                current.low, current.high = value.low, value.high
                current.version += 1
                current.updated_at = now  # bulk_update does not touch auto_now fields
                self.update.append(current)
            else:
                continue
            changes[str(year)] = [old, new]
        return changes

    def write(self) -> None:
        delete_rows(IndicatorTarget, self.delete)
        update_rows(self.update, ["low", "high", "version", "updated_at"])
        insert_rows(self.create)


def targets_set(*, actor: Actor, indicator: Indicator, targets: Mapping[int, TargetValue]) -> None:
    """Set the yearly targets given; a year mapped to an empty value removes that year's target."""
    _check_targets(indicator, targets)
    with transaction.atomic():
        existing = {
            t.year: t
            for t in IndicatorTarget.objects.select_for_update().filter(indicator=indicator)
        }
        writes = _TargetWrites()
        changes = writes.plan(indicator, existing, targets, timezone.now())
        writes.write()
        if changes:
            audit_record(actor=actor, instance=indicator, action="targets", changes=changes)


# --- the Excel import: many indicators in one action -----------------------------------------


KEEP: Any = object()  # IndicatorImport.parent: leave the parent as it is


@dataclass(eq=False)
class IndicatorImport:
    """One indicator the Excel import creates (``indicator`` None) or changes: its fields, its
    parent (an indicator, an earlier item of the same import, None for none, KEEP to leave it) and
    the yearly targets it sets. ``ref`` names it in the errors (the sheet's row number)."""

    ref: Any
    objective: Objective
    code: str
    indicator: Indicator | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    parent: Any = KEEP
    targets: dict[int, TargetValue] = field(default_factory=dict)


class IndicatorsRefused(Exception):  # noqa: N818 - a refusal, like Django's PermissionDenied
    """Nothing was written: the ValidationError of each refused item, by its ref."""

    def __init__(self, refused: dict[Any, ValidationError]) -> None:
        super().__init__(refused)
        self.refused = refused


# Foreign keys the import takes from objects it loaded: clean_fields would look each one up.
_LOADED_RELATIONS = {"objective", "parent", "responsible_unit"}


def indicators_import(
    *, actor: Actor, renstra: Renstra, items: Sequence[IndicatorImport]
) -> tuple[int, int]:
    """Create and change many indicators of a Renstra and their targets in one action, with the
    rules and the audit events of indicator_create, indicator_update and targets_set, in a fixed
    number of statements whatever the number of items (a 5,000-row file, issue 9; see
    sakip.core.bulk).

    Every item is checked first, in order, against the stored data as the earlier items leave it
    (under lock); one refused item refuses them all (IndicatorsRefused) and nothing is written.
    Returns (created, changed).
    """
    now = timezone.now()
    with transaction.atomic():
        # The Renstra's indicators and targets, locked: what the changes are measured against.
        stored = {
            i.pk: i
            for i in Indicator.objects.select_for_update(of=("self",))
            .filter(objective__goal__renstra=renstra)
            .select_related("objective__goal__renstra__agency", "responsible_unit")
        }
        for indicator in stored.values():
            if indicator.parent_id in stored:
                indicator.parent = stored[indicator.parent_id]
        stored_targets: dict[int, dict[int, IndicatorTarget]] = {}
        for target in IndicatorTarget.objects.select_for_update(of=("self",)).filter(
            indicator__objective__goal__renstra=renstra
        ):
            stored_targets.setdefault(target.indicator_id, {})[target.year] = target
        taken = {(i.objective_id, i.code) for i in stored.values()}

        # Where each indicator hangs once the earlier items are applied, by the id() of the
        # instance (a new one has no pk to hash by): loops are found here, not in the database.
        parent_of: dict[int, Indicator | None] = {
            id(i): (i.parent if i.parent_id in stored else None) for i in stored.values()
        }

        def is_below(candidate: Indicator, indicator: Indicator) -> bool:
            seen: set[int] = set()
            node: Indicator | None = candidate
            while node is not None and id(node) not in seen:
                seen.add(id(node))
                node = parent_of.get(id(node))
                if node is indicator:
                    return True
            return False

        instances: dict[IndicatorImport, Indicator] = {}
        befores: dict[IndicatorImport, dict[str, Any]] = {}
        refused: dict[Any, ValidationError] = {}
        for item in items:
            try:
                if item.indicator is None:
                    if (item.objective.pk, item.code) in taken:
                        raise ValidationError({"code": errors.CODE_TAKEN})
                    instance = Indicator(objective=item.objective, code=item.code, **item.fields)
                else:
                    found = stored.get(item.indicator.pk)
                    if found is None:
                        raise ValidationError(errors.INDICATOR_GONE)
                    instance = found
                    befores[item] = snapshot(instance, INDICATOR_FIELDS)
                    for name, value in item.fields.items():
                        setattr(instance, name, value)
                if item.parent is not KEEP:
                    parent = item.parent
                    if isinstance(parent, IndicatorImport):
                        parent = instances[parent]
                    elif parent is not None:
                        parent = stored.get(parent.pk, parent)
                    instance.parent = parent
                instance.clean_fields(exclude=_LOADED_RELATIONS)
                _check_indicator(instance, is_below=is_below)
                _check_targets(instance, item.targets)
            except ValidationError as exc:
                refused[item.ref] = _code_unique_error(exc)
                continue
            instances[item] = instance
            parent_of[id(instance)] = instance.parent
            if item.indicator is None:
                taken.add((item.objective.pk, item.code))
        if refused:
            raise IndicatorsRefused(refused)

        # New indicators: those under another new one get their parent once it has an id.
        new = [(item, instances[item]) for item in items if item.indicator is None]
        late_parents = [
            (instance, instance.parent)
            for _item, instance in new
            if instance.parent is not None and instance.parent.pk is None
        ]
        for instance, _parent in late_parents:
            instance.parent = None
        insert_rows([instance for _item, instance in new])
        if new:
            # Their ids, by their natural key (objective, code): one query for all.
            ids = dict(
                ((objective_id, code), pk)
                for pk, objective_id, code in Indicator.objects.filter(
                    objective__goal__renstra=renstra
                ).values_list("pk", "objective_id", "code")
            )
            for _item, instance in new:
                instance.pk = ids[(instance.objective_id, instance.code)]
        for instance, parent in late_parents:
            instance.parent = parent
        if late_parents:
            update_rows([instance for instance, _ in late_parents], ["parent"])

        events = []
        changed: list[Indicator] = []
        changed_fields: set[str] = set()
        writes = _TargetWrites()
        for item in items:
            instance = instances[item]
            if item.indicator is None:
                events.append(
                    audit_event(
                        actor=actor,
                        instance=instance,
                        action="create",
                        changes=_creation_changes(instance, INDICATOR_FIELDS),
                        at=now,
                    )
                )
            elif item.fields or item.parent is not KEEP:
                # As indicator_update: a new version even when the values come back the same.
                instance.version += 1
                instance.updated_at = now
                changed.append(instance)
                changed_fields.update(item.fields)
                if item.parent is not KEEP:
                    changed_fields.add("parent")
                changes = diff(befores[item], snapshot(instance, INDICATOR_FIELDS))
                if changes:
                    events.append(
                        audit_event(
                            actor=actor,
                            instance=instance,
                            action="update",
                            changes=changes,
                            at=now,
                        )
                    )
            if item.targets:
                existing = stored_targets.get(instance.pk, {}) if item.indicator else {}
                changes = writes.plan(instance, existing, item.targets, now)
                if changes:
                    events.append(
                        audit_event(
                            actor=actor,
                            instance=instance,
                            action="targets",
                            changes=changes,
                            at=now,
                        )
                    )
        if changed:
            update_rows(changed, sorted(changed_fields | {"version", "updated_at"}))
        writes.write()
        audit_record_many(events)
    created = len(new)
    return created, len(items) - created


# --- programs, activities, sub-activities, budget --------------------------------------------


def program_create(
    *,
    actor: Actor,
    renstra: Renstra,
    code: str,
    name: str,
    responsible_unit: Unit,
    objectives: Iterable[Objective] = (),
) -> Program:
    check_unit_in_agency(renstra, responsible_unit)
    with transaction.atomic():
        try:
            program = _create(
                actor=actor,
                model=Program,
                fields=("code", "name", "responsible_unit"),
                data={
                    "renstra": renstra,
                    "code": code,
                    "name": name,
                    "responsible_unit": responsible_unit,
                },
            )
        except ValidationError as exc:
            raise _code_unique_error(exc) from None
        program.objectives.set(list(objectives))
    return program


def program_update(
    *,
    actor: Actor,
    program: Program,
    expected_version: int | None,
    objectives: Iterable[Objective] | None = None,
    **fields: Any,
) -> Program:
    with transaction.atomic():
        try:
            updated = _apply_update(
                actor=actor,
                instance=program,
                expected_version=expected_version,
                fields=("code", "name", "responsible_unit"),
                data=fields,
                check=lambda p: check_unit_in_agency(p.renstra, p.responsible_unit),
            )
        except StaleEditError:
            raise
        except ValidationError as exc:
            raise _code_unique_error(exc) from None
        if objectives is not None:
            before = sorted(str(o) for o in updated.objectives.all())
            updated.objectives.set(list(objectives))
            after = sorted(str(o) for o in updated.objectives.all())
            if before != after:
                audit_record(
                    actor=actor,
                    instance=updated,
                    action="update",
                    changes={"objectives": [before, after]},
                )
    return updated


def activity_create(
    *, actor: Actor, program: Program, code: str, name: str, responsible_unit: Unit
) -> Activity:
    check_unit_in_agency(program.renstra, responsible_unit)
    with transaction.atomic():
        try:
            return _create(
                actor=actor,
                model=Activity,
                fields=("code", "name", "responsible_unit"),
                data={
                    "program": program,
                    "code": code,
                    "name": name,
                    "responsible_unit": responsible_unit,
                },
            )
        except ValidationError as exc:
            raise _code_unique_error(exc) from None


def activity_update(
    *, actor: Actor, activity: Activity, expected_version: int | None, **fields: Any
) -> Activity:
    try:
        return _apply_update(
            actor=actor,
            instance=activity,
            expected_version=expected_version,
            fields=("code", "name", "responsible_unit"),
            data=fields,
            check=lambda a: check_unit_in_agency(a.program.renstra, a.responsible_unit),
        )
    except StaleEditError:
        raise
    except ValidationError as exc:
        raise _code_unique_error(exc) from None


def sub_activity_create(
    *,
    actor: Actor,
    activity: Activity,
    code: str,
    name: str,
    responsible_unit: Unit,
    budgets: Mapping[int, Decimal | None] | None = None,
) -> SubActivity:
    check_unit_in_agency(activity.program.renstra, responsible_unit)
    with transaction.atomic():
        try:
            sub = _create(
                actor=actor,
                model=SubActivity,
                fields=("code", "name", "responsible_unit"),
                data={
                    "activity": activity,
                    "code": code,
                    "name": name,
                    "responsible_unit": responsible_unit,
                },
            )
        except ValidationError as exc:
            raise _code_unique_error(exc) from None
        if budgets:
            budgets_set(actor=actor, sub_activity=sub, budgets=budgets)
    return sub


def sub_activity_update(
    *,
    actor: Actor,
    sub_activity: SubActivity,
    expected_version: int | None,
    budgets: Mapping[int, Decimal | None] | None = None,
    **fields: Any,
) -> SubActivity:
    with transaction.atomic():
        try:
            updated = _apply_update(
                actor=actor,
                instance=sub_activity,
                expected_version=expected_version,
                fields=("code", "name", "responsible_unit"),
                data=fields,
                check=lambda s: check_unit_in_agency(
                    s.activity.program.renstra, s.responsible_unit
                ),
            )
        except StaleEditError:
            raise
        except ValidationError as exc:
            raise _code_unique_error(exc) from None
        if budgets is not None:
            budgets_set(actor=actor, sub_activity=updated, budgets=budgets)
    return updated


def budgets_set(
    *, actor: Actor, sub_activity: SubActivity, budgets: Mapping[int, Decimal | None]
) -> None:
    """Set the pagu per year; None removes that year's budget."""
    renstra = sub_activity.activity.program.renstra
    for year, pagu in budgets.items():
        check_year_in_renstra(renstra, year, field=f"pagu_{year}")
        if pagu is not None and pagu < 0:
            raise ValidationError({f"pagu_{year}": errors.NEGATIVE_BUDGET})
    with transaction.atomic():
        existing = {
            b.year: b for b in Budget.objects.select_for_update().filter(sub_activity=sub_activity)
        }
        changes: dict[str, list[Any]] = {}
        for year, pagu in sorted(budgets.items()):
            current = existing.get(year)
            old = str(current.pagu) if current else None
            if pagu is None:
                if current is not None:
                    current.delete()
                    changes[str(year)] = [old, None]
                continue
            if current is None:
                Budget.objects.create(sub_activity=sub_activity, year=year, pagu=pagu)
            elif current.pagu != pagu:
                current.pagu = pagu
                current.version += 1
                current.save()
            else:
                continue
            changes[str(year)] = [old, str(pagu)]
        if changes:
            audit_record(actor=actor, instance=sub_activity, action="budget", changes=changes)
