"""Issue 12: a planner imports a large plan file: the preview shows the summary and a sample, the
confirmation runs as a background job whose page shows the result."""

from playwright.sync_api import expect

from sakip.core.imports.preview import SAMPLE_ROWS
from sakip.planning.excel.export import indicator_headers
from sakip.planning.models import Indicator
from sakip.planning.tests.test_excel_import import xlsx_bytes
from sakip.planning.tests.test_excel_views import generated_rows

ROWS = 150


def test_planner_imports_a_large_file_in_the_background(
    page, live_server, login, plan_data, settings, tmp_path
):
    settings.VAR_DIR = tmp_path
    settings.IMPORT_BACKGROUND_ROWS = 100
    path = tmp_path / "rencana-besar.xlsx"
    path.write_bytes(xlsx_bytes(indicator_headers(plan_data.renstra), generated_rows("E2E", ROWS)))

    login("staf.evaluasi")
    page.on("dialog", lambda dialog: dialog.accept())  # the Terapkan question
    page.goto(f"{live_server.url}/rencana/excel/impor/")
    page.locator("input[type=file]").set_input_files(str(path))
    page.get_by_role("button", name="Unggah dan tampilkan pratinjau").click()

    # The summary counts every row; the table lists a sample only.
    expect(page.locator("#import-counts")).to_contain_text(f"Baru: {ROWS}")
    expect(page.locator("#import-rows tbody tr")).to_have_count(SAMPLE_ROWS)
    expect(page.locator("#import-rows-sample")).to_contain_text(
        f"{ROWS - SAMPLE_ROWS} baris lain yang berubah tidak ditampilkan."
    )
    expect(page.locator("#import-background")).to_be_visible()

    page.locator("#import-apply").click()
    page.wait_for_url("**/rencana/excel/impor/proses/*/")
    expect(page.get_by_role("heading", name="Proses impor")).to_be_visible()
    expect(page.locator("#import-job-done")).to_contain_text(
        f"{ROWS} indikator ditambahkan, 0 diubah."
    )
    expect(page.locator(".progress-bar.sakip-progress-100")).to_be_visible()
    assert Indicator.objects.filter(code__startswith="E2E").count() == ROWS

    page.locator("#import-job-back").click()
    page.wait_for_url("**/rencana/")
