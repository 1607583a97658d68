"""SOPs as data: the shipped definition files, their checks, loading, and revisions."""

from __future__ import annotations

import datetime
from decimal import Decimal
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from sakip.audit.models import AuditEvent
from sakip.demo.organization import UNITS
from sakip.organization.choices import Role
from sakip.procedures import definitions as defs
from sakip.procedures import services_sops
from sakip.procedures.definitions import DEFINITIONS_DIR, load_definition, parse_definition
from sakip.procedures.models import Sop, SopLane, SopRevision, SopStep

SOP1 = DEFINITIONS_DIR / "sop-pengukuran-kinerja.toml"
SOP2 = DEFINITIONS_DIR / "sop-pengumpulan-data-kinerja.toml"


# --- the shipped files ------------------------------------------------------------------------


def test_sop1_file_holds_the_signed_document():
    sop = parse_definition(SOP1)
    assert (sop.code, sop.workflow) == ("sop-pengukuran-kinerja", "rkt")
    identity = sop.identity
    assert identity["number"] == "004/SOP/Diskominfo/BLG/2023"
    assert identity["title"] == "Pelaksanaan Pengukuran Kinerja"
    assert identity["created_date"] == datetime.date(2023, 1, 1)
    assert identity["approved_date"] == datetime.date(2023, 1, 1)
    assert identity["revised_date"] is None
    assert identity["approved_by_label"] == "Diskominfo"
    assert identity["approver_title"] == "Kepala Dinas Diskominfo Kabupaten Balangan"
    assert identity["approver_name"] == "Muhammad Nor, S.Sos., M.M."
    assert identity["approver_nip"] == "197108231993031005"
    assert len(identity["legal_basis"]) == 7
    assert identity["legal_basis"][0] == (
        "Undang-Undang Republik Indonesia Nomor 23 Tahun 2014 tentang Pemerintahan Daerah."
    )
    assert identity["qualifications"][-1] == "Memahami cara penilaian SKP"
    assert identity["related_sops"][2] == "SOP PENGUMPULAN DATA KINERJA"
    assert identity["equipment"] == [
        "Renja",
        "Dokumen Laporan Fisik dan Kegiatan",
        "Format Indikator Kinerja Utama",
        "Perangkat Komputer",
    ]
    assert identity["warning"] == [
        "Jika SOP tidak dilaksanakan maka sasaran Kinerja pegawai tidak berjalan dengan baik."
    ]
    assert identity["record_keeping"] == [
        "Disimpan sebagai dokumen kepegawaian dan dokumen pengendalian"
    ]
    assert [(lane.name, lane.role, lane.relative) for lane in sop.lanes] == [
        ("Atasan Langsung", Role.DIVISION_HEAD, True),
        ("Sekretaris", Role.SECRETARY, False),
        ("Kasubag Umum dan Kepegawaian", Role.KASUBAG_GENERAL, False),
        ("Para Pegawai", Role.EMPLOYEE, True),
        ("Staf", Role.PLANNING_STAFF, False),
    ]
    lane_names = {lane.key: lane.name for lane in sop.lanes}
    rows = [
        (s.number, lane_names[s.lane], s.duration_value, s.duration_unit, s.symbol, s.action)
        for s in sop.steps
    ]
    assert rows == [
        (1, "Staf", Decimal("2"), "hour", "start", "rkt.disposition"),
        (2, "Kasubag Umum dan Kepegawaian", Decimal("2"), "hour", "process", "rkt.plan"),
        (3, "Staf", Decimal("1"), "hour", "process", "rkt.socialize"),
        (4, "Atasan Langsung", Decimal("1"), "hour", "process", "rkt.fill"),
        (5, "Para Pegawai", Decimal("1"), "hour", "process", "rkt.submit"),
        (6, "Staf", Decimal("1"), "hour", "process", "rkt.compile"),
        (7, "Kasubag Umum dan Kepegawaian", Decimal("15"), "minute", "decision", "rkt.review"),
    ]
    assert sop.steps[6].return_to == 4
    per_unit = [s.number for s in sop.steps if s.fan_out == "per_unit"]
    assert per_unit == [4, 5, 7]
    assert all(
        s.fan_out_unit_kinds == ["secretariat", "division"]
        for s in sop.steps
        if s.number in (4, 5, 7)
    )
    assert sop.steps[2].requirements == "Formulir kinerja\nKomputer / Laptop"
    assert sop.steps[4].output == "Dokumen pengukuran kinerja yang telah"  # as signed


def test_sop2_file_keeps_the_seed_wording_and_typos():
    sop = parse_definition(SOP2)
    assert (sop.code, sop.workflow) == ("sop-pengumpulan-data-kinerja", "data_collection")
    assert sop.identity["number"] == "SOP – 05/Diskominfosan"
    assert sop.identity["effective_date"] == datetime.date(2023, 1, 2)
    assert sop.identity["approved_date"] is None
    assert [lane.name for lane in sop.lanes] == [
        "Sekretaris",
        "Kepala Bidang",
        "Kasubbag Perencanaan dan Keuangan",
        "Kepala Seksi",
        "Staf Penyusun Evaluasi Kinerja",
    ]
    step3, step6 = sop.steps[2], sop.steps[5]
    assert (step3.duration_value, step3.duration_unit) == (Decimal("2"), "minute")  # "2 Menit"
    assert step6.requirements == "Caatan pembagian tugas"
    assert [s.repeat for s in sop.steps] == ["quarterly"] * 5 + ["semester"] * 3 + ["yearly"]
    # Step 1 is the Kasubbag's data request; each unit's head answers it (DOMAIN.md §1, decision
    # on SOP 2 step 1), so the 15 minutes are the Kasubbag's, not the units' data entry.
    assert (sop.steps[0].lane, sop.steps[0].fan_out) == ("kasubbag", "request")
    assert (sop.steps[0].duration_value, sop.steps[0].duration_unit) == (Decimal("15"), "minute")
    assert (sop.steps[0].symbol, sop.steps[-1].symbol) == ("start", "end")
    assert [s.action for s in sop.steps] == [
        "data.request",
        "data.recap",
        "data.process",
        "data.quarterly_report",
        "data.quarterly_socialize",
        "data.semester_recap",
        "data.semester_report",
        "data.semester_socialize",
        "data.annual_report",
    ]


def test_the_files_name_roles_and_no_unit_of_any_agency():
    demo_codes = {row.code for row in UNITS}
    for path in (SOP1, SOP2):
        text = path.read_text(encoding="utf-8")
        assert "unit_code =" not in text
        assert not any(f'"{code}"' in text for code in demo_codes)
    kasubag = {
        (path.name, lane.name, lane.role)
        for path in (SOP1, SOP2)
        for lane in parse_definition(path).lanes
        if lane.role.startswith("kasubag")
    }
    assert kasubag == {
        (SOP1.name, "Kasubag Umum dan Kepegawaian", Role.KASUBAG_GENERAL),
        (SOP2.name, "Kasubbag Perencanaan dan Keuangan", Role.KASUBAG_PLANNING),
    }


# --- checks of a file -------------------------------------------------------------------------

VALID = """
code = "sop-uji"
workflow = "generic"

[identity]
number = "001/SOP/2024"
title = "SOP Uji"
created_date = 2024-01-01
effective_date = 2024-01-01
approver_nip = "197108231993031005"

[[lanes]]
key = "staf"
name = "Staf"
role = "planning_staff"

[[lanes]]
key = "kasubag"
name = "Kasubag"
role = "kasubag"

[[steps]]
number = 1
activity = "Menyiapkan"
lane = "staf"
time = 1
unit = "hour"
symbol = "start"

[[steps]]
number = 2
activity = "Memeriksa"
lane = "kasubag"
time = 30
unit = "minute"
symbol = "decision"
return_to = 1
"""


def _write(tmp_path: Path, text: str, name: str = "sop-uji.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _messages(path: Path) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        parse_definition(path)
    return caught.value.messages


def test_a_valid_small_file_parses(tmp_path):
    sop = parse_definition(_write(tmp_path, VALID))
    assert [s.number for s in sop.steps] == [1, 2]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            'lane = "kasubag"',
            'lane = "kabid"',
            "sop-uji.toml, langkah 2: Pelaksana “kabid” tidak ada",
        ),
        ("number = 2", "number = 3", "Nomor langkah harus berurutan mulai dari 1"),
        ("return_to = 1", "return_to = 5", "langkah 2: Langkah tujuan kembali (5) tidak ada"),
        ("time = 30", "time = 0", "langkah 2: Waktu (mutu baku) harus lebih besar dari 0."),
        ('unit = "minute"', 'unit = "week"', "langkah 2: Satuan waktu “week” tidak dikenal"),
        ('role = "kasubag"', 'role = "boss"', "pelaksana ke-2: Peran “boss” tidak dikenal"),
        (
            'role = "kasubag"',
            'role = "kasubag"\nunit_code = "renkeu"',
            "pelaksana ke-2: unit_code tidak dipakai lagi: pelaksana menyebut peran saja",
        ),
        ('symbol = "decision"', 'symbol = "cloud"', "langkah 2: Simbol “cloud” tidak dikenal"),
        (
            'symbol = "decision"\nreturn_to = 1',
            'symbol = "decision"',
            "langkah 2: Langkah keputusan harus menyebutkan langkah tujuan",
        ),
        ('symbol = "decision"', 'symbol = "process"', "langkah 2: Hanya langkah keputusan"),
        ('title = "SOP Uji"', 'title = ""', "sop-uji.toml: Judul SOP wajib diisi."),
        ('approver_nip = "197108231993031005"', 'approver_nip = "123"', "NIP harus tepat 18 digit"),
    ],
)
def test_file_errors_are_named_by_file_and_step(tmp_path, old, new, expected):
    assert old in VALID
    messages = _messages(_write(tmp_path, VALID.replace(old, new, 1)))
    assert any(expected in message for message in messages), messages


def test_a_return_path_must_go_back(tmp_path):
    text = VALID.replace("number = 1\nactivity", "number = 1\nactivity", 1)
    text = text.replace('symbol = "start"', 'symbol = "decision"\nreturn_to = 2')
    messages = _messages(_write(tmp_path, text))
    assert any("langkah 1: Langkah tujuan kembali (2) harus langkah sebelum" in m for m in messages)


def test_broken_toml_says_so(tmp_path):
    messages = _messages(_write(tmp_path, "code = \n"))
    assert messages[0].startswith("sop-uji.toml: berkas tidak dapat dibaca sebagai TOML")


# --- loading ----------------------------------------------------------------------------------


def test_loading_both_files_into_an_agency(organization):
    agency = organization.agency
    first = load_definition(SOP1, agency=agency, actor=organization["admin"])
    second = load_definition(SOP2, agency=agency, actor=organization["admin"])
    assert first.created and second.created
    assert "dimuat untuk Dinas Kominfo Uji" in first.message

    revision = first.revision
    assert revision.revision == 1
    assert revision.sop.workflow == "rkt"
    assert revision.number == "004/SOP/Diskominfo/BLG/2023"
    assert revision.effective_date == datetime.date(2023, 1, 1)
    assert revision.created_by == organization["admin"]
    lanes = list(revision.lanes.order_by("order"))
    assert [lane.order for lane in lanes] == [1, 2, 3, 4, 5]
    # A role, whichever agency loads it; a run checks that the agency has someone in it.
    assert (lanes[2].name, lanes[2].role) == ("Kasubag Umum dan Kepegawaian", "kasubag_general")
    steps = list(revision.steps.select_related("lane", "return_to").order_by("number"))
    assert [step.lane.name for step in steps] == [
        "Staf",
        "Kasubag Umum dan Kepegawaian",
        "Staf",
        "Atasan Langsung",
        "Para Pegawai",
        "Staf",
        "Kasubag Umum dan Kepegawaian",
    ]
    assert steps[6].return_to == steps[3]
    assert steps[6].return_to.revision_id == revision.pk
    assert steps[3].fan_out_unit_kinds == ["secretariat", "division"]
    assert second.revision.steps.count() == 9
    assert second.revision.steps.get(number=6).requirements == "Caatan pembagian tugas"

    events = AuditEvent.objects.filter(action="create", note__startswith="procedures/")
    assert {(e.object_type, e.object_id) for e in events} >= {
        ("procedures.sop", str(first.sop.pk)),
        ("procedures.soprevision", str(revision.pk)),
    }


def test_loading_twice_changes_nothing(organization):
    agency = organization.agency
    load_definition(SOP1, agency=agency, actor=None)
    counts = (Sop.objects.count(), SopRevision.objects.count(), SopStep.objects.count())
    again = load_definition(SOP1, agency=agency, actor=None)
    assert not again.created
    assert again.message == (
        "SOP dengan kode “sop-pengukuran-kinerja” sudah ada untuk Dinas Kominfo Uji; tidak diubah."
    )
    assert (Sop.objects.count(), SopRevision.objects.count(), SopStep.objects.count()) == counts


def test_an_invalid_file_writes_nothing(organization, tmp_path):
    path = _write(tmp_path, VALID.replace("time = 30", "time = -1"))
    with pytest.raises(ValidationError):
        load_definition(path, agency=organization.agency, actor=None)
    assert not Sop.objects.exists()


def test_command_loads_every_agency(organization):
    out = StringIO()
    call_command("load_sops", stdout=out)
    assert Sop.objects.filter(agency=organization.agency).count() == 2
    assert Sop.objects.filter(agency=organization.other_agency).count() == 2
    assert "dimuat untuk Dinas Lain" in out.getvalue()
    out = StringIO()
    call_command("load_sops", "--agency", "dkis", stdout=out)
    assert out.getvalue().count("sudah ada untuk Dinas Kominfo Uji") == 2
    assert Sop.objects.count() == 4


def test_command_refuses_an_unknown_agency(organization):
    with pytest.raises(CommandError, match="Tidak ada perangkat daerah dengan kode unit “ikp”"):
        call_command("load_sops", "--agency", "ikp", stdout=StringIO())


@pytest.mark.django_db
def test_command_explains_when_there_is_no_agency():
    out = StringIO()
    call_command("load_sops", stdout=out)
    assert "Belum ada perangkat daerah" in out.getvalue()
    assert not Sop.objects.exists()


# --- revisions --------------------------------------------------------------------------------


def _step_dicts(revision: SopRevision) -> list[dict]:
    return [
        {
            "activity": step.activity,
            "lane": step.lane.order,
            "requirements": step.requirements,
            "duration_value": step.duration_value,
            "duration_unit": step.duration_unit,
            "output": step.output,
            "remarks": step.remarks,
        }
        for step in revision.steps.select_related("lane").order_by("number")
    ]


def _snapshot(revision: SopRevision) -> list[Any]:
    revision.refresh_from_db()
    steps = [
        (s.number, s.activity, s.lane_id, s.requirements, s.duration_value, s.duration_unit)
        for s in revision.steps.order_by("number")
    ]
    lanes = list(revision.lanes.order_by("order").values_list("name", "role"))
    return [revision.number, revision.title, revision.approver_name, steps, lanes]


@pytest.fixture
def sop2(organization) -> SopRevision:
    return load_definition(SOP2, agency=organization.agency, actor=None).revision


def test_revise_creates_the_next_revision_and_keeps_the_first(organization, sop2):
    before = _snapshot(sop2)
    steps = _step_dicts(sop2)
    steps[5]["requirements"] = "Catatan pembagian tugas"
    steps[2]["duration_value"] = Decimal("2")
    steps[2]["duration_unit"] = "day"
    steps[0]["lane"] = 2  # an office that lets the Kepala Bidang send the request
    new = services_sops.sop_revise(
        actor=organization["admin"],
        sop=sop2.sop,
        effective_date=datetime.date(2024, 7, 1),
        change_note="Perbaikan salah ketik dan waktu pengolahan data.",
        identity={
            "revised_date": datetime.date(2024, 6, 20),
            "approver_nip": "19710823 199303 1 005",
        },
        steps=steps,
        expected_revision=1,
    )
    assert new.revision == 2
    assert new.revised_date == datetime.date(2024, 6, 20)
    assert new.approver_nip == "197108231993031005"
    assert new.number == sop2.number  # copied
    assert new.legal_basis == sop2.legal_basis
    assert new.created_by == organization["admin"]
    new_steps = list(new.steps.select_related("lane").order_by("number"))
    assert new_steps[5].requirements == "Catatan pembagian tugas"
    assert (new_steps[2].duration_value, new_steps[2].duration_unit) == (Decimal("2"), "day")
    assert new_steps[0].lane.name == "Kepala Bidang"
    assert new_steps[0].lane.revision_id == new.pk
    # The structure comes along from revision 1.
    assert [s.repeat for s in new_steps] == ["quarterly"] * 5 + ["semester"] * 3 + ["yearly"]
    assert new_steps[0].fan_out == "request" and new_steps[0].action == "data.request"
    # Revision 1 is exactly as it was.
    assert _snapshot(sop2) == before
    event = AuditEvent.objects.get(object_type="procedures.soprevision", object_id=str(new.pk))
    assert event.note == "Perbaikan salah ketik dan waktu pengolahan data."
    assert event.changes["step 6"][1].startswith("Merekap 2 (dua) laporan triwulan")


def test_revise_keeps_a_return_path_inside_the_new_revision(organization):
    first = load_definition(SOP1, agency=organization.agency, actor=None).revision
    new = services_sops.sop_revise(
        actor=organization["admin"],
        sop=first.sop,
        effective_date=datetime.date(2024, 1, 1),
        change_note="Ejaan.",
        identity={},
        steps=_step_dicts(first),
    )
    review = new.steps.get(number=7)
    assert review.return_to is not None
    assert review.return_to.number == 4
    assert review.return_to.revision_id == new.pk
    first_review = first.steps.get(number=7)
    assert first_review.return_to is not None
    assert first_review.return_to.revision_id == first.pk


@pytest.mark.parametrize(
    ("change", "key", "message"),
    [
        (
            lambda s: s[2].update(duration_value=Decimal("0")),
            "steps.2.duration_value",
            str(defs.DURATION_POSITIVE),
        ),
        (lambda s: s[0].update(activity="  "), "steps.0.activity", str(defs.ACTIVITY_REQUIRED)),
        (
            lambda s: s[1].update(duration_unit="week"),
            "steps.1.duration_unit",
            "Satuan waktu “week” tidak dikenal",
        ),
        (lambda s: s[1].update(lane=9), "steps.1.lane", "Pelaksana “9” tidak ada"),
    ],
)
def test_revise_refuses_bad_steps_and_writes_nothing(organization, sop2, change, key, message):
    steps = _step_dicts(sop2)
    change(steps)
    count = SopRevision.objects.count()
    with pytest.raises(ValidationError) as caught:
        services_sops.sop_revise(
            actor=organization["admin"],
            sop=sop2.sop,
            effective_date=datetime.date(2024, 7, 1),
            change_note="Uji.",
            identity={},
            steps=steps,
        )
    errors = caught.value.message_dict
    assert any(message in m for m in errors[key]), errors
    assert SopRevision.objects.count() == count
    assert SopStep.objects.filter(revision__sop=sop2.sop).count() == 9


def test_revise_requires_a_note_and_an_effective_date_not_before_the_last(organization, sop2):
    with pytest.raises(ValidationError) as caught:
        services_sops.sop_revise(
            actor=organization["admin"],
            sop=sop2.sop,
            effective_date=datetime.date(2022, 12, 31),
            change_note=" ",
            identity={"title": "", "approver_nip": "19710823"},
            steps=_step_dicts(sop2),
        )
    errors = caught.value.message_dict
    assert errors["change_note"] == [str(services_sops.CHANGE_NOTE_REQUIRED)]
    assert errors["effective_date"] == [
        "Tanggal efektif tidak boleh sebelum tanggal efektif revisi 1 (02 Januari 2023)."
    ]
    assert errors["title"] == ["Judul SOP wajib diisi."]
    assert "NIP harus tepat 18 digit" in errors["approver_nip"][0]
    assert SopRevision.objects.count() == 1
    assert SopLane.objects.count() == 5


def test_revise_can_change_lanes(organization, sop2):
    lanes = [
        {"name": lane.name, "role": lane.role, "relative": lane.relative}
        for lane in sop2.lanes.order_by("order")
    ]
    lanes[2]["role"] = "boss"
    with pytest.raises(ValidationError) as caught:
        services_sops.sop_revise(
            actor=organization["admin"],
            sop=sop2.sop,
            effective_date=datetime.date(2024, 7, 1),
            change_note="Uji.",
            identity={},
            steps=_step_dicts(sop2),
            lanes=lanes,
        )
    assert "Peran “boss” tidak dikenal" in caught.value.message_dict["lanes.2.role"][0]
    lanes[2]["role"] = "kasubag"
    new = services_sops.sop_revise(
        actor=organization["admin"],
        sop=sop2.sop,
        effective_date=datetime.date(2024, 7, 1),
        change_note="Peran disesuaikan.",
        identity={},
        steps=_step_dicts(sop2),
        lanes=lanes,
    )
    assert new.lanes.get(order=3).role == "kasubag"
    assert new.steps.get(number=5).lane.role == "kasubag"
    event = AuditEvent.objects.get(object_type="procedures.soprevision", object_id=str(new.pk))
    assert event.changes["lane 3"] == [
        "Kasubbag Perencanaan dan Keuangan | kasubag_planning | -",
        "Kasubbag Perencanaan dan Keuangan | kasubag | -",
    ]


def test_revise_refuses_a_save_over_a_newer_revision(organization, sop2):
    kwargs = {
        "actor": organization["admin"],
        "sop": sop2.sop,
        "effective_date": datetime.date(2024, 7, 1),
        "change_note": "Uji.",
        "identity": {},
        "steps": _step_dicts(sop2),
        "expected_revision": 1,
    }
    services_sops.sop_revise(**kwargs)
    with pytest.raises(services_sops.StaleRevisionError):
        services_sops.sop_revise(**kwargs)
    assert SopRevision.objects.count() == 2
