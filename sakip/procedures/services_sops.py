"""Writes of SOP definitions: a change is a new revision, never an edit of an old one.

A running procedure points at the revision it started with (ProcedureRun.revision), so earlier
revisions stay exactly as they were signed and run.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from sakip.accounts.types import Actor
from sakip.audit.services import audit_record, diff
from sakip.organization.nip import normalize_nip

from . import definitions as defs
from .definitions import IDENTITY_FIELDS, LIST_FIELDS, SHEET_FIELDS, LaneDef, StepDef
from .models import Sop, SopRevision, SopStep

CHANGE_NOTE_REQUIRED = _("Tuliskan catatan perubahan: apa yang diubah dan mengapa.")
EFFECTIVE_BEFORE_PREVIOUS = _(
    "Tanggal efektif tidak boleh sebelum tanggal efektif revisi %(revision)s (%(date)s)."
)
STALE_REVISION = _(
    "SOP ini telah direvisi oleh pengguna lain (revisi %(revision)s) saat Anda menyuntingnya. "
    "Muat ulang halaman untuk melihat revisi tersebut, lalu terapkan kembali perubahan Anda."
)
UNKNOWN_FIELD = _("Isian “%(field)s” tidak dikenal.")
STEP_FIELD_PREFIX = _("Langkah %(step)s: %(message)s")

# What the edit page changes in a step; the structure (symbol, fan-out, repeat, return path,
# action) comes from the previous revision's step of the same number unless given.
STEP_FIELDS = (
    "activity",
    "lane",
    "requirements",
    "duration_value",
    "duration_unit",
    "output",
    "remarks",
    "symbol",
    "fan_out",
    "fan_out_unit_kinds",
    "repeat",
    "return_to",
    "action",
)
LANE_FIELDS = ("name", "role", "relative")


class StaleRevisionError(ValidationError):
    """Someone saved a newer revision since the edit page was loaded."""


def step_key(index: int, name: str) -> str:
    """The error key of one step's field: "steps.<0-based index>.<field>"."""
    return f"steps.{index}.{name}"


def lane_key(index: int, name: str) -> str:
    """The error key of one lane's field: "lanes.<0-based index>.<field>"."""
    return f"lanes.{index}.{name}"


def latest_revision(sop: Sop) -> SopRevision | None:
    return sop.revisions.order_by("-revision").first()


def _lanes_from(revision: SopRevision, lanes: Sequence[Mapping[str, Any]] | None) -> list[LaneDef]:
    """Lanes keyed by their 1-based order as text: steps name a lane by its position."""
    if lanes is None:
        return [
            LaneDef(
                key=str(lane.order),
                name=lane.name,
                role=lane.role,
                relative=lane.relative,
            )
            for lane in revision.lanes.order_by("order")
        ]
    result = []
    for order, data in enumerate(lanes, start=1):
        result.append(
            LaneDef(
                key=str(order),
                name=str(data.get("name") or "").strip(),
                role=str(data.get("role") or "").strip(),
                relative=bool(data.get("relative", False)),
            )
        )
    return result


def _steps_from(revision: SopRevision, steps: Sequence[Mapping[str, Any]]) -> list[StepDef]:
    previous = {
        step.number: step for step in revision.steps.select_related("lane", "return_to").all()
    }
    result = []
    for index, data in enumerate(steps):
        number = index + 1
        base = previous.get(number)

        def pick(name: str, default: Any, data: Mapping[str, Any] = data) -> Any:
            return data.get(name, default)

        return_to = pick("return_to", base.return_to.number if base and base.return_to else None)
        lane = pick("lane", base.lane.order if base else "")
        result.append(
            StepDef(
                number=number,
                activity=str(pick("activity", base.activity if base else "") or "").strip(),
                lane=str(lane if lane is not None else "").strip(),
                duration_value=pick("duration_value", base.duration_value if base else None),
                duration_unit=str(pick("duration_unit", base.duration_unit if base else "") or ""),
                requirements=str(
                    pick("requirements", base.requirements if base else "") or ""
                ).strip(),
                output=str(pick("output", base.output if base else "") or "").strip(),
                remarks=str(pick("remarks", base.remarks if base else "") or "").strip(),
                symbol=str(pick("symbol", base.symbol if base else "process") or "process"),
                fan_out=str(pick("fan_out", base.fan_out if base else "none") or "none"),
                fan_out_unit_kinds=list(
                    pick("fan_out_unit_kinds", base.fan_out_unit_kinds if base else []) or []
                ),
                repeat=str(pick("repeat", base.repeat if base else "once") or "once"),
                return_to=int(return_to) if return_to not in (None, "") else None,
                action=str(pick("action", base.action if base else "") or "").strip(),
            )
        )
        result[-1].time_text = _kept_time_text(base, result[-1])
    return result


def _kept_time_text(base: SopStep | None, step: StepDef) -> str:
    """The time as the document writes it carries over only while the time itself is unchanged:
    a new time is printed in the usual form."""
    if base is None or not base.time_text or step.duration_unit != base.duration_unit:
        return ""
    return base.time_text if defs.to_duration(step.duration_value) == base.duration_value else ""


def _identity_from(revision: SopRevision, identity: Mapping[str, Any]) -> tuple[dict, dict]:
    errors: dict[str, list[str]] = {}
    # The sheet fields (how the signed document prints) carry over unless given.
    merged = {name: getattr(revision, name) for name in (*IDENTITY_FIELDS, *SHEET_FIELDS)}
    for name, value in identity.items():
        if name in SHEET_FIELDS:
            merged[name] = value
            continue
        if name not in IDENTITY_FIELDS:
            errors.setdefault("identity", []).append(str(UNKNOWN_FIELD % {"field": name}))
            continue
        if name in LIST_FIELDS:
            value = [str(item).strip() for item in (value or []) if str(item).strip()]
        elif name == "approver_nip":
            value = normalize_nip(str(value or ""))
        elif name in defs.TEXT_FIELDS:
            value = str(value or "").strip()
        merged[name] = value
    return merged, errors


def sop_revise(
    *,
    actor: Actor,
    sop: Sop,
    effective_date: datetime.date | None,
    change_note: str,
    identity: Mapping[str, Any],
    steps: Sequence[Mapping[str, Any]],
    lanes: Sequence[Mapping[str, Any]] | None = None,
    expected_revision: int | None = None,
) -> SopRevision:
    """Create revision N+1 of an SOP from the latest revision with the given changes applied.

    `identity` holds the identity fields to change (the others are copied). `steps` is the whole
    new step list in order; a step dict names its lane by position (1-based, in `lanes` or in the
    previous revision's lanes when `lanes` is None) and may leave out the structural fields, which
    are copied from the previous step of the same number. Errors are keyed by identity field,
    "effective_date", "change_note", "steps.<index>.<field>", "lanes.<index>.<field>" or
    "steps".
    """
    with transaction.atomic():
        sop = Sop.objects.select_for_update().get(pk=sop.pk)
        previous = latest_revision(sop)
        if previous is None:  # pragma: no cover - an SOP is always created with revision 1
            raise ValidationError({"steps": str(defs.NO_STEPS)})
        if expected_revision is not None and previous.revision != expected_revision:
            raise StaleRevisionError(
                str(STALE_REVISION % {"revision": previous.revision}), code="stale"
            )

        merged, errors = _identity_from(previous, identity)
        lane_defs = _lanes_from(previous, lanes)
        step_defs = _steps_from(previous, steps)

        def add(key: str, message: str) -> None:
            errors.setdefault(key, []).append(message)

        for issue in defs.check_identity({**merged, "effective_date": effective_date}):
            add(issue.field or "identity", issue.message)
        for issue in defs.check_sheet(merged):
            add(issue.field or "identity", issue.message)
        if isinstance(effective_date, datetime.date) and effective_date < previous.effective_date:
            add(
                "effective_date",
                str(
                    EFFECTIVE_BEFORE_PREVIOUS
                    % {
                        "revision": previous.revision,
                        "date": date_format(previous.effective_date, "DATE_FORMAT"),
                    }
                ),
            )
        if not (change_note or "").strip():
            add("change_note", str(CHANGE_NOTE_REQUIRED))
        for issue in defs.check_structure(lane_defs, step_defs):
            if issue.step is not None:
                add(step_key(issue.step, issue.field), issue.message)
            elif issue.lane is not None:
                add(lane_key(issue.lane, issue.field), issue.message)
            else:
                add("steps", issue.message)
        if errors:
            raise ValidationError(errors)

        assert effective_date is not None
        revision = defs.create_revision_rows(
            sop=sop,
            revision_number=previous.revision + 1,
            effective_date=effective_date,
            identity=merged,
            lanes=lane_defs,
            steps=step_defs,
            change_note=change_note.strip(),
            actor=actor,
        )
        sop.version += 1
        sop.save(update_fields=["version", "updated_at"])
        changes = diff(
            _comparable(previous, previous.steps.select_related("lane").order_by("number")),
            _comparable(revision, revision.steps.select_related("lane").order_by("number")),
        )
        changes["revision"] = [previous.revision, revision.revision]
        audit_record(
            actor=actor, instance=revision, action="create", changes=changes, note=change_note
        )
        audit_record(
            actor=actor,
            instance=sop,
            action="revise",
            changes={"revision": [previous.revision, revision.revision]},
            note=change_note,
        )
    return revision


def _comparable(revision: SopRevision, steps: Any) -> dict[str, Any]:
    """A flat view of a revision for the audit diff: identity fields and each step's texts."""
    data: dict[str, Any] = {}
    for name in (*IDENTITY_FIELDS, *SHEET_FIELDS, "effective_date"):
        value = getattr(revision, name)
        data[name] = value.isoformat() if hasattr(value, "isoformat") else value
    for lane in revision.lanes.order_by("order"):
        data[f"lane {lane.order}"] = (
            f"{lane.name} | {lane.role} | {'relative' if lane.relative else '-'}"
        )
    for step in steps:
        data[f"step {step.number}"] = (
            f"{step.activity} | {step.lane.name} | {step.requirements} | "
            f"{step.duration_value.normalize():f} {step.duration_unit} | {step.output} | "
            f"{step.remarks}"
        )
    return data
