"""An agency's structure from one Excel workbook (issue 10): its units, positions and people, with
their holdings and login accounts, on the import framework (decision 0010).

The administrator downloads the template (``template_bytes``: sheets Petunjuk, Unit, Jabatan,
Pegawai, Indonesian headers, drop-down lists for kinds, roles and holding kinds, an example row of
every sheet on the Petunjuk sheet), fills it and uploads it. ``parse_structure`` writes nothing:
every row is new, unchanged (it is already there, as the file says) or an error in Indonesian
next to the row (a bad NIP, an unknown parent unit, role or position, a code used twice, an end
before the start …). ``apply_structure`` writes every row through the organization's services
and the account service, which check and audit each change, in one transaction: one refused row
and nothing is written. An agency's structure is tens of rows, so the single services are used,
not a bulk service.

The import adds; it never changes or ends what is there. A row naming something that exists
differently (a unit code of another unit, a NIP of another person) is an error that says where
to change it.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from sakip.accounts.models import User
from sakip.accounts.types import Actor
from sakip.audit.services import audit_record
from sakip.core.imports import (
    ALL_ACTIONS,
    NO,
    YES,
    Cell,
    Cells,
    ExcelImporter,
    ImportRow,
    Preview,
    Section,
    SheetMessages,
    SheetReader,
    cell_text,
    normalize,
    variants,
)
from sakip.core.imports import messages as common
from sakip.core.xlsx import FORMULA_GUIDE, SafeWorkbook, workbook_bytes
from sakip.organization import services as org
from sakip.organization.choices import HoldingKind, Role, UnitKind
from sakip.organization.models import Employee, Position, PositionHolding, Unit
from sakip.organization.nip import format_nip, normalize_nip, validate_nip

from . import accounts

# --- the sheets and their columns ------------------------------------------------------------

GUIDE_SHEET = _("Petunjuk")
UNIT_SHEET = _("Unit")
POSITION_SHEET = _("Jabatan")
PEOPLE_SHEET = _("Pegawai")

# The kinds of unit inside an agency, and the roles of its positions (the regency's own are not).
UNIT_KINDS = (UnitKind.SECRETARIAT, UnitKind.DIVISION, UnitKind.SUBDIVISION, UnitKind.SECTION)
ROLES = tuple(r for r in Role if r != Role.REGENCY_VIEWER)
HOLDING_WORDS = {
    HoldingKind.DEFINITIVE: _("Definitif"),
    HoldingKind.PLT: _("Plt"),
    HoldingKind.PLH: _("Plh"),
}


@dataclass(frozen=True)
class Column:
    key: str
    label: Any
    width: int
    help: Any
    example: str = ""
    required: bool = False
    max_length: int | None = None


UNIT_COLUMNS = (
    Column(
        "code",
        _("Kode Unit"),
        24,
        _("Huruf kecil, angka dan tanda hubung; unik di seluruh kabupaten."),
        "dinkes-sekretariat",
        required=True,
        max_length=60,
    ),
    Column("name", _("Nama Unit"), 40, _("Nama lengkap unit."), "Sekretariat", True, 200),
    Column("short_name", _("Nama Singkat"), 16, _("Boleh kosong."), "Sekretariat", False, 60),
    Column("kind", _("Jenis Unit"), 16, _("Pilih dari daftar."), "Sekretariat", True),
    Column(
        "parent",
        _("Kode Unit Induk"),
        24,
        _(
            "Kosongkan bila unit langsung di bawah perangkat daerah; selain itu kode unit di baris "
            "sebelumnya atau unit yang sudah ada."
        ),
        "",
    ),
    Column("order", _("Urutan"), 10, _("Urutan di antara unit sejajar; boleh kosong."), "1"),
)
POSITION_COLUMNS = (
    Column(
        "code",
        _("Kode Jabatan"),
        14,
        _(
            "Kode singkat di berkas ini saja (mis. J1), untuk merujuk jabatan dari lembar Pegawai "
            "dan dari kolom atasan; tidak disimpan."
        ),
        "J1",
        required=True,
        max_length=30,
    ),
    Column(
        "unit",
        _("Kode Unit"),
        24,
        _(
            "Unit tempat jabatan: kode di lembar Unit, unit yang sudah ada, atau kode perangkat "
            "daerah sendiri (untuk Kepala Dinas)."
        ),
        "dinkes-sekretariat",
        required=True,
    ),
    Column("title", _("Nama Jabatan"), 36, _("Nama jabatan."), "Sekretaris", True, 200),
    Column(
        "role",
        _("Peran"),
        32,
        _("Pilih dari daftar; menentukan lajur SOP dan hak akses pemangkunya."),
        "Sekretaris",
        required=True,
    ),
    Column("head", _("Kepala Unit"), 12, _("Ya bila jabatan ini memimpin unitnya."), "Ya"),
    Column(
        "superior",
        _("Kode Jabatan Atasan"),
        20,
        _(
            "Kode jabatan atasan langsung di baris sebelumnya; kosongkan untuk otomatis (kepala "
            "unit, atau kepala unit induk)."
        ),
        "",
    ),
)
PEOPLE_COLUMNS = (
    Column(
        "nip",
        _("NIP"),
        24,
        _("18 digit, boleh dengan spasi; kolom berformat teks."),
        "19800101 200501 1 001",
        required=True,
    ),
    Column("name", _("Nama"), 30, _("Nama tanpa gelar."), "Budi Santoso", True, 150),
    Column("front_title", _("Gelar Depan"), 12, _("Boleh kosong."), "dr.", False, 30),
    Column("back_title", _("Gelar Belakang"), 16, _("Boleh kosong."), "M.Kes.", False, 60),
    Column("rank", _("Pangkat/Golongan"), 24, _("Boleh kosong."), "Pembina (IV/a)", False, 80),
    Column("email", _("Surel"), 24, _("Boleh kosong."), "", False, 254),
    Column(
        "position",
        _("Kode Jabatan"),
        14,
        _("Kode jabatan di lembar Jabatan; kosongkan bila belum menjabat."),
        "J1",
    ),
    Column(
        "kind",
        _("Jenis Pengangkatan"),
        18,
        _("Definitif, Plt atau Plh; kosong berarti Definitif."),
        "Definitif",
    ),
    Column(
        "start", _("Mulai"), 14, _("Tanggal mulai menjabat (HH-BB-TTTT); kosong: hari ini."), ""
    ),
    Column("end", _("Sampai"), 14, _("Boleh kosong; tidak boleh sebelum tanggal mulai."), ""),
    Column(
        "username",
        _("Nama Pengguna"),
        20,
        _("Untuk akun login; kosongkan bila pegawai belum perlu masuk."),
        "budi.santoso",
        False,
        150,
    ),
    Column(
        "password",
        _("Kata Sandi Awal"),
        18,
        _(
            "Wajib bila nama pengguna diisi: minimal 8 karakter, tidak hanya angka. Sampaikan "
            "kepada pemiliknya secara langsung, lalu hapus berkas ini."
        ),
        "",
    ),
)

# --- messages ----------------------------------------------------------------------------------

SHEET_MISSING = _(
    "Lembar “%(sheet)s” tidak ditemukan di berkas. Gunakan templat struktur organisasi."
)
COLUMNS_MISSING = _(
    "Kolom wajib tidak ditemukan di lembar “%(sheet)s”: %(columns)s. Gunakan templat struktur "
    "organisasi; baris pertama harus berisi judul kolom."
)
COLUMN_DUPLICATE = _("Kolom “%(column)s” muncul lebih dari sekali di lembar “%(sheet)s”.")
TOO_MANY_ROWS = _(
    "Lembar “%(sheet)s” berisi lebih dari %(max)s baris. Bagi impor menjadi beberapa berkas."
)
NOTHING_IN_FILE = _("Berkas tidak berisi unit, jabatan maupun pegawai.")
CHOICE_INVALID = _("“%(value)s” tidak dikenal. Pilihan: %(choices)s.")
CODE_INVALID = _("hanya huruf kecil, angka dan tanda hubung, mis. dinkes-sekretariat.")
CODE_TWICE = _("kode “%(code)s” sudah dipakai di baris %(row)s.")
CODE_TAKEN = _(
    "kode “%(code)s” sudah dipakai unit %(unit)s. Impor tidak mengubah unit yang sudah ada; "
    "pilih kode lain atau ubah unit itu di halaman Unit dan jabatan."
)
PARENT_UNKNOWN = _(
    "unit induk “%(code)s” tidak ada di perangkat daerah ini atau di baris sebelumnya."
)
UNIT_UNKNOWN = _("unit “%(code)s” tidak ada di lembar Unit maupun di perangkat daerah ini.")
NOT_A_NUMBER = _("tulis bilangan bulat, mis. 1.")
HEAD_TWICE = _("unit “%(code)s” sudah mempunyai kepala unit di baris %(row)s.")
HEAD_EXISTS = _("unit “%(code)s” sudah mempunyai jabatan kepala unit: %(title)s.")
POSITION_EXISTS = _(
    "jabatan “%(title)s” sudah ada di unit ini dengan peran atau kedudukan lain; ubah di halaman "
    "jabatan."
)
SUPERIOR_UNKNOWN = _("jabatan atasan “%(code)s” tidak ada di baris sebelumnya lembar Jabatan.")
NIP_AS_NUMBER = _(
    "NIP tersimpan sebagai angka sehingga digit terakhirnya dapat hilang. Format kolom NIP "
    "sebagai Teks, lalu ketik ulang NIP."
)
NIP_TWICE = _("NIP ini sudah ada di baris %(row)s.")
NIP_TAKEN = _(
    "NIP ini sudah tercatat untuk %(name)s. Impor hanya menambah pegawai baru; angkat pegawai "
    "itu di halaman Pegawai."
)
POSITION_UNKNOWN = _("jabatan “%(code)s” tidak ada di lembar Jabatan.")
DEFINITIVE_TWICE = _("jabatan “%(code)s” sudah dipangku secara definitif oleh baris %(row)s.")
DEFINITIVE_TAKEN = _(
    "jabatan “%(code)s” sudah dipangku secara definitif oleh %(name)s; angkat sebagai Plt/Plh "
    "atau akhiri dulu masa jabatan itu."
)
DATE_INVALID = _("bukan tanggal; tulis seperti 02-01-2026.")
END_BEFORE_START = _("tanggal selesai tidak boleh sebelum tanggal mulai (%(start)s).")
NO_POSITION_FOR_DATES = _("isi Kode Jabatan untuk tanggal atau jenis pengangkatan ini.")
USERNAME_TWICE = _("nama pengguna “%(username)s” sudah ada di baris %(row)s.")
PASSWORD_REQUIRED = _("wajib diisi bila Nama Pengguna diisi.")
PASSWORD_WITHOUT_USERNAME = _("isi Nama Pengguna untuk kata sandi ini.")
ACCOUNT_SHOWN = _("akun %(username)s (kata sandi awal tidak ditampilkan)")

IMPORT_EXPIRED = _("Unggahan tidak ditemukan atau sudah kedaluwarsa. Unggah berkas lagi.")
IMPORT_HAS_ERRORS = _(
    "Impor tidak dapat diterapkan karena masih ada galat; tidak ada data yang disimpan. "
    "Perbaiki berkas, lalu unggah lagi."
)
CHANGED_SINCE_PREVIEW = _(
    "Struktur perangkat daerah berubah sejak pratinjau dibuat. Periksa pratinjau yang baru, lalu "
    "terapkan lagi."
)
IMPORT_FAILED = _(
    "Impor dibatalkan dan tidak ada data yang disimpan. Perbaiki galat di bawah, lalu unggah lagi."
)
NOTHING_TO_APPLY = _("Tidak ada yang perlu ditambahkan: semua baris sudah tercatat.")
IMPORT_DONE = _(
    "Struktur %(agency)s diimpor: %(units)s unit, %(positions)s jabatan, %(people)s pegawai "
    "(%(accounts)s akun) ditambahkan."
)
CONFIRM_APPLY = _(
    "Tambahkan ke %(agency)s: %(units)s unit, %(positions)s jabatan dan %(people)s pegawai?"
)

_CODE_RE = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
_DATE_FORMATS = ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d", "%d.%m.%Y")


def _messages(no_rows: Any = None) -> SheetMessages:
    return SheetMessages(
        sheet_missing=SHEET_MISSING,
        columns_missing=COLUMNS_MISSING,
        column_duplicate=COLUMN_DUPLICATE,
        too_many_rows=TOO_MANY_ROWS,
        no_rows=no_rows,
    )


def _lookup(words: dict[str, Any]) -> dict[str, str]:
    """Every form a choice may be typed in (its label in every language, its stored value)."""
    found: dict[str, str] = {}
    for value, label in words.items():
        for form in variants(label):
            found[form] = str(value)
        found[normalize(value)] = str(value)
    return found


def _day(value: datetime.date | None) -> str:
    return formats.date_format(value, "DATE_FORMAT") if value else ""


# --- the rows ---------------------------------------------------------------------------------


@dataclass
class UnitRow(ImportRow):
    code: str = ""
    name: str = ""
    short_name: str = ""
    kind: str = ""
    parent_code: str = ""  # "" for the agency itself
    order: int = 0
    existing: Unit | None = None

    @property
    def is_new(self) -> bool:
        return self.existing is None

    def identity(self) -> list[Any]:
        return [self.code, self.existing.pk if self.existing else None]

    def cells(self) -> list[Cell]:
        return [Cell(self.name, strong=self.code)]


@dataclass
class PositionRow(ImportRow):
    code: str = ""
    unit_code: str = ""
    title: str = ""
    role: str = ""
    is_head: bool = False
    superior_code: str = ""
    existing: Position | None = None

    @property
    def is_new(self) -> bool:
        return self.existing is None

    def identity(self) -> list[Any]:
        return [self.code, self.unit_code, self.title, self.existing.pk if self.existing else None]

    def cells(self) -> list[Cell]:
        return [Cell(self.title, strong=self.code), Cell(self.unit_code, nowrap=True)]


@dataclass
class PersonRow(ImportRow):
    nip: str = ""
    name: str = ""
    front_title: str = ""
    back_title: str = ""
    rank: str = ""
    email: str = ""
    position_code: str = ""
    kind: str = HoldingKind.DEFINITIVE
    start: datetime.date | None = None
    end: datetime.date | None = None
    username: str = ""
    password: str = field(default="", repr=False)
    existing: Employee | None = None

    @property
    def is_new(self) -> bool:
        return self.existing is None

    def identity(self) -> list[Any]:
        return [self.nip, self.existing.pk if self.existing else None]

    def cells(self) -> list[Cell]:
        return [Cell(self.name, strong=format_nip(self.nip) if self.nip else "")]


@dataclass
class StructurePreview(Preview):
    agency: Unit | None = None

    def rows_of(self, key: str) -> list[Any]:
        return self.section(key).changed_rows

    @property
    def new_counts(self) -> dict[str, int]:
        return {key: len(self.rows_of(key)) for key in ("unit", "position", "person")}


# --- what is there already --------------------------------------------------------------------


@dataclass
class _Known:
    agency: Unit
    units: dict[str, Unit]  # code (lower) -> unit, every unit of the regency
    positions: dict[tuple[int, str], Position]  # (unit id, normalized title) -> position
    heads: dict[int, Position]  # unit id -> its head position
    definitive: dict[int, PositionHolding]  # position id -> its current definitive holding
    people: dict[str, Employee]  # NIP -> person
    usernames: set[str]  # lower-cased
    # (employee id, position id) of every holding in the agency: a re-uploaded person's row is
    # "unchanged" only if they already hold the position it names (read once, not per row).
    held: set[tuple[int, int]]

    @classmethod
    def load(cls, agency: Unit) -> _Known:
        today = timezone.localdate()
        units = {u.code.casefold(): u for u in Unit.objects.all()}
        positions: dict[tuple[int, str], Position] = {}
        heads: dict[int, Position] = {}
        for position in Position.objects.filter(unit__path__startswith=agency.path):
            positions[(position.unit_id, normalize(position.title))] = position
            if position.is_unit_head:
                heads[position.unit_id] = position
        definitive = {
            h.position_id: h
            for h in PositionHolding.objects.filter(
                position__unit__path__startswith=agency.path, kind=HoldingKind.DEFINITIVE
            )
            .filter(start_date__lte=today)
            .exclude(end_date__lt=today)
            .select_related("employee")
        }
        people = {p.nip: p for p in Employee.objects.select_related("user")}
        usernames = {u.casefold() for u in User.objects.values_list("username", flat=True)}
        held = set(
            PositionHolding.objects.filter(
                position__unit__path__startswith=agency.path
            ).values_list("employee_id", "position_id")
        )
        return cls(agency, units, positions, heads, definitive, people, usernames, held)

    def in_agency(self, unit: Unit) -> bool:
        return unit.path.startswith(self.agency.path)


def _text(row: ImportRow, cells: Cells, column: Column) -> str:
    text = cells.text(column.key)
    if column.required and not text:
        row.error(column.label, common.REQUIRED)
    elif column.max_length and len(text) > column.max_length:
        row.error(column.label, common.TOO_LONG % {"max": column.max_length})
        return ""
    return text


def _new(row: ImportRow, column: Column, value: str) -> None:
    if value:
        row.change(column.key, column.label, "", value)


_U = {c.key: c for c in UNIT_COLUMNS}
_P = {c.key: c for c in POSITION_COLUMNS}
_E = {c.key: c for c in PEOPLE_COLUMNS}


class _Sheet(SheetReader[Any]):
    def __init__(self, importer: StructureImporter) -> None:
        self.importer = importer

    @property
    def known(self) -> _Known:
        assert self.importer.known is not None  # loaded before the rows
        return self.importer.known


class UnitSheet(_Sheet):
    label = UNIT_SHEET
    messages = _messages()

    def __init__(self, importer: StructureImporter) -> None:
        super().__init__(importer)
        self.kinds = _lookup({k: k.label for k in UNIT_KINDS})
        self.kinds_shown = ", ".join(str(k.label) for k in UNIT_KINDS)
        self.seen: dict[str, int] = {}

    def columns(self) -> Sequence[Column]:
        return UNIT_COLUMNS

    def section(self) -> Section:
        return Section(
            key="unit",
            title=_("Unit"),
            headers=[_("Unit")],
            caption=_("Baris lembar Unit"),
            summary_label=_("Ringkasan lembar Unit"),
            actions=ALL_ACTIONS,
            empty_text=_("Lembar Unit kosong."),
        )

    def identity_row(self, cells: Cells) -> UnitRow:
        return UnitRow(row=cells.number, code=cells.text("code").casefold())

    def parse_row(self, cells: Cells) -> UnitRow:
        known = self.known
        row = self.identity_row(cells)
        code_col = _U["code"]
        code = _text(row, cells, code_col).casefold()
        row.code = code
        row.name = _text(row, cells, _U["name"])
        row.short_name = _text(row, cells, _U["short_name"])
        kind_text = _text(row, cells, _U["kind"])
        if kind_text:
            kind = self.kinds.get(normalize(kind_text))
            if kind is None:
                row.error(
                    _U["kind"].label,
                    CHOICE_INVALID % {"value": kind_text, "choices": self.kinds_shown},
                )
            else:
                row.kind = kind
        if code and not _CODE_RE.match(code):
            row.error(code_col.label, CODE_INVALID)
        elif code in self.seen:
            row.error(code_col.label, CODE_TWICE % {"code": code, "row": self.seen[code]})
        elif code:
            self.seen[code] = row.row
        parent_code = cells.text("parent").casefold()
        parent: Unit | None = known.agency
        if parent_code and parent_code != known.agency.code.casefold():
            parent = known.units.get(parent_code)
            if parent is not None and not known.in_agency(parent):
                parent = None
            if parent is None and (parent_code not in self.seen or parent_code == code):
                row.error(_U["parent"].label, PARENT_UNKNOWN % {"code": parent_code})
            row.parent_code = parent_code
        order_text = cells.text("order")
        if order_text:
            if order_text.isdigit():
                row.order = int(order_text)
            else:
                row.error(_U["order"].label, NOT_A_NUMBER)
        existing = known.units.get(code) if code else None
        if existing is not None and not row.errors:
            same = (
                known.in_agency(existing)
                and existing.name == row.name
                and existing.kind == row.kind
                and parent is not None
                and existing.parent_id == parent.pk
            )
            if same:
                row.existing = existing
            else:
                row.error(code_col.label, CODE_TAKEN % {"code": code, "unit": existing.name})
        if row.is_new and not row.errors:
            _new(row, _U["name"], row.name)
            _new(row, _U["short_name"], row.short_name)
            _new(row, _U["kind"], str(UnitKind(row.kind).label))
            _new(row, _U["parent"], row.parent_code or known.agency.code)
        return row


class PositionSheet(_Sheet):
    label = POSITION_SHEET
    messages = _messages()

    def __init__(self, importer: StructureImporter) -> None:
        super().__init__(importer)
        self.roles = _lookup({r: r.label for r in ROLES})
        self.roles_shown = ", ".join(str(r.label) for r in ROLES)
        self.yes_no = {form: True for form in variants(YES)}
        self.yes_no.update({form: False for form in variants(NO)})
        self.yes_no.update({"true": True, "false": False, "": False})
        self.seen: dict[str, PositionRow] = {}
        self.heads: dict[str, int] = {}

    def columns(self) -> Sequence[Column]:
        return POSITION_COLUMNS

    def section(self) -> Section:
        return Section(
            key="position",
            title=_("Jabatan"),
            headers=[_("Jabatan"), _("Unit")],
            caption=_("Baris lembar Jabatan"),
            summary_label=_("Ringkasan lembar Jabatan"),
            actions=ALL_ACTIONS,
            empty_text=_("Lembar Jabatan kosong."),
        )

    def identity_row(self, cells: Cells) -> PositionRow:
        return PositionRow(row=cells.number, code=cells.text("code"))

    def parse_row(self, cells: Cells) -> PositionRow:
        known = self.known
        unit_codes = self.importer.units.seen
        row = self.identity_row(cells)
        code_col = _P["code"]
        row.code = _text(row, cells, code_col)
        key = normalize(row.code)
        if key in self.seen:
            row.error(code_col.label, CODE_TWICE % {"code": row.code, "row": self.seen[key].row})
        elif row.code:
            self.seen[key] = row
        row.unit_code = _text(row, cells, _P["unit"]).casefold()
        unit: Unit | None = None
        if row.unit_code:
            unit = known.units.get(row.unit_code)
            if unit is not None and not known.in_agency(unit):
                unit = None
            if unit is None and row.unit_code not in unit_codes:
                row.error(_P["unit"].label, UNIT_UNKNOWN % {"code": row.unit_code})
        row.title = _text(row, cells, _P["title"])
        role_text = _text(row, cells, _P["role"])
        if role_text:
            role = self.roles.get(normalize(role_text))
            if role is None:
                row.error(
                    _P["role"].label,
                    CHOICE_INVALID % {"value": role_text, "choices": self.roles_shown},
                )
            else:
                row.role = role
        head_text = cells.text("head")
        head = self.yes_no.get(normalize(head_text))
        if head is None:
            row.error(
                _P["head"].label, CHOICE_INVALID % {"value": head_text, "choices": f"{YES}, {NO}"}
            )
        row.is_head = bool(head)
        superior = cells.text("superior")
        if superior:
            earlier = self.seen.get(normalize(superior))
            if earlier is None or earlier is row:
                row.error(_P["superior"].label, SUPERIOR_UNKNOWN % {"code": superior})
            row.superior_code = superior
        if unit is not None and row.title:
            existing = known.positions.get((unit.pk, normalize(row.title)))
            if existing is not None:
                if existing.role == row.role and existing.is_unit_head == row.is_head:
                    row.existing = existing
                elif not row.errors:
                    row.error(_P["title"].label, POSITION_EXISTS % {"title": row.title})
        if row.is_head and row.unit_code:
            if row.unit_code in self.heads:
                row.error(
                    _P["head"].label,
                    HEAD_TWICE % {"code": row.unit_code, "row": self.heads[row.unit_code]},
                )
            else:
                self.heads[row.unit_code] = row.row
            head_position = known.heads.get(unit.pk) if unit is not None else None
            if head_position is not None and head_position != row.existing:
                row.error(
                    _P["head"].label,
                    HEAD_EXISTS % {"code": row.unit_code, "title": head_position.title},
                )
        if row.is_new and not row.errors:
            _new(row, _P["title"], row.title)
            _new(row, _P["role"], str(Role(row.role).label))
            _new(row, _P["head"], str(YES) if row.is_head else "")
            _new(row, _P["superior"], row.superior_code)
        return row


def _date(row: ImportRow, column: Column, value: Any) -> datetime.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = cell_text(value)
    for pattern in _DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    row.error(column.label, DATE_INVALID)
    return None


class PeopleSheet(_Sheet):
    label = PEOPLE_SHEET
    messages = _messages()

    def __init__(self, importer: StructureImporter) -> None:
        super().__init__(importer)
        self.kinds = _lookup({str(k): w for k, w in HOLDING_WORDS.items()})
        self.kinds.update(_lookup({k: k.label for k in HoldingKind}))
        self.kinds_shown = ", ".join(str(w) for w in HOLDING_WORDS.values())
        self.seen: dict[str, int] = {}
        self.usernames: dict[str, int] = {}
        self.definitive: dict[str, int] = {}

    def columns(self) -> Sequence[Column]:
        return PEOPLE_COLUMNS

    def section(self) -> Section:
        return Section(
            key="person",
            title=_("Pegawai"),
            headers=[_("Pegawai")],
            caption=_("Baris lembar Pegawai"),
            summary_label=_("Ringkasan lembar Pegawai"),
            actions=ALL_ACTIONS,
            empty_text=_("Lembar Pegawai kosong."),
        )

    def identity_row(self, cells: Cells) -> PersonRow:
        raw = cells.get("nip")
        return PersonRow(row=cells.number, nip=normalize_nip(raw) if isinstance(raw, str) else "")

    def parse_row(self, cells: Cells) -> PersonRow:
        known = self.known
        row = self.identity_row(cells)
        nip_col = _E["nip"]
        raw = cells.get("nip")
        if raw is None or cell_text(raw) == "":
            row.error(nip_col.label, common.REQUIRED)
        elif not isinstance(raw, str):
            row.error(nip_col.label, NIP_AS_NUMBER)
        else:
            try:
                validate_nip(row.nip)
            except ValidationError as exc:
                row.error(nip_col.label, exc.messages[0])
            else:
                if row.nip in self.seen:
                    row.error(nip_col.label, NIP_TWICE % {"row": self.seen[row.nip]})
                else:
                    self.seen[row.nip] = row.row
        for key in ("name", "front_title", "back_title", "rank", "email"):
            setattr(row, key, _text(row, cells, _E[key]))

        positions = self.importer.positions.seen
        row.position_code = cells.text("position")
        position_row = positions.get(normalize(row.position_code)) if row.position_code else None
        if row.position_code and position_row is None:
            row.error(_E["position"].label, POSITION_UNKNOWN % {"code": row.position_code})
        kind_text = cells.text("kind")
        if kind_text:
            kind = self.kinds.get(normalize(kind_text))
            if kind is None:
                row.error(
                    _E["kind"].label,
                    CHOICE_INVALID % {"value": kind_text, "choices": self.kinds_shown},
                )
            else:
                row.kind = kind
        row.start = _date(row, _E["start"], cells.get("start"))
        row.end = _date(row, _E["end"], cells.get("end"))
        if row.start is None and not any(e.column == str(_E["start"].label) for e in row.errors):
            row.start = timezone.localdate()
        if row.end is not None and row.start is not None and row.end < row.start:
            row.error(_E["end"].label, END_BEFORE_START % {"start": _day(row.start)})
        if not row.position_code and (kind_text or cells.text("start") or cells.text("end")):
            row.error(_E["position"].label, NO_POSITION_FOR_DATES)
        if position_row is not None and row.kind == HoldingKind.DEFINITIVE:
            key = normalize(row.position_code)
            if key in self.definitive:
                row.error(
                    _E["position"].label,
                    DEFINITIVE_TWICE % {"code": row.position_code, "row": self.definitive[key]},
                )
            else:
                self.definitive[key] = row.row
            held = (
                known.definitive.get(position_row.existing.pk)
                if position_row.existing is not None
                else None
            )
            if held is not None and row.start is not None:
                ends_before = held.end_date is not None and held.end_date < row.start
                if not ends_before and held.employee.nip != row.nip:
                    row.error(
                        _E["position"].label,
                        DEFINITIVE_TAKEN
                        % {"code": row.position_code, "name": held.employee.display_name},
                    )

        self._account(row, cells)
        existing = known.people.get(row.nip) if row.nip else None
        if existing is not None and not row.errors:
            holds = (
                position_row is not None
                and position_row.existing is not None
                and (existing.pk, position_row.existing.pk) in known.held
            )
            account_ok = not row.username or (
                existing.user is not None and existing.user.username.casefold() == row.username
            )
            if existing.name == row.name and (not row.position_code or holds) and account_ok:
                row.existing = existing
            else:
                row.error(nip_col.label, NIP_TAKEN % {"name": existing.display_name})
        if row.is_new and not row.errors:
            _new(row, _E["name"], " ".join(p for p in (row.front_title, row.name) if p))
            _new(row, _E["back_title"], row.back_title)
            _new(row, _E["rank"], row.rank)
            if position_row is not None:
                kind_label = str(HOLDING_WORDS[HoldingKind(row.kind)])
                period = f"{_day(row.start)} – {_day(row.end)}" if row.end else _day(row.start)
                row.change(
                    "position",
                    _("Jabatan"),
                    "",
                    f"{position_row.title} ({position_row.code}), {kind_label}, {period}",
                )
            if row.username:
                row.change(
                    "username", _E["username"].label, "", ACCOUNT_SHOWN % {"username": row.username}
                )
        return row

    def _account(self, row: PersonRow, cells: Cells) -> None:
        known = self.known
        username = _text(row, cells, _E["username"])
        # The password is read as typed (spaces included) and never shown.
        raw = cells.get("password")
        password = "" if raw is None else str(raw) if isinstance(raw, str) else cell_text(raw)
        if not username:
            if password:
                row.error(_E["username"].label, PASSWORD_WITHOUT_USERNAME)
            return
        key = username.casefold()
        row.username = key
        try:
            UnicodeUsernameValidator()(username)
        except ValidationError:
            row.error(_E["username"].label, accounts.USERNAME_INVALID)
            return
        if key in self.usernames:
            row.error(
                _E["username"].label,
                USERNAME_TWICE % {"username": username, "row": self.usernames[key]},
            )
            return
        self.usernames[key] = row.row
        owner = known.people.get(row.nip)
        own = owner is not None and owner.user is not None and owner.user.username.casefold() == key
        if key in known.usernames and not own:
            row.error(_E["username"].label, accounts.USERNAME_TAKEN)
            return
        if own:
            return
        if not password:
            row.error(_E["password"].label, PASSWORD_REQUIRED)
            return
        try:
            validate_password(password, User(username=username, full_name=row.name))
        except ValidationError as exc:
            for message in exc.messages:
                row.error(_E["password"].label, message)
            return
        row.password = password


class StructureImporter(ExcelImporter):
    """The structure workbook of one agency: Unit, Jabatan and Pegawai, read in that order (a
    later sheet refers to the codes of an earlier one)."""

    def __init__(self, agency: Unit) -> None:
        self.agency = agency
        self.known: _Known | None = None
        self.units = UnitSheet(self)
        self.positions = PositionSheet(self)
        self.people = PeopleSheet(self)

    def new_preview(self) -> StructurePreview:
        return StructurePreview(agency=self.agency)

    def readers(self) -> list[SheetReader[Any]]:
        return [self.units, self.positions, self.people]

    def load(self, preview: Preview) -> None:
        self.known = _Known.load(self.agency)


def parse_structure(source: Any, *, agency: Unit) -> StructurePreview:
    """Read the three sheets and plan every row; writes nothing."""
    preview = StructureImporter(agency).parse(source)
    assert isinstance(preview, StructurePreview)
    if not preview.file_errors and not preview.rows:
        preview.file_errors.append(str(NOTHING_IN_FILE))
    return preview


# --- applying ---------------------------------------------------------------------------------


@dataclass
class StructureResult:
    units: int = 0
    positions: int = 0
    people: int = 0
    accounts: int = 0


_FIELD_COLUMNS = {
    "code": _U["code"],
    "name": _U["name"],
    "parent": _U["parent"],
    "kind": _U["kind"],
    "title": _P["title"],
    "role": _P["role"],
    "is_unit_head": _P["head"],
    "superior": _P["superior"],
    "nip": _E["nip"],
    "username": _E["username"],
    "password1": _E["password"],
    "employee": _E["nip"],
    "position": _E["position"],
    "start_date": _E["start"],
    "end_date": _E["end"],
}


def _record(row: ImportRow, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, problems in exc.error_dict.items():
            column = _FIELD_COLUMNS.get(name)
            for problem in problems:
                for text in problem.messages:
                    row.error(column.label if column else None, text)
    else:
        for text in exc.messages:
            row.error(None, text)


def apply_structure(preview: StructurePreview, *, actor: Actor) -> StructureResult | None:
    """Create every new unit, position, person, account and holding through the services, in one
    transaction; None (nothing written, the refusal on its row) if any is refused."""
    agency = preview.agency
    if preview.has_errors or agency is None:
        return None
    result = StructureResult()
    current: ImportRow | None = None
    try:
        with transaction.atomic():
            Unit.objects.select_for_update().filter(pk=agency.pk).first()
            units: dict[str, Unit] = {agency.code.casefold(): agency}
            units.update(
                {u.code.casefold(): u for u in Unit.objects.filter(path__startswith=agency.path)}
            )
            for current in preview.section("unit").rows:
                assert isinstance(current, UnitRow)
                if current.existing is not None:
                    continue
                units[current.code] = org.unit_create(
                    actor=actor,
                    parent=units[current.parent_code] if current.parent_code else agency,
                    kind=current.kind,
                    name=current.name,
                    code=current.code,
                    short_name=current.short_name,
                    order=current.order,
                )
                result.units += 1
            positions: dict[str, Position] = {}
            for current in preview.section("position").rows:
                assert isinstance(current, PositionRow)
                key = normalize(current.code)
                if current.existing is not None:
                    positions[key] = current.existing
                    continue
                positions[key] = org.position_create(
                    actor=actor,
                    unit=units[current.unit_code],
                    title=current.title,
                    role=current.role,
                    is_unit_head=current.is_head,
                    superior=positions[normalize(current.superior_code)]
                    if current.superior_code
                    else None,
                )
                result.positions += 1
            for current in preview.section("person").rows:
                assert isinstance(current, PersonRow)
                if current.existing is not None:
                    continue
                person = org.employee_create(
                    actor=actor,
                    nip=current.nip,
                    name=current.name,
                    front_title=current.front_title,
                    back_title=current.back_title,
                    rank=current.rank,
                    email=current.email,
                )
                result.people += 1
                if current.username:
                    accounts.account_create(
                        actor=actor,
                        employee=person,
                        username=current.username,
                        password=current.password,
                    )
                    result.accounts += 1
                if current.position_code:
                    assert current.start is not None
                    org.holding_create(
                        actor=actor,
                        position=positions[normalize(current.position_code)],
                        employee=person,
                        kind=current.kind,
                        start_date=current.start,
                        end_date=current.end,
                    )
            current = None
            audit_record(
                actor=actor,
                instance=agency,
                action="structure_import",
                changes={
                    "units": [None, result.units],
                    "positions": [None, result.positions],
                    "people": [None, result.people],
                    "accounts": [None, result.accounts],
                },
            )
    except ValidationError as exc:
        if current is not None:
            _record(current, exc)
        else:
            preview.file_errors.append(" ".join(exc.messages))
        return None
    return result


# --- the template -----------------------------------------------------------------------------

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEMPLATE_ROWS = 500
_BOLD = Font(bold=True)
_HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")


def template_filename(agency: Unit) -> str:
    return f"struktur-{agency.code}.xlsx"


def _choice_list(sheet: Any, column: int, words: Sequence[Any]) -> None:
    letter = get_column_letter(column)
    formula = '"' + ",".join(str(w) for w in words) + '"'
    if len(formula) > 255:
        return  # Excel's limit for an inline list (a long translation): the guide lists them
    validation = DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showErrorMessage=False,  # a typed variant (other case, other language) is fine too
    )
    validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
    sheet.add_data_validation(validation)


def template_bytes(agency: Unit) -> bytes:
    """The structure template of an agency: a guide with an example row of every sheet, and the
    three sheets with their headers, drop-down lists and text-formatted NIP column."""
    book = SafeWorkbook()
    guide = book.active
    guide.title = str(GUIDE_SHEET)
    guide.column_dimensions["A"].width = 26
    guide.column_dimensions["B"].width = 10
    guide.column_dimensions["C"].width = 80
    guide.column_dimensions["D"].width = 28
    guide.append([str(_("Templat struktur organisasi: %(agency)s") % {"agency": agency.name})])
    guide["A1"].font = Font(bold=True, size=13)
    guide.append([str(_("Kode unit perangkat daerah ini: %(code)s") % {"code": agency.code})])
    for line in (
        _("Isi lembar Unit, lalu Jabatan, lalu Pegawai; baris pertama tiap lembar adalah judul."),
        _(
            "Unggah berkas di halaman perangkat daerah (Impor struktur dari Excel). Pratinjau "
            "menampilkan apa yang akan dibuat dan galat tiap baris; tidak ada yang disimpan "
            "sebelum Anda menekan Terapkan, dan bila satu baris gagal, tidak ada yang disimpan."
        ),
        _("Impor hanya menambah; unit, jabatan dan pegawai yang sudah ada tidak diubah."),
        FORMULA_GUIDE,
    ):
        guide.append([str(line)])
    for title, columns in (
        (UNIT_SHEET, UNIT_COLUMNS),
        (POSITION_SHEET, POSITION_COLUMNS),
        (PEOPLE_SHEET, PEOPLE_COLUMNS),
    ):
        guide.append([])
        guide.append([str(_("Lembar %(sheet)s") % {"sheet": title})])
        guide.cell(guide.max_row, 1).font = _BOLD
        guide.append([str(_("Kolom")), str(_("Wajib")), str(_("Keterangan")), str(_("Contoh"))])
        for cell in guide[guide.max_row]:
            cell.font = _BOLD
            cell.fill = _HEAD_FILL
        for column in columns:
            example = column.example.replace("dinkes", agency.code)
            guide.append(
                [str(column.label), str(YES) if column.required else "", str(column.help), example]
            )
    guide.append([])
    guide.append([str(_("Pilihan Jenis Unit")), "", ", ".join(str(k.label) for k in UNIT_KINDS)])
    guide.append([str(_("Pilihan Peran")), "", ", ".join(str(r.label) for r in ROLES)])
    guide.append(
        [
            str(_("Pilihan Jenis Pengangkatan")),
            "",
            ", ".join(str(w) for w in HOLDING_WORDS.values()),
        ]
    )

    for title, columns in (
        (UNIT_SHEET, UNIT_COLUMNS),
        (POSITION_SHEET, POSITION_COLUMNS),
        (PEOPLE_SHEET, PEOPLE_COLUMNS),
    ):
        sheet = book.create_sheet(str(title))
        sheet.append([str(c.label) for c in columns])
        sheet.freeze_panes = "A2"
        for index, column in enumerate(columns, start=1):
            letter = get_column_letter(index)
            sheet.column_dimensions[letter].width = column.width
            header = sheet.cell(1, index)
            header.font = _BOLD
            header.fill = _HEAD_FILL
            if column.key in ("nip", "password", "code", "unit", "parent", "position"):
                # Text, so an 18-digit NIP keeps its digits and a code stays as typed.
                for row in range(2, TEMPLATE_ROWS + 2):
                    sheet.cell(row, index).number_format = "@"
        keys = [c.key for c in columns]
        if title == UNIT_SHEET:
            _choice_list(sheet, keys.index("kind") + 1, [k.label for k in UNIT_KINDS])
        elif title == POSITION_SHEET:
            _choice_list(sheet, keys.index("role") + 1, [r.label for r in ROLES])
            _choice_list(sheet, keys.index("head") + 1, [YES, NO])
        else:
            _choice_list(sheet, keys.index("kind") + 1, list(HOLDING_WORDS.values()))
    return workbook_bytes(book)
