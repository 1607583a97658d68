"""The import pages: upload → preview → confirm, access, bad uploads, all-or-nothing."""

import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from sakip.audit.models import AuditEvent
from sakip.conftest import PASSWORD
from sakip.planning import errors
from sakip.planning import services as plan
from sakip.planning.excel import messages
from sakip.planning.excel.export import indicator_headers
from sakip.planning.models import Indicator

from .test_excel_import import counts, new_row, xlsx_bytes

IMPORT = reverse("planning:import")
CONFIRM = reverse("planning:import_confirm")
EXPORT = reverse("planning:export")


@pytest.fixture(autouse=True)
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path


def login(client, username, year=2026):
    assert client.login(username=username, password=PASSWORD)
    client.post(reverse("shell:choose_year"), {"year": year, "next": "/"})


def upload(client, content: bytes, name="rencana.xlsx", **extra):
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, content), **extra})


def page(response) -> str:
    return response.content.decode()


def flashed(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def pending_files(var_dir):
    return sorted((var_dir / "imports").glob("*.xlsx")) if (var_dir / "imports").exists() else []


# --- access ----------------------------------------------------------------------------------


def test_planner_sees_the_upload_form(client, plan_data):
    login(client, "staf.evaluasi")
    response = client.get(IMPORT)
    assert response.status_code == 200
    assert "Impor indikator dan target dari Excel" in page(response)
    assert f'name="renstra" value="{plan_data.renstra.pk}"' in page(response)


@pytest.mark.parametrize("username", ["kabid.ikp", "kadis", "kasi.ikp", "bagor", "outsider"])
def test_non_planners_get_404(client, plan_data, username):
    login(client, username)
    before = counts()
    assert client.get(IMPORT).status_code == 404
    content = xlsx_bytes(indicator_headers(plan_data.renstra), [new_row()])
    assert upload(client, content).status_code == 404
    assert client.post(CONFIRM, {"token": "x"}).status_code == 404
    assert counts() == before


def test_planner_of_another_agency_gets_404_for_this_renstra(client, plan_data, organization):
    other_renstra = plan.renstra_create(
        actor=None, agency=organization.other_agency, start_year=2025, title="Renstra lain"
    )
    login(client, "staf.evaluasi")
    assert client.get(IMPORT, {"renstra": other_renstra.pk}).status_code == 404
    content = xlsx_bytes(indicator_headers(other_renstra), [new_row()])
    assert upload(client, content, renstra=other_renstra.pk).status_code == 404


def test_anonymous_is_sent_to_login(client, plan_data):
    response = client.get(IMPORT)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


# --- the round trip --------------------------------------------------------------------------


def test_round_trip_export_edit_import_confirm(client, plan_data, var_dir):
    login(client, "staf.evaluasi")
    workbook = load_workbook(io.BytesIO(client.get(EXPORT).content))
    sheet = workbook["Indikator"]
    headers = [c.value for c in sheet[1]]
    col = {h: i + 1 for i, h in enumerate(headers)}
    ik1_row = next(
        r
        for r in range(2, sheet.max_row + 1)
        if sheet.cell(r, col["Kode Indikator"]).value == "IK1"
    )
    sheet.cell(ik1_row, col["Target 2026"]).value = "87,5"  # typed as Indonesian text
    new = new_row(**{"Indikator Induk": "IK2", "Target 2027": 6.25})
    sheet.append([new.get(h) for h in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    before_indicators = Indicator.objects.count()

    preview = upload(client, buffer.getvalue())
    assert preview.status_code == 200
    assert preview.context["counts"] == {"new": 1, "update": 1, "unchanged": 2, "error": 0}
    html = page(preview)
    assert "Baru: 1" in html and "Diubah: 1" in html and "Tanpa perubahan: 2" in html
    assert "<del>85</del> → <ins>87,5</ins>" in html
    assert 'id="import-apply"' in html
    # Nothing written yet; the upload waits under VAR_DIR/imports/<uuid>.xlsx.
    assert Indicator.objects.count() == before_indicators
    assert plan_data.indicator_ikp.targets.get(year=2026).low == Decimal("85")
    files = pending_files(var_dir)
    assert len(files) == 1
    token = preview.context["token"]
    assert (
        files[0].name
        == f"{token[:8]}-{token[8:12]}-{token[12:16]}-{token[16:20]}-{token[20:]}.xlsx"
    )

    response = client.post(CONFIRM, {"token": token}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("planning:tree")
    assert "1 indikator ditambahkan, 1 diubah." in flashed(response)
    created = Indicator.objects.get(code="IK3")
    assert created.parent == plan_data.indicator_aptika
    assert created.targets.get(year=2027).low == Decimal("6.25")
    assert plan_data.indicator_ikp.targets.get(year=2026).low == Decimal("87.5")
    assert AuditEvent.objects.filter(
        object_type="planning.indicator", object_id=str(created.pk), action="create"
    ).exists()
    event = AuditEvent.objects.filter(
        object_type="planning.indicator",
        object_id=str(plan_data.indicator_ikp.pk),
        action="targets",
    ).first()
    assert event is not None
    assert event.changes["2026"] == [["85.0000", None], ["87.5", None]]
    assert event.actor.username == "staf.evaluasi"
    assert pending_files(var_dir) == []
    # The confirmation cannot be replayed.
    again = client.post(CONFIRM, {"token": token}, follow=True)
    assert str(messages.IMPORT_EXPIRED) in flashed(again)
    assert Indicator.objects.filter(code="IK3").count() == 1


def test_one_bad_row_writes_nothing_and_names_the_row(client, plan_data, var_dir):
    login(client, "staf.evaluasi")
    headers = indicator_headers(plan_data.renstra)
    content = xlsx_bytes(
        headers, [new_row(), new_row(**{"Kode Indikator": "IK4", "Target 2026": "sembilan"})]
    )
    before = counts()
    response = upload(client, content)
    assert response.status_code == 200
    html = page(response)
    assert "Baris 3, kolom Target 2026: “sembilan” bukan angka." in html
    assert response.context["counts"] == {"new": 1, "update": 0, "unchanged": 0, "error": 1}
    assert 'id="import-apply"' not in html
    assert counts() == before
    assert pending_files(var_dir) == []
    # Forcing a confirm anyway finds nothing to apply.
    response = client.post(CONFIRM, {"token": "0" * 32}, follow=True)
    assert str(messages.IMPORT_EXPIRED) in flashed(response)
    assert counts() == before


def _zip_without_workbook() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("catatan.txt", "bukan excel")
    return buffer.getvalue()


def _bad_uploads(renstra):
    headers = indicator_headers(renstra)
    return {
        "text renamed": (b"Kode Tujuan;Kode Sasaran\nT1;S1\n", str(messages.INVALID_FILE)),
        "broken zip": (b"PK\x03\x04" + b"\x00rusak" * 50, str(messages.INVALID_FILE)),
        "zip, not a workbook": (_zip_without_workbook(), str(messages.INVALID_FILE)),
        "no Indikator sheet": (
            xlsx_bytes(headers, [new_row()], sheet_title="Lembar1"),
            str(messages.SHEET_MISSING % {"sheet": "Indikator"}),
        ),
        "missing columns": (
            xlsx_bytes(["Kode Tujuan", "Kode Sasaran", "Indikator"], [new_row()]),
            "Kode Indikator, Satuan, Unit Penanggung Jawab",
        ),
        "non-number target": (
            xlsx_bytes(headers, [new_row(**{"Target 2026": "tinggi"})]),
            "Baris 2, kolom Target 2026: “tinggi” bukan angka.",
        ),
        "low above high": (
            xlsx_bytes(
                headers,
                [new_row(**{"Jenis Target": "Rentang", "Target 2026": 9, "Target 2026 (atas)": 8})],
            ),
            f"Baris 2, kolom Target 2026: {errors.RANGE_LOW_ABOVE_HIGH}",
        ),
    }


@pytest.mark.parametrize(
    "case",
    [
        "text renamed",
        "broken zip",
        "zip, not a workbook",
        "no Indikator sheet",
        "missing columns",
        "non-number target",
        "low above high",
    ],
)
def test_bad_uploads_say_why_and_change_nothing(client, plan_data, var_dir, case):
    content, expected = _bad_uploads(plan_data.renstra)[case]
    login(client, "staf.evaluasi")
    before = counts()
    response = upload(client, content)
    assert response.status_code == 200
    assert expected in page(response)
    assert 'id="import-apply"' not in page(response)
    assert counts() == before
    assert pending_files(var_dir) == []


def test_oversized_upload_is_refused_before_parsing(client, plan_data, settings, var_dir):
    settings.PLAN_IMPORT_MAX_BYTES = 1024
    content = xlsx_bytes(indicator_headers(plan_data.renstra), [new_row()] * 20)
    assert len(content) > 1024
    login(client, "staf.evaluasi")
    before = counts()
    response = upload(client, content)
    assert "Berkas terlalu besar" in page(response)
    assert "Ukuran maksimum 1,0\xa0KB." in page(response)
    assert counts() == before
    assert pending_files(var_dir) == []


def test_missing_file_is_asked_for(client, plan_data):
    login(client, "staf.evaluasi")
    response = client.post(IMPORT, {"renstra": plan_data.renstra.pk})
    assert str(messages.FILE_REQUIRED) in page(response)


def test_confirm_rechecks_data_changed_after_the_preview(client, plan_data, organization):
    login(client, "staf.evaluasi")
    content = xlsx_bytes(
        indicator_headers(plan_data.renstra),
        [
            new_row(
                **{
                    "Kode Indikator": "IK2",
                    "Indikator": "Indeks SPBE",
                    "Satuan": "indeks",
                    "Target 2026": 3.5,
                }
            )
        ],
    )
    preview = upload(client, content)
    token = preview.context["token"]
    # Someone else sets the same target in the meantime.
    plan.targets_set(
        actor=organization["kasubag.renkeu"],
        indicator=plan_data.indicator_aptika,
        targets={2026: plan.TargetValue(Decimal("3.3"))},
    )
    before = counts()
    response = client.post(CONFIRM, {"token": token})
    assert response.status_code == 200
    assert str(messages.CHANGED_SINCE_PREVIEW) in flashed(response)
    assert "<del>3,3</del> → <ins>3,5</ins>" in page(response)
    assert counts() == before
    # The fresh preview can be applied.
    response = client.post(CONFIRM, {"token": token}, follow=True)
    assert "0 indikator ditambahkan, 1 diubah." in flashed(response)
    assert plan_data.indicator_aptika.targets.get(year=2026).low == Decimal("3.5")


def test_confirm_that_the_services_refuse_writes_nothing(client, plan_data, organization, var_dir):
    """A row that passes the preview but fails inside the services rolls everything back."""
    plan.indicator_update(
        actor=organization["staf.evaluasi"],
        indicator=plan_data.indicator_aptika,
        expected_version=None,
        end_target_low=Decimal("3.5"),
    )
    headers = [h for h in indicator_headers(plan_data.renstra) if not h.startswith("Target Akhir")]
    content = xlsx_bytes(
        headers,
        [
            new_row(),
            new_row(
                **{
                    "Kode Indikator": "IK2",
                    "Indikator": "Indeks SPBE",
                    "Satuan": "indeks",
                    "Jenis Target": "Rentang",
                    "Target 2026": 3,
                    "Target 2026 (atas)": 3.5,
                }
            ),
        ],
    )
    login(client, "staf.evaluasi")
    preview = upload(client, content)
    assert preview.context["can_apply"]
    before = counts()
    response = client.post(CONFIRM, {"token": preview.context["token"]})
    assert response.status_code == 200
    assert str(messages.IMPORT_FAILED) in flashed(response)
    assert f"Baris 3, kolom Target Akhir: {errors.RANGE_NEEDS_HIGH}" in page(response)
    assert counts() == before
    assert not Indicator.objects.filter(code="IK3").exists()
    assert pending_files(var_dir) == []


def test_pending_upload_is_per_user_session(client, plan_data, organization):
    login(client, "staf.evaluasi")
    preview = upload(client, xlsx_bytes(indicator_headers(plan_data.renstra), [new_row()]))
    token = preview.context["token"]
    client.logout()
    login(client, "kasubag.renkeu")
    response = client.post(CONFIRM, {"token": token}, follow=True)
    assert str(messages.IMPORT_EXPIRED) in flashed(response)
    assert not Indicator.objects.filter(code="IK3").exists()


# --- cost --------------------------------------------------------------------------------------


def generated_rows(prefix: str, count: int, *, bump: int = 0) -> list[dict]:
    """`count` indicator rows with targets for every year of the Renstra, every third under the
    row before it (a new indicator of the same file)."""
    rows = []
    for i in range(count):
        rows.append(
            new_row(
                **{
                    "Kode Indikator": f"{prefix}{i}",
                    "Indikator": f"Indikator {prefix}{i}",
                    "IKU": "Ya" if i % 2 else "Tidak",
                    "Polaritas": "Lebih tinggi lebih baik",
                    "Indikator Induk": f"{prefix}{i - 1}" if i % 3 == 2 else None,
                    "Target Akhir": 90 + bump,
                    **{f"Target {year}": 50 + i % 40 + bump for year in range(2025, 2030)},
                }
            )
        )
    return rows


def test_preview_and_apply_cost_the_same_queries_for_10_and_50_rows(client, plan_data):
    """Issue 9: a 5,000-row import ran one query per row and more (170,000 in all); the number of
    queries of the preview and of the confirmation must not grow with the rows, for new
    indicators and for changed ones."""
    login(client, "staf.evaluasi")
    headers = indicator_headers(plan_data.renstra)

    def queries(rows: list[dict]) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as preview_queries:
            preview = upload(client, xlsx_bytes(headers, rows))
        assert preview.context["can_apply"], preview.context["preview"].issues[:3]
        with CaptureQueriesContext(connection) as apply_queries:
            response = client.post(CONFIRM, {"token": preview.context["token"]})
        assert response.status_code == 302
        return len(preview_queries), len(apply_queries)

    created_10 = queries(generated_rows("A", 10))
    created_50 = queries(generated_rows("B", 50))
    assert Indicator.objects.filter(code__startswith="B").count() == 50
    assert created_10 == created_50
    changed_10 = queries(generated_rows("A", 10, bump=1))
    changed_50 = queries(generated_rows("B", 50, bump=1))
    assert Indicator.objects.get(code="B49").targets.get(year=2029).low == 50 + 49 % 40 + 1
    assert changed_10 == changed_50
