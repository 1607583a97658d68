"""SOPs as data: the definition files in `procedures/*.toml`, their checks, and loading them.

A definition file holds a whole SOP-AP document (PermenPAN-RB 35/2012, Permendagri 52/2011): the
identity block, the lanes (one per executor role, in the column order of the signed table) and the
steps with their Mutu Baku. DOMAIN.md §1: "keep the SOP as data so the office can correct it; never
hard-code a step list in code".

The same structural checks serve the files (messages name the file and the step) and the edit page
(`services_sops.sop_revise`, messages put next to the step's field). A lane names a role only,
never a unit of one agency (docs/decisions/0012): the same file serves any agency, and a run checks
that every lane resolves to a person of its agency when it starts.
"""

from __future__ import annotations

import datetime
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from sakip.accounts.types import Actor
from sakip.audit.services import audit_record
from sakip.organization.choices import Role, UnitKind
from sakip.organization.models import Unit
from sakip.organization.nip import normalize_nip, parse_nip

from .choices import DurationUnit, FanOut, Repeat, SheetLetterhead, StepSymbol, Workflow
from .models import Sop, SopLane, SopRevision, SopStep
from .sheet import SHEET_LABELS, time_label

# The definition files shipped with the product (ARCHITECTURE.md layout: procedures/ at the top).
DEFINITIONS_DIR = Path(settings.BASE_DIR) / "procedures"

# --- messages ---------------------------------------------------------------------------------

FILE_UNREADABLE = _("%(file)s: berkas tidak dapat dibaca sebagai TOML (%(error)s).")
FIELD_REQUIRED = _("%(field)s wajib diisi.")
DATE_INVALID = _("%(field)s harus tanggal yang benar (TTTT-BB-HH).")
LIST_INVALID = _("%(field)s harus daftar teks, satu butir per baris.")
CODE_INVALID = _("Kode SOP hanya boleh berisi huruf kecil, angka dan tanda hubung.")
WORKFLOW_INVALID = _("Alur sistem “%(value)s” tidak dikenal; pilih salah satu dari: %(choices)s.")
NO_LANES = _("SOP harus memiliki sekurang-kurangnya satu pelaksana.")
NO_STEPS = _("SOP harus memiliki sekurang-kurangnya satu langkah.")
LANE_NAME_REQUIRED = _("Nama pelaksana wajib diisi.")
LANE_KEY_DUPLICATE = _("Kunci pelaksana “%(key)s” dipakai lebih dari satu kali.")
ROLE_INVALID = _("Peran “%(value)s” tidak dikenal; pilih salah satu dari: %(choices)s.")
UNIT_CODE_GONE = _(
    "unit_code tidak dipakai lagi: pelaksana menyebut peran saja (mis. kasubag_general untuk "
    "Kasubag Umum dan Kepegawaian, kasubag_planning untuk Kasubag Perencanaan dan Keuangan)."
)
STEP_NUMBERS = _(
    "Nomor langkah harus berurutan mulai dari 1 tanpa loncatan (tertulis: %(numbers)s)."
)
ACTIVITY_REQUIRED = _("Uraian kegiatan wajib diisi.")
LANE_UNKNOWN = _("Pelaksana “%(lane)s” tidak ada dalam daftar pelaksana SOP ini.")
DURATION_INVALID = _("Waktu (mutu baku) harus berupa angka, misalnya 2 atau 1,5.")
DURATION_POSITIVE = _("Waktu (mutu baku) harus lebih besar dari 0.")
DURATION_TOO_LARGE = _("Waktu (mutu baku) paling banyak 999.999,99 dengan dua angka desimal.")
TIME_TEXT_MISMATCH = _(
    "Waktu tertulis “%(text)s” tidak sama dengan waktu langkah ini (%(usual)s); hanya huruf "
    "besar-kecilnya yang boleh berbeda."
)
UNIT_INVALID = _(
    "Satuan waktu “%(value)s” tidak dikenal; gunakan minute (menit), hour (jam) atau day (hari)."
)
SYMBOL_INVALID = _("Simbol “%(value)s” tidak dikenal; pilih salah satu dari: %(choices)s.")
START_NOT_FIRST = _("Simbol mulai (terminator) hanya boleh dipakai pada langkah pertama.")
END_NOT_LAST = _("Simbol selesai (terminator) hanya boleh dipakai pada langkah terakhir.")
FAN_OUT_INVALID = _("Pembagian tugas “%(value)s” tidak dikenal; gunakan none atau per_unit.")
UNIT_KIND_INVALID = _("Jenis unit “%(value)s” tidak dikenal; pilih dari: %(choices)s.")
REPEAT_INVALID = _("Pengulangan “%(value)s” tidak dikenal; pilih salah satu dari: %(choices)s.")
ACTION_INVALID = _("Aksi sistem “%(value)s” tidak valid; contoh yang benar: rkt.fill.")
RETURN_NOT_DECISION = _(
    "Hanya langkah keputusan yang dapat mengembalikan pekerjaan ke langkah sebelumnya."
)
RETURN_MISSING = _("Langkah keputusan harus menyebutkan langkah tujuan bila hasilnya dikembalikan.")
RETURN_UNKNOWN = _("Langkah tujuan kembali (%(target)s) tidak ada dalam SOP ini.")
RETURN_NOT_BEFORE = _("Langkah tujuan kembali (%(target)s) harus langkah sebelum langkah ini.")
SHEET_INVALID = _("[sheet] harus tabel isian (letterhead, labels, remarks_column …).")
SHEET_KEY_UNKNOWN = _("Isian [sheet] “%(key)s” tidak dikenal; pilih dari: %(choices)s.")
SHEET_LETTERHEAD_INVALID = _(
    "Kop lembar SOP “%(value)s” tidak dikenal; pilih salah satu dari: %(choices)s."
)
SHEET_LABELS_INVALID = _("[sheet.labels] harus tabel label berupa teks.")
SHEET_LABEL_UNKNOWN = _("Label lembar SOP “%(key)s” tidak dikenal; pilih dari: %(choices)s.")
SHEET_FLAG_INVALID = _("Isian [sheet] “%(key)s” harus true atau false.")
WHERE_FILE = _("%(file)s: %(message)s")
WHERE_FILE_STEP = _("%(file)s, langkah %(step)s: %(message)s")
WHERE_FILE_LANE = _("%(file)s, pelaksana ke-%(lane)s: %(message)s")
LOADED = _("SOP “%(title)s” dimuat untuk %(agency)s sebagai revisi 1.")
ALREADY_LOADED = _("SOP dengan kode “%(code)s” sudah ada untuk %(agency)s; tidak diubah.")
STRUCTURE_STEP_COUNT = _(
    "“%(title)s” memiliki jumlah langkah yang berbeda dari berkas bawaannya; susunan langkahnya "
    "tidak diubah. Sesuaikan melalui halaman SOP bila perlu."
)
STRUCTURE_LANE_MISSING = _(
    "Langkah %(number)s: pelaksana “%(lane)s” tidak ada pada revisi terakhir; langkah ini tidak "
    "diubah."
)
STRUCTURE_REVISED = _(
    "Pelaksana dan pembagian tugas langkah %(steps)s disesuaikan dengan %(file)s; teks dan waktu "
    "tetap seperti revisi sebelumnya."
)
STRUCTURE_DIFFERS = _(
    "“%(title)s” untuk %(agency)s berbeda susunan langkahnya dari berkas bawaan (langkah "
    "%(steps)s). Jalankan load_sops --revise untuk membuat revisi baru yang menyesuaikannya."
)
STRUCTURE_DONE = _("“%(title)s” untuk %(agency)s: revisi %(revision)s dibuat (%(note)s).")

IDENTITY_LABELS: dict[str, Any] = {
    "number": _("Nomor SOP"),
    "title": _("Judul SOP"),
    "created_date": _("Tanggal pembuatan"),
    "revised_date": _("Tanggal revisi"),
    "approved_date": _("Tanggal pengesahan"),
    "effective_date": _("Tanggal efektif"),
    "approved_by_label": _("Disahkan oleh"),
    "approver_title": _("Jabatan pengesah"),
    "approver_name": _("Nama pengesah"),
    "approver_nip": _("NIP pengesah"),
    "legal_basis": _("Dasar hukum"),
    "qualifications": _("Kualifikasi pelaksana"),
    "related_sops": _("Keterkaitan"),
    "equipment": _("Peralatan/perlengkapan"),
    "warning": _("Peringatan"),
    "record_keeping": _("Pencatatan dan pendataan"),
}
TEXT_FIELDS = ("number", "title", "approved_by_label", "approver_title", "approver_name")
REQUIRED_TEXT_FIELDS = ("number", "title")
DATE_FIELDS = ("created_date", "revised_date", "approved_date", "effective_date")
REQUIRED_DATE_FIELDS = ("created_date", "effective_date")
LIST_FIELDS = (
    "legal_basis",
    "qualifications",
    "related_sops",
    "equipment",
    "warning",
    "record_keeping",
)
# The identity fields of a revision, in the order of the SOP-AP identity block.
IDENTITY_FIELDS = (
    "number",
    "title",
    "created_date",
    "revised_date",
    "approved_date",
    "approved_by_label",
    "approver_title",
    "approver_name",
    "approver_nip",
    *LIST_FIELDS,
)

# How the signed document prints its sheet: the revision's fields, by their key in a file's [sheet]
# table, with the value of a file that does not say (the standard SOP-AP sheet).
SHEET_KEYS = {
    "letterhead": "sheet_letterhead",
    "labels": "sheet_labels",
    "remarks_column": "sheet_remarks_column",
    "number_single_items": "sheet_number_single_items",
    "table_title": "sheet_table_title",
}
SHEET_FIELDS = tuple(SHEET_KEYS.values())
SHEET_FLAGS = ("sheet_remarks_column", "sheet_number_single_items", "sheet_table_title")
SHEET_DEFAULTS: dict[str, Any] = {
    "sheet_letterhead": SheetLetterhead.REGENCY.value,
    "sheet_labels": {},
    "sheet_remarks_column": True,
    "sheet_number_single_items": True,
    "sheet_table_title": True,
}

_CODE_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_ACTION_RE = re.compile(r"^[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)*$")
_MAX_DURATION = Decimal("999999.99")


# --- the definition as data -------------------------------------------------------------------


@dataclass
class LaneDef:
    """A lane of the procedure table; steps name it by `key` (in files) or by its position."""

    key: str
    name: str
    role: str
    relative: bool = False


@dataclass
class StepDef:
    number: int
    activity: str
    lane: str  # the key of a LaneDef
    duration_value: Any  # a Decimal once checked; kept raw so the check can name a bad value
    duration_unit: str
    requirements: str = ""
    output: str = ""
    remarks: str = ""
    symbol: str = StepSymbol.PROCESS.value
    fan_out: str = FanOut.NONE.value
    fan_out_unit_kinds: list[str] = field(default_factory=list)
    repeat: str = Repeat.ONCE.value
    return_to: int | None = None
    action: str = ""
    time_text: str = ""  # the time as the document writes it, if its letter case differs


@dataclass
class SopDefinition:
    """One definition file, parsed."""

    source: str
    code: str
    workflow: str
    identity: dict[str, Any]
    lanes: list[LaneDef]
    steps: list[StepDef]


@dataclass(frozen=True)
class Issue:
    """One problem found by the checks: where it is and what is wrong (Indonesian)."""

    message: str
    step: int | None = None  # position in the step list (0-based)
    lane: int | None = None  # position in the lane list (0-based)
    field: str = ""


@dataclass(frozen=True)
class LoadResult:
    sop: Sop
    revision: SopRevision
    created: bool
    message: str


# --- checks shared by the files and the edit page ---------------------------------------------


def _choices_text(values: Iterable[str]) -> str:
    return ", ".join(values)


def usual_time_text(value: Decimal, unit: str) -> str:
    """The standard time in the signed documents' language, whatever the reader's language."""
    with translation.override("id"):
        return time_label(value, unit)


def to_duration(value: Any) -> Decimal | None:
    """A standard time from a file or a form: 2, 1.5, "1,5" -> Decimal; None when not a number."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        return None


def check_identity(identity: Mapping[str, Any]) -> list[Issue]:
    """Required texts and dates, lists of texts, a valid NIP (when given)."""
    issues: list[Issue] = []
    for name in REQUIRED_TEXT_FIELDS:
        if not str(identity.get(name) or "").strip():
            issues.append(Issue(str(FIELD_REQUIRED % {"field": IDENTITY_LABELS[name]}), field=name))
    for name in DATE_FIELDS:
        value = identity.get(name)
        if value in (None, ""):
            if name in REQUIRED_DATE_FIELDS:
                issues.append(
                    Issue(str(FIELD_REQUIRED % {"field": IDENTITY_LABELS[name]}), field=name)
                )
        elif not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
            issues.append(Issue(str(DATE_INVALID % {"field": IDENTITY_LABELS[name]}), field=name))
    for name in LIST_FIELDS:
        value = identity.get(name, [])
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            issues.append(Issue(str(LIST_INVALID % {"field": IDENTITY_LABELS[name]}), field=name))
    nip = str(identity.get("approver_nip") or "")
    if nip:
        try:
            parse_nip(nip)
        except ValidationError as exc:
            issues.append(Issue(" ".join(str(m) for m in exc.messages), field="approver_nip"))
    return issues


def check_sheet(sheet: Mapping[str, Any]) -> list[Issue]:
    """The sheet fields of a revision (SHEET_FIELDS): a known letterhead, labels of known keys
    written as text, true/false flags."""
    issues: list[Issue] = []
    letterhead = sheet.get("sheet_letterhead")
    if letterhead not in SheetLetterhead.values:
        choices = _choices_text(SheetLetterhead.values)
        issues.append(
            Issue(
                str(SHEET_LETTERHEAD_INVALID % {"value": letterhead, "choices": choices}),
                field="sheet_letterhead",
            )
        )
    labels = sheet.get("sheet_labels")
    if not isinstance(labels, dict) or not all(isinstance(v, str) for v in labels.values()):
        issues.append(Issue(str(SHEET_LABELS_INVALID), field="sheet_labels"))
    else:
        for key in labels:
            if key not in SHEET_LABELS:
                choices = _choices_text(SHEET_LABELS)
                issues.append(
                    Issue(
                        str(SHEET_LABEL_UNKNOWN % {"key": key, "choices": choices}),
                        field="sheet_labels",
                    )
                )
    for name in SHEET_FLAGS:
        if not isinstance(sheet.get(name), bool):
            key = name.removeprefix("sheet_")
            issues.append(Issue(str(SHEET_FLAG_INVALID % {"key": key}), field=name))
    return issues


def parse_sheet(raw: Any) -> tuple[dict[str, Any], list[Issue]]:
    """A file's [sheet] table as revision fields (SHEET_DEFAULTS for what it leaves out)."""
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        return dict(SHEET_DEFAULTS), [Issue(str(SHEET_INVALID))]
    issues = [
        Issue(str(SHEET_KEY_UNKNOWN % {"key": key, "choices": _choices_text(SHEET_KEYS)}))
        for key in raw
        if key not in SHEET_KEYS
    ]
    sheet = {name: raw.get(key, SHEET_DEFAULTS[name]) for key, name in SHEET_KEYS.items()}
    if isinstance(sheet["sheet_letterhead"], str):
        sheet["sheet_letterhead"] = sheet["sheet_letterhead"].strip()
    if isinstance(sheet["sheet_labels"], dict):
        sheet["sheet_labels"] = dict(sheet["sheet_labels"])
    return sheet, issues + check_sheet(sheet)


def check_structure(lanes: Sequence[LaneDef], steps: Sequence[StepDef]) -> list[Issue]:
    """The lanes and steps of one SOP: references, numbering, times, symbols, the return path."""
    issues: list[Issue] = []
    if not lanes:
        issues.append(Issue(str(NO_LANES)))
    keys: set[str] = set()
    for index, lane in enumerate(lanes):
        if not lane.name.strip():
            issues.append(Issue(str(LANE_NAME_REQUIRED), lane=index, field="name"))
        if lane.key in keys:
            issues.append(
                Issue(str(LANE_KEY_DUPLICATE % {"key": lane.key}), lane=index, field="key")
            )
        keys.add(lane.key)
        if lane.role not in Role.values:
            issues.append(
                Issue(
                    str(ROLE_INVALID % {"value": lane.role, "choices": _choices_text(Role.values)}),
                    lane=index,
                    field="role",
                )
            )
    if not steps:
        issues.append(Issue(str(NO_STEPS)))
        return issues
    numbers = [step.number for step in steps]
    if numbers != list(range(1, len(steps) + 1)):
        issues.append(
            Issue(
                str(STEP_NUMBERS % {"numbers": ", ".join(str(n) for n in numbers)}), field="number"
            )
        )
    last = len(steps) - 1
    for index, step in enumerate(steps):

        def add(message: Any, name: str, index: int = index) -> None:
            issues.append(Issue(str(message), step=index, field=name))

        if not step.activity.strip():
            add(ACTIVITY_REQUIRED, "activity")
        if step.lane not in keys:
            add(LANE_UNKNOWN % {"lane": step.lane}, "lane")
        duration = to_duration(step.duration_value)
        if duration is None or not duration.is_finite():
            add(DURATION_INVALID, "duration_value")
        elif duration <= 0:
            add(DURATION_POSITIVE, "duration_value")
        elif duration > _MAX_DURATION or duration != duration.quantize(Decimal("0.01")):
            add(DURATION_TOO_LARGE, "duration_value")
        if step.duration_unit not in DurationUnit.values:
            add(UNIT_INVALID % {"value": step.duration_unit}, "duration_unit")
        elif step.time_text and duration is not None and duration.is_finite():
            usual = usual_time_text(duration, step.duration_unit)
            if step.time_text.casefold() != usual.casefold():
                add(TIME_TEXT_MISMATCH % {"text": step.time_text, "usual": usual}, "time_text")
        if step.symbol not in StepSymbol.values:
            add(
                SYMBOL_INVALID
                % {"value": step.symbol, "choices": _choices_text(StepSymbol.values)},
                "symbol",
            )
        elif step.symbol == StepSymbol.START and index != 0:
            add(START_NOT_FIRST, "symbol")
        elif step.symbol == StepSymbol.END and index != last:
            add(END_NOT_LAST, "symbol")
        if step.fan_out not in FanOut.values:
            add(FAN_OUT_INVALID % {"value": step.fan_out}, "fan_out")
        for kind in step.fan_out_unit_kinds:
            if kind not in UnitKind.values:
                add(
                    UNIT_KIND_INVALID % {"value": kind, "choices": _choices_text(UnitKind.values)},
                    "fan_out_unit_kinds",
                )
        if step.repeat not in Repeat.values:
            add(
                REPEAT_INVALID % {"value": step.repeat, "choices": _choices_text(Repeat.values)},
                "repeat",
            )
        if step.action and not _ACTION_RE.match(step.action):
            add(ACTION_INVALID % {"value": step.action}, "action")
        if step.return_to is not None:
            if step.symbol != StepSymbol.DECISION:
                add(RETURN_NOT_DECISION, "return_to")
            elif step.return_to not in numbers:
                add(RETURN_UNKNOWN % {"target": step.return_to}, "return_to")
            elif step.return_to >= step.number:
                add(RETURN_NOT_BEFORE % {"target": step.return_to}, "return_to")
        elif step.symbol == StepSymbol.DECISION:
            add(RETURN_MISSING, "return_to")
    return issues


# --- parsing a file ---------------------------------------------------------------------------


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def parse_definition(path: Path | str) -> SopDefinition:
    """Read and check a definition file; a ValidationError lists every problem found."""
    path = Path(path)
    name = path.name
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ValidationError(str(FILE_UNREADABLE % {"file": name, "error": exc})) from exc

    messages: list[str] = []

    def where(issue: Issue, steps: Sequence[StepDef] = ()) -> str:
        if issue.step is not None:
            number = steps[issue.step].number if issue.step < len(steps) else issue.step + 1
            return str(WHERE_FILE_STEP % {"file": name, "step": number, "message": issue.message})
        if issue.lane is not None:
            return str(
                WHERE_FILE_LANE % {"file": name, "lane": issue.lane + 1, "message": issue.message}
            )
        return str(WHERE_FILE % {"file": name, "message": issue.message})

    code = _text(data.get("code"))
    if not _CODE_RE.match(code):
        messages.append(where(Issue(str(CODE_INVALID))))
    workflow = _text(data.get("workflow")) or Workflow.GENERIC.value
    if workflow not in Workflow.values:
        messages.append(
            where(
                Issue(
                    str(
                        WORKFLOW_INVALID
                        % {"value": workflow, "choices": _choices_text(Workflow.values)}
                    )
                )
            )
        )

    raw_identity = data.get("identity") or {}
    identity: dict[str, Any] = {}
    for key in (*IDENTITY_FIELDS, "effective_date"):
        value = raw_identity.get(key)
        if key in LIST_FIELDS:
            identity[key] = (
                [_text(item) for item in value] if isinstance(value, list) else value or []
            )
        elif key in DATE_FIELDS:
            identity[key] = value
        elif key == "approver_nip":
            identity[key] = normalize_nip(_text(value))
        else:
            identity[key] = _text(value)
    messages.extend(where(issue) for issue in check_identity(identity))
    sheet, sheet_issues = parse_sheet(data.get("sheet"))
    identity.update(sheet)
    messages.extend(where(issue) for issue in sheet_issues)

    lanes = [
        LaneDef(
            key=_text(raw.get("key")) or _text(raw.get("name")),
            name=_text(raw.get("name")),
            role=_text(raw.get("role")),
            relative=bool(raw.get("relative", False)),
        )
        for raw in data.get("lanes") or []
    ]
    # Files written before lanes named roles only (docs/decisions/0012) say which unit a lane was.
    messages.extend(
        where(Issue(str(UNIT_CODE_GONE), lane=index, field="unit_code"))
        for index, raw in enumerate(data.get("lanes") or [])
        if "unit_code" in raw
    )
    steps: list[StepDef] = []
    for position, raw in enumerate(data.get("steps") or [], start=1):
        number = raw.get("number", position)
        return_to = raw.get("return_to")
        steps.append(
            StepDef(
                number=number if isinstance(number, int) else -1,
                activity=_text(raw.get("activity")),
                lane=_text(raw.get("lane")),
                duration_value=raw.get("time"),
                duration_unit=_text(raw.get("unit")),
                requirements=_text(raw.get("requirements")),
                output=_text(raw.get("output")),
                remarks=_text(raw.get("remarks")),
                symbol=_text(raw.get("symbol")) or StepSymbol.PROCESS.value,
                fan_out=_text(raw.get("fan_out")) or FanOut.NONE.value,
                fan_out_unit_kinds=[_text(k) for k in raw.get("fan_out_unit_kinds") or []],
                repeat=_text(raw.get("repeat")) or Repeat.ONCE.value,
                return_to=return_to if isinstance(return_to, int) else None,
                action=_text(raw.get("action")),
                time_text=_text(raw.get("time_text")),
            )
        )
    messages.extend(where(issue, steps) for issue in check_structure(lanes, steps))
    if messages:
        raise ValidationError(messages)
    for step in steps:
        step.duration_value = to_duration(step.duration_value)
    return SopDefinition(
        source=name, code=code, workflow=workflow, identity=identity, lanes=lanes, steps=steps
    )


# --- writing a revision -----------------------------------------------------------------------


def create_revision_rows(
    *,
    sop: Sop,
    revision_number: int,
    effective_date: datetime.date,
    identity: Mapping[str, Any],
    lanes: Sequence[LaneDef],
    steps: Sequence[StepDef],
    change_note: str,
    actor: Actor,
) -> SopRevision:
    """Write one revision with its lanes and steps (checked beforehand, inside a transaction)."""
    revision = SopRevision(
        sop=sop,
        revision=revision_number,
        effective_date=effective_date,
        change_note=change_note,
        created_by=actor if getattr(actor, "pk", None) else None,
        **{name: identity.get(name) for name in IDENTITY_FIELDS},
        **{name: identity[name] for name in SHEET_FIELDS if name in identity},
    )
    for name in TEXT_FIELDS + ("approver_nip",):
        setattr(revision, name, getattr(revision, name) or "")
    for name in LIST_FIELDS:
        setattr(revision, name, list(getattr(revision, name) or []))
    revision.full_clean()
    revision.save()
    lane_rows: dict[str, SopLane] = {}
    for order, lane in enumerate(lanes, start=1):
        lane_rows[lane.key] = SopLane.objects.create(
            revision=revision,
            order=order,
            name=lane.name,
            role=lane.role,
            relative=lane.relative,
        )
    step_rows: dict[int, SopStep] = {}
    for step in steps:
        duration = to_duration(step.duration_value)
        assert duration is not None  # checked by check_structure
        step_rows[step.number] = SopStep.objects.create(
            revision=revision,
            number=step.number,
            activity=step.activity,
            lane=lane_rows[step.lane],
            requirements=step.requirements,
            duration_value=duration,
            duration_unit=step.duration_unit,
            output=step.output,
            remarks=step.remarks,
            symbol=step.symbol,
            fan_out=step.fan_out,
            fan_out_unit_kinds=list(step.fan_out_unit_kinds),
            repeat=step.repeat,
            action=step.action,
            time_text=step.time_text,
        )
    # A return path points back to an earlier step, which exists once every step is written.
    for step in steps:
        if step.return_to is not None:
            row = step_rows[step.number]
            row.return_to = step_rows[step.return_to]
            row.save(update_fields=["return_to"])
    return revision


def revision_audit_changes(revision: SopRevision, steps: Sequence[StepDef]) -> dict[str, Any]:
    return {
        "revision": [None, revision.revision],
        "number": [None, revision.number],
        "effective_date": [None, revision.effective_date.isoformat()],
        "steps": [None, len(steps)],
    }


# --- loading ----------------------------------------------------------------------------------


def load_definition(path: Path | str, *, agency: Unit, actor: Actor) -> LoadResult:
    """Create the SOP of a definition file for an agency: Sop, revision 1, lanes and steps.

    Idempotent: when the agency already has an SOP with that code, nothing changes (the office may
    have revised it since; a file never overwrites their revisions).
    """
    definition = parse_definition(path)
    existing = Sop.objects.filter(agency=agency, code=definition.code).first()
    if existing is not None:
        return _already_loaded(existing, agency)
    try:
        with transaction.atomic():
            sop = Sop.objects.create(
                agency=agency, code=definition.code, workflow=definition.workflow
            )
            revision = create_revision_rows(
                sop=sop,
                revision_number=1,
                effective_date=definition.identity["effective_date"],
                identity=definition.identity,
                lanes=definition.lanes,
                steps=definition.steps,
                change_note="",
                actor=actor,
            )
            note = f"procedures/{definition.source}"
            audit_record(
                actor=actor,
                instance=sop,
                action="create",
                changes={"code": [None, sop.code], "workflow": [None, sop.workflow]},
                note=note,
            )
            audit_record(
                actor=actor,
                instance=revision,
                action="create",
                changes=revision_audit_changes(revision, definition.steps),
                note=note,
            )
    except IntegrityError:
        # Someone loaded the same SOP at the same moment: theirs stands.
        existing = Sop.objects.filter(agency=agency, code=definition.code).first()
        if existing is None:
            raise
        return _already_loaded(existing, agency)
    message = str(LOADED % {"title": revision.title, "agency": agency.name})
    return LoadResult(sop=sop, revision=revision, created=True, message=message)


def _already_loaded(sop: Sop, agency: Unit) -> LoadResult:
    revision = sop.revisions.order_by("-revision").first()
    assert revision is not None
    message = str(ALREADY_LOADED % {"code": sop.code, "agency": agency.name})
    return LoadResult(sop=sop, revision=revision, created=False, message=message)


@dataclass(frozen=True)
class StructureUpdate:
    """How a step of an SOP already loaded differs in structure from its definition file."""

    number: int
    lane_order: int
    fan_out: str
    fan_out_unit_kinds: list[str]


def structure_updates(
    revision: SopRevision, definition: SopDefinition
) -> tuple[list[StructureUpdate], list[str]]:
    """What would bring a revision's step structure (lane, fan-out) to the file's, keeping the
    office's own texts and times; and the problems that prevent it (a step count that differs, a
    lane the revision does not have). Product decisions that change how a step runs (DOMAIN.md
    §1, SOP 2 step 1) reach installations that loaded the file earlier through this."""
    steps = list(revision.steps.select_related("lane").order_by("number"))
    if len(steps) != len(definition.steps):
        return [], [str(STRUCTURE_STEP_COUNT % {"title": revision.title})]
    lanes = {(lane.role, lane.relative): lane.order for lane in revision.lanes.all()}
    lane_defs = {lane.key: lane for lane in definition.lanes}
    updates, problems = [], []
    for step, shipped in zip(steps, definition.steps, strict=True):
        lane_def = lane_defs[shipped.lane]
        order = lanes.get((lane_def.role, lane_def.relative))
        if order is None:
            problems.append(
                str(STRUCTURE_LANE_MISSING % {"number": step.number, "lane": lane_def.name})
            )
            continue
        shipped_kinds = list(shipped.fan_out_unit_kinds)
        if (step.lane.order, step.fan_out, list(step.fan_out_unit_kinds)) != (
            order,
            shipped.fan_out,
            shipped_kinds,
        ):
            updates.append(StructureUpdate(step.number, order, shipped.fan_out, shipped_kinds))
    return updates, problems


def revise_structure(
    *, sop: Sop, path: Path | str, actor: Actor, today: datetime.date
) -> tuple[SopRevision | None, list[str]]:
    """A new revision of `sop`, effective today, whose steps take the lanes and fan-outs of the
    definition file; None when nothing differs or something prevents it (the problems say what).
    """
    from .services_sops import latest_revision, sop_revise

    definition = parse_definition(path)
    previous = latest_revision(sop)
    assert previous is not None
    updates, problems = structure_updates(previous, definition)
    if problems or not updates:
        return None, problems
    changed = {u.number: u for u in updates}
    steps = [
        {"lane": u.lane_order, "fan_out": u.fan_out, "fan_out_unit_kinds": u.fan_out_unit_kinds}
        if (u := changed.get(number)) is not None
        else {}
        for number in range(1, len(definition.steps) + 1)
    ]
    note = str(
        STRUCTURE_REVISED
        % {
            "steps": ", ".join(str(n) for n in sorted(changed)),
            "file": f"procedures/{definition.source}",
        }
    )
    effective = max(today, previous.effective_date)
    revision = sop_revise(
        actor=actor, sop=sop, effective_date=effective, change_note=note, identity={}, steps=steps
    )
    return revision, []


def definition_files(directory: Path | None = None) -> list[Path]:
    return sorted((directory or DEFINITIONS_DIR).glob("*.toml"))


def load_definitions(
    *,
    agency: Unit,
    actor: Actor,
    directory: Path | None = None,
    on_result: Callable[[LoadResult], None] | None = None,
) -> list[LoadResult]:
    """Load every definition file for one agency (the demo loader and `load_sops` use this)."""
    results = []
    for path in definition_files(directory):
        result = load_definition(path, agency=agency, actor=actor)
        if on_result is not None:
            on_result(result)
        results.append(result)
    return results
