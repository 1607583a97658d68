"""Writes of the RKT workflow (SOP 1 "Pelaksanaan Pengukuran Kinerja").

Each function is one atomic, audited action (ARCHITECTURE.md §2): it locks the row it changes,
checks the state the SOP allows, and raises django ValidationError keyed by the field the message
belongs next to. Forms change only while the unit holds them (draft, or returned for correction);
the Kasubag reviews only submitted forms; a locked RKT never changes again.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from sakip.accounts.types import Actor
from sakip.audit.services import audit_record
from sakip.core.locking import StaleEditError, lock_fresh
from sakip.organization.models import Unit
from sakip.organization.selectors import active_holdings
from sakip.procedures.choices import RunStatus
from sakip.procedures.models import ProcedureRun
from sakip.procedures.races import AlreadyDoneError

from .. import errors as plan_errors
from ..models import (
    Budget,
    Indicator,
    IndicatorTarget,
    RktActivityLine,
    RktDocument,
    RktForm,
    RktIndicatorLine,
    SocializationMeeting,
    SubActivity,
)
from ..rkt_models import RktFormStatus, RktStatus
from ..services import check_target
from . import errors
from .selectors import form_problems, forms_not_submitted

__all__ = [
    "StaleEditError",
    "rkt_acknowledge",
    "rkt_accept",
    "rkt_compile",
    "rkt_document_create",
    "rkt_form_ensure",
    "rkt_form_prefill",
    "rkt_form_update",
    "rkt_lock",
    "rkt_number",
    "rkt_return",
    "rkt_review_save_notes",
    "rkt_submit",
    "socialization_record",
]

EDITABLE = (RktFormStatus.DRAFT, RktFormStatus.RETURNED)

# Classification code of planning documents in the agency's letter numbering (Permendagri 83/2022
# "050: Perencanaan").
RKT_CLASSIFICATION = "050"


def _plain(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


def _now(now: datetime.datetime | None) -> datetime.datetime:
    return now or timezone.now()


# --- the document ------------------------------------------------------------------------------


def rkt_document_create(*, actor: Actor, run: ProcedureRun) -> RktDocument:
    """SOP 1 start: the agency's RKT of the run's year, to be assembled from the unit forms."""
    with transaction.atomic():
        document = RktDocument.objects.create(agency=run.agency, year=run.year, run=run)
        audit_record(
            actor=actor,
            instance=document,
            action="create",
            changes={"year": [None, run.year], "run": [None, str(run)]},
        )
    return document


def rkt_number(agency: Unit, year: int, sequence: int) -> str:
    """The document number of a locked RKT, e.g. "050/001/RKT/Diskominfo/2027"."""
    name = agency.short_name or agency.code
    return f"{RKT_CLASSIFICATION}/{sequence:03d}/RKT/{name}/{year}"


def rkt_compile(*, actor: Actor, document: RktDocument) -> RktDocument:
    """SOP 1 step 6: assemble the agency RKT from the unit forms, once every unit has sent its own."""
    with transaction.atomic():
        current = RktDocument.objects.select_for_update().get(pk=document.pk)
        if current.status == RktStatus.LOCKED:
            raise ValidationError(errors.DOCUMENT_LOCKED)
        forms = list(current.forms.select_related("unit").order_by("unit__path"))
        if not forms:
            raise ValidationError(errors.NO_FORMS)
        waiting = forms_not_submitted(current)
        if waiting:
            names = ", ".join(f.unit.name for f in waiting)
            raise ValidationError(errors.FORMS_NOT_SUBMITTED % {"units": names})
        current.version += 1
        current.save()
        audit_record(
            actor=actor,
            instance=current,
            action="compile",
            changes={"forms": [None, [f.unit.name for f in forms]]},
        )
    return current


def rkt_lock(
    *, actor: Actor, document: RktDocument, now: datetime.datetime | None = None
) -> RktDocument:
    """SOP 1 end: every form accepted, the compiled RKT is numbered and locked for good."""
    with transaction.atomic():
        # Lock the agency row so that two RKTs locked at once never share a number.
        Unit.objects.select_for_update().get(pk=document.agency_id)
        current = (
            RktDocument.objects.select_for_update().select_related("agency").get(pk=document.pk)
        )
        if current.status == RktStatus.LOCKED:
            raise ValidationError(errors.DOCUMENT_LOCKED)
        forms = list(current.forms.select_related("unit"))
        if not forms:
            raise ValidationError(errors.NO_FORMS)
        pending = [f for f in forms if f.status != RktFormStatus.ACCEPTED]
        if pending:
            names = ", ".join(f.unit.name for f in pending)
            raise ValidationError(errors.FORMS_NOT_ACCEPTED % {"units": names})
        sequence = (
            RktDocument.objects.filter(
                agency=current.agency, year=current.year, status=RktStatus.LOCKED
            ).count()
            + 1
        )
        current.number = rkt_number(current.agency, current.year, sequence)
        current.status = RktStatus.LOCKED
        current.locked_at = _now(now)
        current.locked_by = actor if getattr(actor, "pk", None) else None
        current.version += 1
        current.save()
        audit_record(
            actor=actor,
            instance=current,
            action="lock",
            changes={
                "status": [RktStatus.DRAFT.value, RktStatus.LOCKED.value],
                "number": ["", current.number],
            },
        )
    return current


# --- the unit forms ----------------------------------------------------------------------------


def rkt_form_prefill(*, form: RktForm, actor: Actor = None) -> tuple[int, int]:
    """Pre-fill a unit's form from the Renstra: every indicator of the unit and the units below it
    with a target this year (its target copied), and every sub-activity of those units with a pagu
    this year. The objectives come through the indicators. Lines already there are kept.

    Returns the number of indicator and activity lines added.
    """
    document = form.document
    year, agency, unit = document.year, document.agency, form.unit
    in_renstra = {
        "renstra__agency": agency,
        "renstra__start_year__lte": year,
        "renstra__end_year__gte": year,
    }
    with transaction.atomic():
        indicators = Indicator.objects.filter(
            responsible_unit__path__startswith=unit.path,
            targets__year=year,
            **{f"objective__goal__{k}": v for k, v in in_renstra.items()},
        )
        targets = {
            t.indicator_id: t
            for t in IndicatorTarget.objects.filter(indicator__in=indicators, year=year)
        }
        have = set(form.indicator_lines.values_list("indicator_id", flat=True))
        new_lines = [
            RktIndicatorLine(
                form=form,
                indicator_id=indicator_id,
                target_low=target.low,
                target_high=target.high,
            )
            for indicator_id, target in targets.items()
            if indicator_id not in have
        ]
        RktIndicatorLine.objects.bulk_create(new_lines)

        subs = SubActivity.objects.filter(
            responsible_unit__path__startswith=unit.path,
            budgets__year=year,
            **{f"activity__program__{k}": v for k, v in in_renstra.items()},
        )
        budgets = {
            b.sub_activity_id: b for b in Budget.objects.filter(sub_activity__in=subs, year=year)
        }
        have = set(form.activity_lines.values_list("sub_activity_id", flat=True))
        new_activities = [
            RktActivityLine(form=form, sub_activity_id=sub_id, pagu=budget.pagu)
            for sub_id, budget in budgets.items()
            if sub_id not in have
        ]
        RktActivityLine.objects.bulk_create(new_activities)
        if new_lines or new_activities:
            audit_record(
                actor=actor,
                instance=form,
                action="prefill",
                changes={
                    "indicator_lines": [None, len(new_lines)],
                    "activity_lines": [None, len(new_activities)],
                },
            )
    return len(new_lines), len(new_activities)


def rkt_form_ensure(*, actor: Actor, document: RktDocument, unit: Unit) -> RktForm:
    """The unit's form of this RKT, created and pre-filled the first time (SOP 1 step 4 opens)."""
    with transaction.atomic():
        form = RktForm.objects.filter(document=document, unit=unit).first()
        if form is not None:
            return form
        form = RktForm.objects.create(document=document, unit=unit)
        audit_record(
            actor=actor, instance=form, action="create", changes={"unit": [None, unit.name]}
        )
        rkt_form_prefill(form=form, actor=actor)
    return form


def _lock_form(form: RktForm, expected_version: int | None = None) -> RktForm:
    current: RktForm = lock_fresh(form, expected_version)
    return current


def _check_editable(form: RktForm) -> None:
    if form.document.status == RktStatus.LOCKED:
        raise ValidationError(errors.DOCUMENT_LOCKED)
    if form.status not in EDITABLE:
        raise ValidationError(errors.FORM_NOT_EDITABLE)


def _save(form: RktForm) -> None:
    form.version += 1
    form.save()


def rkt_form_update(
    *,
    actor: Actor,
    form: RktForm,
    expected_version: int | None,
    lines: Mapping[int, tuple[Decimal | None, Decimal | None, str]] | None = None,
    activity_lines: Mapping[int, tuple[Decimal | None, str]] | None = None,
) -> RktForm:
    """SOP 1 step 4: the unit head sets this year's targets, pagu and notes of the form's lines.

    `lines` maps an indicator line id to (low, high, note): `high` only for a range indicator; an
    empty target is allowed while drafting (the step cannot be completed until every line has one).
    `activity_lines` maps an activity line id to (pagu, note). All rows are checked first; a single
    wrong row refuses the whole save, with each message keyed by its row's input (`low_<id>`,
    `pagu_<id>`).
    """
    lines = lines or {}
    activity_lines = activity_lines or {}
    with transaction.atomic():
        current = _lock_form(form, expected_version)
        _check_editable(current)
        by_id = {ln.pk: ln for ln in current.indicator_lines.select_related("indicator")}
        activities_by_id = {
            ln.pk: ln for ln in current.activity_lines.select_related("sub_activity")
        }
        problems: dict[str, Any] = {}
        for line_id, (low, high, _note) in lines.items():
            line = by_id.get(int(line_id))
            if line is None:
                problems[f"low_{line_id}"] = errors.FORM_LINE_UNKNOWN
                continue
            if low is None and high is None:
                continue
            try:
                check_target(
                    line.indicator.target_kind,
                    low,
                    high,
                    field=f"low_{line.pk}",
                    valid=line.indicator.valid_range,
                )
            except ValidationError as exc:
                problems.update(exc.message_dict)
        for line_id, (pagu, _note) in activity_lines.items():
            activity_line = activities_by_id.get(int(line_id))
            if activity_line is None:
                problems[f"pagu_{line_id}"] = errors.FORM_LINE_UNKNOWN
            elif pagu is not None and pagu < 0:
                problems[f"pagu_{line_id}"] = plan_errors.NEGATIVE_BUDGET
        if problems:
            raise ValidationError(problems)

        changes: dict[str, list[Any]] = {}
        for line_id, (low, high, note) in lines.items():
            line = by_id[int(line_id)]
            before = [_plain(line.target_low), _plain(line.target_high), line.note]
            after = [_plain(low), _plain(high), note]
            if before != after:
                line.target_low, line.target_high, line.note = low, high, note
                line.save(update_fields=["target_low", "target_high", "note"])
                changes[f"{line.indicator.code}"] = [before, after]
        for line_id, (pagu, note) in activity_lines.items():
            activity_line = activities_by_id[int(line_id)]
            before = [_plain(activity_line.pagu), activity_line.note]
            after = [_plain(pagu), note]
            if before != after:
                activity_line.pagu, activity_line.note = pagu, note
                activity_line.save(update_fields=["pagu", "note"])
                changes[f"{activity_line.sub_activity.code}"] = [before, after]
        if changes:
            _save(current)
            audit_record(actor=actor, instance=current, action="update", changes=changes)
    return current


def rkt_acknowledge(
    *, actor: Actor, form: RktForm, now: datetime.datetime | None = None
) -> RktForm:
    """The unit confirms it received the socialization of how to fill the form (SOP 1 step 3)."""
    with transaction.atomic():
        current = _lock_form(form)
        if current.acknowledged_at is not None:
            raise AlreadyDoneError(
                errors.ALREADY_ACKNOWLEDGED,
                by=current.acknowledged_by,
                at=current.acknowledged_at,
            )
        run_id = current.document.run_id
        if run_id is not None and not SocializationMeeting.objects.filter(run_id=run_id).exists():
            raise ValidationError(errors.SOCIALIZATION_NOT_RECORDED)
        current.acknowledged_at = _now(now)
        current.acknowledged_by = actor
        _save(current)
        audit_record(
            actor=actor,
            instance=current,
            action="acknowledge",
            changes={"acknowledged_at": [None, current.acknowledged_at.isoformat()]},
        )
    return current


def rkt_submit(*, actor: Actor, form: RktForm, now: datetime.datetime | None = None) -> RktForm:
    """SOP 1 step 5: the unit hands in its filled form; from now on only the Kasubag touches it."""
    with transaction.atomic():
        current = _lock_form(form)
        if current.status not in EDITABLE:
            raise ValidationError(errors.FORM_ALREADY_SUBMITTED)
        _check_editable(current)
        problems = form_problems(current)
        if problems:
            raise ValidationError(problems)
        before = current.status
        current.status = RktFormStatus.SUBMITTED
        current.submitted_at = _now(now)
        current.submitted_by = actor
        _save(current)
        audit_record(
            actor=actor,
            instance=current,
            action="submit",
            changes={"status": [before, current.status]},
        )
    return current


def _check_reviewable(form: RktForm) -> None:
    """Only a submitted form is reviewed; one already decided says by whom and when (two
    reviewers on one form, or one reviewer in two tabs)."""
    decisions: dict[str, Any] = {
        RktFormStatus.ACCEPTED: errors.FORM_ALREADY_ACCEPTED,
        RktFormStatus.RETURNED: errors.FORM_ALREADY_RETURNED,
    }
    decided = decisions.get(form.status)
    if decided is not None and form.reviewed_at is not None:
        raise AlreadyDoneError(decided, by=form.reviewed_by, at=form.reviewed_at)
    if form.status != RktFormStatus.SUBMITTED:
        raise ValidationError(errors.FORM_NOT_SUBMITTED)


# The Kasubag's decision on a form at SOP 1 step 7 (the review page's buttons).
ACCEPT, RETURN = "accept", "return"


def rkt_review_decide(
    *,
    actor: Actor,
    form: RktForm,
    task: Any,
    decision: str,
    line_notes: Mapping[int, str],
    review_note: str,
    activity_notes: Mapping[int, str] | None = None,
    expected_version: int | None = None,
) -> RktForm:
    """SOP 1 step 7 as one action: the notes are saved and, with a decision, the form is accepted
    or returned to its unit through the step's task (a return needs a note). Without a decision
    only the notes are saved."""
    note = review_note.strip()
    if decision == RETURN and not note:
        raise ValidationError({"review_note": errors.RETURN_NOTE_REQUIRED})
    # Imported here: the engine calls back into this app's step handlers.
    from sakip.procedures import engine

    with transaction.atomic():
        current = rkt_review_save_notes(
            actor=actor,
            form=form,
            line_notes=line_notes,
            review_note=review_note,
            activity_notes=activity_notes,
            expected_version=expected_version,
        )
        if decision == ACCEPT:
            engine.task_complete(actor=actor, task=task, note=note)
        elif decision == RETURN:
            engine.task_return(actor=actor, task=task, note=note)
    return current


def rkt_review_save_notes(
    *,
    actor: Actor,
    form: RktForm,
    line_notes: Mapping[int, str],
    review_note: str,
    activity_notes: Mapping[int, str] | None = None,
    expected_version: int | None = None,
    now: datetime.datetime | None = None,
) -> RktForm:
    """SOP 1 step 7: the Kasubag's correction notes, per line and for the whole form.

    ``now`` backdates the audit event (the demo's run); default: the current time."""
    activity_notes = activity_notes or {}
    with transaction.atomic():
        current = _lock_form(form)
        # A decision taken meanwhile is named first; any other change since the page was loaded
        # is the usual stale edit.
        _check_reviewable(current)
        if expected_version is not None and current.version != expected_version:
            _lock_form(form, expected_version)  # raises StaleEditError naming who changed it
        changes: dict[str, list[Any]] = {}
        lines = {ln.pk: ln for ln in current.indicator_lines.select_related("indicator")}
        for line_id, note in line_notes.items():
            line = lines.get(int(line_id))
            if line is None:
                raise ValidationError({f"review_line_{line_id}": errors.FORM_LINE_UNKNOWN})
            if line.review_note != note:
                changes[line.indicator.code] = [line.review_note, note]
                line.review_note = note
                line.save(update_fields=["review_note"])
        activities = {ln.pk: ln for ln in current.activity_lines.select_related("sub_activity")}
        for line_id, note in activity_notes.items():
            activity_line = activities.get(int(line_id))
            if activity_line is None:
                raise ValidationError({f"review_activity_{line_id}": errors.FORM_LINE_UNKNOWN})
            if activity_line.review_note != note:
                changes[activity_line.sub_activity.code] = [activity_line.review_note, note]
                activity_line.review_note = note
                activity_line.save(update_fields=["review_note"])
        if current.review_note != review_note:
            changes["review_note"] = [current.review_note, review_note]
            current.review_note = review_note
        if changes:
            _save(current)
            audit_record(
                at=now, actor=actor, instance=current, action="review_notes", changes=changes
            )
    return current


def rkt_accept(*, actor: Actor, form: RktForm, now: datetime.datetime | None = None) -> RktForm:
    """SOP 1 step 7, decision "yes": the form is correct and becomes part of the RKT."""
    with transaction.atomic():
        current = _lock_form(form)
        _check_reviewable(current)
        current.status = RktFormStatus.ACCEPTED
        current.reviewed_at = _now(now)
        current.reviewed_by = actor
        _save(current)
        audit_record(
            actor=actor,
            instance=current,
            action="accept",
            changes={"status": [RktFormStatus.SUBMITTED.value, current.status]},
        )
    return current


def rkt_return(
    *, actor: Actor, form: RktForm, note: str, now: datetime.datetime | None = None
) -> RktForm:
    """SOP 1 step 7, decision "no": the form goes back to its unit (step 4) with the notes."""
    note = (note or "").strip()
    if not note:
        raise ValidationError({"review_note": errors.RETURN_NOTE_REQUIRED})
    with transaction.atomic():
        current = _lock_form(form)
        _check_reviewable(current)
        current.status = RktFormStatus.RETURNED
        current.review_note = note
        current.reviewed_at = _now(now)
        current.reviewed_by = actor
        _save(current)
        audit_record(
            actor=actor,
            instance=current,
            action="return",
            changes={"status": [RktFormStatus.SUBMITTED.value, current.status]},
            note=note,
        )
    return current


# --- the socialization meeting -----------------------------------------------------------------


def socialization_record(
    *,
    actor: Actor,
    run: ProcedureRun,
    held_at: datetime.datetime,
    place: str,
    material: str,
    attendees: Iterable[Any],
    notes: str = "",
) -> SocializationMeeting:
    """SOP 1 step 3: record the meeting that explains how to fill the RKT form (or correct it)."""
    attendee_list = list(attendees)
    place, material, notes = (place or "").strip(), (material or "").strip(), (notes or "").strip()
    problems: dict[str, Any] = {}
    if run.status != RunStatus.RUNNING:
        raise ValidationError(errors.RUN_NOT_RUNNING)
    if held_at is None:
        problems["held_at"] = errors.FIELD_REQUIRED
    if not place:
        problems["place"] = errors.FIELD_REQUIRED
    if not material:
        problems["material"] = errors.FIELD_REQUIRED
    if not attendee_list:
        problems["attendees"] = errors.SOCIALIZATION_ATTENDEES_REQUIRED
    else:
        inside = set(
            active_holdings()
            .filter(
                employee__user__in=attendee_list,
                position__unit__path__startswith=run.agency.path,
            )
            .values_list("employee__user_id", flat=True)
        )
        if any(user.pk not in inside for user in attendee_list):
            problems["attendees"] = errors.SOCIALIZATION_ATTENDEE_OUTSIDE
    if problems:
        raise ValidationError(problems)

    def state(meeting: SocializationMeeting | None) -> dict[str, Any]:
        if meeting is None:
            return {}
        return {
            "held_at": meeting.held_at.isoformat(),
            "place": meeting.place,
            "material": meeting.material,
            "notes": meeting.notes,
            "attendees": sorted(u.display_name for u in meeting.attendees.all()),
        }

    with transaction.atomic():
        meeting = SocializationMeeting.objects.select_for_update().filter(run=run).first()
        before = state(meeting)
        if meeting is None:
            meeting = SocializationMeeting(run=run)
        else:
            meeting.version += 1
        meeting.held_at, meeting.place, meeting.material, meeting.notes = (
            held_at,
            place,
            material,
            notes,
        )
        meeting.save()
        meeting.attendees.set(attendee_list)
        after = state(meeting)
        changes = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
        if changes:
            audit_record(
                actor=actor,
                instance=meeting,
                action="update" if before else "create",
                changes=changes,
            )
    return meeting
