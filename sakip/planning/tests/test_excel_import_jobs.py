"""Issue 12: a large plan import shows a bounded preview, and its confirmation is applied by a
background job (ImportJob, decision 0014) with a progress page; all or nothing as before."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sakip.core.imports import messages as import_messages
from sakip.core.imports.models import ImportJob, ImportJobStatus
from sakip.core.imports.preview import ERRORS_SHOWN, FULL_PREVIEW_ROWS, SAMPLE_ROWS
from sakip.planning import errors
from sakip.planning import services as plan
from sakip.planning.excel import messages
from sakip.planning.excel.export import indicator_headers
from sakip.planning.models import Indicator

from .test_excel_import import counts, new_row, xlsx_bytes
from .test_excel_views import CONFIRM, generated_rows, login, page, pending_files, upload


@pytest.fixture(autouse=True)
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path


@pytest.fixture
def background(settings):
    """Confirmations of 5 rows or more go to the background job."""
    settings.IMPORT_BACKGROUND_ROWS = 5


def table_rows(html: str, table_id: str = "import-rows") -> int:
    """The data rows (<tr> in <tbody>) of the preview's table."""
    found = re.search(rf'<table[^>]*id="{table_id}".*?<tbody>(.*?)</tbody>', html, re.S)
    assert found, "no preview table"
    return found.group(1).count("<tr")


# --- the preview of a large file ---------------------------------------------------------------


def test_a_small_file_lists_every_row(client, plan_data):
    login(client, "staf.evaluasi")
    rows = generated_rows("S", 30)
    response = upload(client, xlsx_bytes(indicator_headers(plan_data.renstra), rows))
    assert table_rows(page(response)) == 30
    assert 'id="import-rows-sample"' not in page(response)


def test_a_large_file_lists_a_sample_whose_size_does_not_grow_with_the_rows(client, plan_data):
    login(client, "staf.evaluasi")
    headers = indicator_headers(plan_data.renstra)
    sizes = {}
    for count in (FULL_PREVIEW_ROWS + 20, FULL_PREVIEW_ROWS + 150):
        response = upload(client, xlsx_bytes(headers, generated_rows(f"L{count}X", count)))
        html = page(response)
        assert response.context["can_apply"]
        assert table_rows(html) == SAMPLE_ROWS
        # The summary counts every row; the note says how many changes are not listed.
        assert f"Baru: {count}" in html
        assert f"{count - SAMPLE_ROWS} baris lain yang berubah tidak ditampilkan." in html
        sizes[count] = html.count("<tr")
    assert len(set(sizes.values())) == 1


def test_a_large_file_lists_its_errors_with_row_numbers_bounded(client, plan_data):
    login(client, "staf.evaluasi")
    rows = generated_rows("E", ERRORS_SHOWN + 60)
    # Every row after the first ten names a unit that does not exist: one error per row.
    for row in rows[10:]:
        row["Unit Penanggung Jawab"] = "tidak-ada"
    response = upload(client, xlsx_bytes(indicator_headers(plan_data.renstra), rows))
    html = page(response)
    assert not response.context["can_apply"]
    found = re.search(r'id="import-row-errors".*?</div>', html, re.S)
    assert found
    errors_shown = found.group(0)
    assert errors_shown.count("<li>") == ERRORS_SHOWN
    # Data rows start on Excel row 2: the eleventh data row is row 12.
    assert "Baris 12, kolom Unit Penanggung Jawab:" in errors_shown
    assert f"Baris {ERRORS_SHOWN + 11}, kolom Unit Penanggung Jawab:" in errors_shown
    assert f"Baris {ERRORS_SHOWN + 12}," not in errors_shown
    more = ERRORS_SHOWN + 50 - ERRORS_SHOWN
    assert f"… dan {more} galat lainnya." in errors_shown
    assert f"Galat: {ERRORS_SHOWN + 50}" in html


# --- the background apply ----------------------------------------------------------------------


def confirm(client, response, django_capture_on_commit_callbacks):
    """Confirm the preview: the job is queued on commit and (test settings) run at once."""
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(CONFIRM, {"token": response.context["token"]})


def test_a_large_confirmation_runs_as_a_job_and_shows_its_result(
    client, plan_data, background, var_dir, django_capture_on_commit_callbacks
):
    login(client, "staf.evaluasi")
    preview = upload(
        client, xlsx_bytes(indicator_headers(plan_data.renstra), generated_rows("J", 8))
    )
    assert 'id="import-background"' in page(preview)
    response = confirm(client, preview, django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("planning:import_job", args=[job.pk])
    job.refresh_from_db()
    assert job.status == ImportJobStatus.DONE
    assert Indicator.objects.filter(code__startswith="J").count() == 8
    assert Indicator.objects.get(code="J2").parent == Indicator.objects.get(code="J1")
    assert pending_files(var_dir) == []  # the job removed the file

    shown = client.get(response["Location"])
    assert shown.status_code == 200
    html = page(shown)
    assert 'id="import-job-done"' in html
    assert "8 indikator ditambahkan, 0 diubah." in html
    assert "sakip-progress-100" in html
    # htmx's polling of a finished job is stopped with HTTP 286.
    assert client.get(response["Location"], headers={"HX-Request": "true"}).status_code == 286
    # The upload page links the job, to come back to it.
    form = page(client.get(reverse("planning:import")))
    assert f'href="{response["Location"]}"' in form


def test_a_queued_job_shows_the_progress_bar(client, plan_data, background):
    login(client, "staf.evaluasi")
    preview = upload(
        client, xlsx_bytes(indicator_headers(plan_data.renstra), generated_rows("Q", 6))
    )
    # Without running the on-commit callbacks the job stays queued, as while the worker is busy.
    response = client.post(CONFIRM, {"token": preview.context["token"]})
    job = ImportJob.objects.get()
    assert job.status == ImportJobStatus.QUEUED
    html = page(client.get(response["Location"]))
    assert 'role="progressbar"' in html
    assert "sakip-progress-0" in html
    assert 'hx-trigger="every 1s"' in html
    assert client.get(response["Location"], headers={"HX-Request": "true"}).status_code == 200
    assert not Indicator.objects.filter(code__startswith="Q").exists()


def test_a_job_refused_by_the_services_in_its_last_row_writes_nothing(
    client, plan_data, organization, background, django_capture_on_commit_callbacks
):
    """A row that passes the preview but fails inside the services, the last of the file: the
    whole job is refused, nothing is written, and the page names the row."""
    plan.indicator_update(
        actor=organization["staf.evaluasi"],
        indicator=plan_data.indicator_aptika,
        expected_version=None,
        end_target_low=Decimal("3.5"),
    )
    headers = [h for h in indicator_headers(plan_data.renstra) if not h.startswith("Target Akhir")]
    rows = [new_row(**{"Kode Indikator": f"N{i}", "Indikator": f"Baru {i}"}) for i in range(6)]
    rows.append(
        new_row(
            **{
                "Kode Indikator": "IK2",
                "Indikator": "Indeks SPBE",
                "Satuan": "indeks",
                "Jenis Target": "Rentang",
                "Target 2026": 3,
                "Target 2026 (atas)": 3.5,
            }
        )
    )
    login(client, "staf.evaluasi")
    preview = upload(client, xlsx_bytes(headers, rows))
    assert preview.context["can_apply"]
    before = counts()
    response = confirm(client, preview, django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    assert job.status == ImportJobStatus.FAILED
    assert counts() == before
    assert not Indicator.objects.filter(code__startswith="N").exists()
    html = page(client.get(response["Location"]))
    assert 'id="import-job-error"' in html
    assert str(messages.IMPORT_FAILED) in html
    assert f"Baris 8, kolom Target Akhir: {errors.RANGE_NEEDS_HIGH}" in html


def test_a_job_refuses_data_changed_since_the_preview(
    client, plan_data, organization, background, django_capture_on_commit_callbacks
):
    login(client, "staf.evaluasi")
    rows = [new_row(**{"Kode Indikator": f"C{i}", "Indikator": f"Baru {i}"}) for i in range(5)]
    rows.append(
        new_row(**{"Kode Indikator": "IK2", "Indikator": "Indeks SPBE", "Target 2026": 3.5})
    )
    preview = upload(client, xlsx_bytes(indicator_headers(plan_data.renstra), rows))
    assert preview.context["can_apply"]
    # Someone else sets the same target in the meantime.
    plan.targets_set(
        actor=organization["kasubag.renkeu"],
        indicator=plan_data.indicator_aptika,
        targets={2026: plan.TargetValue(Decimal("3.3"))},
    )
    before = counts()
    response = confirm(client, preview, django_capture_on_commit_callbacks)
    assert ImportJob.objects.get().status == ImportJobStatus.FAILED
    assert counts() == before
    assert plan_data.indicator_aptika.targets.get(year=2026).low == Decimal("3.3")
    assert str(import_messages.CHANGED_BEFORE_JOB) in page(client.get(response["Location"]))


@pytest.mark.parametrize("username", ["kasubag.renkeu", "kadis.lain", "kabid.ikp", "admin"])
def test_only_the_person_who_confirmed_sees_the_job(client, plan_data, background, username):
    login(client, "staf.evaluasi")
    preview = upload(
        client, xlsx_bytes(indicator_headers(plan_data.renstra), generated_rows("A", 6))
    )
    job_url = client.post(CONFIRM, {"token": preview.context["token"]})["Location"]
    client.logout()
    login(client, username)
    assert client.get(job_url).status_code == 404
    # Nor can they apply the upload it was made from.
    assert client.post(CONFIRM, {"token": preview.context["token"]}).status_code in (302, 404)
    assert not Indicator.objects.filter(code__startswith="A").exists()


def test_a_job_runs_the_same_queries_for_10_and_50_rows(
    client, plan_data, background, django_capture_on_commit_callbacks
):
    login(client, "staf.evaluasi")
    headers = indicator_headers(plan_data.renstra)

    def queries(rows):
        preview = upload(client, xlsx_bytes(headers, rows))
        assert preview.context["can_apply"]
        with CaptureQueriesContext(connection) as captured:
            confirm(client, preview, django_capture_on_commit_callbacks)
        assert ImportJob.objects.order_by("-pk")[0].status == ImportJobStatus.DONE
        return len(captured)

    assert queries(generated_rows("A", 10)) == queries(generated_rows("B", 50))
    assert queries(generated_rows("A", 10, bump=1)) == queries(generated_rows("B", 50, bump=1))


# --- the workbook read once --------------------------------------------------------------------


def test_the_confirmation_reads_the_rows_the_preview_kept(client, plan_data, var_dir):
    """The preview keeps the rows it read beside the upload; the confirmation checks them against
    the data again but does not open the workbook a second time."""
    login(client, "staf.evaluasi")
    preview = upload(client, xlsx_bytes(indicator_headers(plan_data.renstra), [new_row()]))
    [kept] = (var_dir / "imports").glob("*.rows.json")
    [stored] = pending_files(var_dir)
    stored.write_bytes(b"PK\x03\x04 no longer a workbook")
    response = client.post(CONFIRM, {"token": preview.context["token"]}, follow=True)
    assert "1 indikator ditambahkan, 0 diubah." in [str(m) for m in response.context["messages"]]
    assert Indicator.objects.filter(code="IK3").exists()
    assert not kept.exists()
    assert pending_files(var_dir) == []


def test_kept_rows_keep_every_kind_of_cell(tmp_path):
    import datetime

    from sakip.core.imports.rowcache import read_rows_kept, write_rows
    from sakip.core.xlsx import SheetRow

    header = SheetRow(1, ("Kode", "Tanggal"), {})
    rows = [
        SheetRow(2, ("A", datetime.datetime(2026, 1, 2, 3, 4), 1, 2.5, True, None), {}),
        SheetRow(3, (None, datetime.date(2026, 5, 1), datetime.time(7, 30)), {2: "=SUM(A1:A2)"}),
    ]
    path = tmp_path / "x.rows.json"
    write_rows(path, [(header, rows)])
    assert read_rows_kept(path) == [(header, rows)]
