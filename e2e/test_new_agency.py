"""Issue 10 in the browser: a new agency in minutes. The administrator creates Dinas Kesehatan
from the app (its profile and both shipped SOPs come with it), downloads the structure template,
fills it (units, positions, people with their logins) and uploads it; the preview shows what will
be created and the confirmation creates it all. Then the new agency runs both SOPs with its own
people: its Kasubag Perencanaan opens TW I and its Kepala Bidang has the data task; its planning
staff starts SOP 1 and has the first task. Diskominfo's people get nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from sakip.administration.tests import structure_book
from sakip.monitoring.models import ReportingPeriod
from sakip.procedures.models import ProcedureRun, Task

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SUPPLY = "Menyampaikan data yang diminta Kasubbag Perencanaan dan Keuangan"
SOP1_TITLE = "Pelaksanaan Pengukuran Kinerja"
STEP_DISPOSITION = "Disposisi kepada kasubag program untuk melakukan penyusunan RKT"
DINKES_USERS = {row[10] for row in structure_book.PEOPLE}


def test_an_administrator_creates_an_agency_that_runs_both_sops(
    page, live_server, login, organization, tmp_path
):
    page.set_default_timeout(15_000)
    page.on("dialog", lambda dialog: dialog.accept())  # data-confirm questions
    year = timezone.localdate().year

    # 1. The agency, with its profile and both SOPs.
    login("admin")
    page.goto(live_server.url + reverse("administration:unit_list"))
    page.locator("#agency-add").click()
    page.get_by_label("Nama perangkat daerah").fill("Dinas Kesehatan")
    page.get_by_label("Nama singkat").fill("Dinkes")
    page.get_by_label("Kode unit").fill("dinkes")
    page.get_by_label("Baris kop 1: nama pemerintah daerah").fill("PEMERINTAH KABUPATEN UJI")
    page.get_by_label("Kota tempat tanda tangan").fill("Paringin")
    page.get_by_label("Jabatan kepala daerah").fill("Bupati Uji")
    page.get_by_label("Nama kepala daerah").fill("H. Abdul Hadi")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Dinas Kesehatan")
    expect(page.locator(".alert-success")).to_contain_text(SOP1_TITLE)

    # 2. Its structure from the template: download, fill, upload, preview, apply.
    page.locator("#structure-import").click()
    with page.expect_download() as download:
        page.locator("#structure-template").click()
    template = download.value.path().read_bytes()
    filled = tmp_path / "struktur-dinkes.xlsx"
    filled.write_bytes(structure_book.fill(template))
    page.get_by_label("Berkas struktur organisasi (.xlsx)").set_input_files(filled)
    page.get_by_role("button", name="Unggah dan tampilkan pratinjau").click()
    expect(page.locator("#structure-unit-rows")).to_contain_text("Sekretariat Dinas Kesehatan")
    expect(page.locator("#structure-position-rows")).to_contain_text(
        "Kasubag Perencanaan dan Keuangan"
    )
    expect(page.locator("#structure-person-rows")).to_contain_text("akun dinkes.kabid.yankes")
    expect(page.locator("#structure-person-rows")).not_to_contain_text(structure_book.PASSWORD)
    page.locator("#structure-apply").click()
    expect(page.locator(".alert-success")).to_contain_text(
        "7 unit, 9 jabatan, 9 pegawai (9 akun) ditambahkan"
    )
    expect(page.locator("body")).to_contain_text("Kepala Dinas Kesehatan")

    # 3. SOP 2: the new agency's Kasubag Perencanaan opens TW I …
    page.context.clear_cookies()
    login("dinkes.kasubag.renkeu", structure_book.PASSWORD)
    page.goto(live_server.url + reverse("monitoring:period_list"))
    form = page.locator("#open-period")
    form.get_by_label("Tahun").fill(str(year))
    form.get_by_label("Triwulan").select_option("1")
    form.locator("#open-period-button").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("TW I")
    period = ReportingPeriod.objects.get(agency__code="dinkes", year=year, quarter=1)

    # … and its Kepala Bidang has the quarter's data task in the inbox.
    page.context.clear_cookies()
    login("dinkes.kabid.yankes", structure_book.PASSWORD)
    page.goto(live_server.url + reverse("procedures:inbox"))
    tasks = page.locator("#open-tasks")
    expect(tasks).to_contain_text(SUPPLY)
    expect(tasks).to_contain_text("Unit: Bidang Pelayanan Kesehatan")

    # 4. SOP 1: the new agency's planning staff starts the RKT run and has its first task.
    page.context.clear_cookies()
    login("dinkes.staf.evaluasi", structure_book.PASSWORD)
    page.goto(live_server.url + reverse("procedures:run_start"))
    page.locator("#sop-choices li").filter(has_text=SOP1_TITLE).get_by_role(
        "link", name="Pilih"
    ).click()
    page.locator("#id_title").fill(f"Penyusunan RKT {year + 1}")
    page.locator("#id_year").fill(str(year + 1))
    page.locator("#id_disposition_to").fill("Kasubag Umum dan Kepegawaian")
    page.locator("#id_instruction").fill(f"Mohon disusun RKT Tahun {year + 1}.")
    page.locator("#id_disposition_date").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Mulai pelaksanaan").click()
    expect(page.locator("#run-status")).to_have_text("Berjalan")
    page.goto(live_server.url + reverse("procedures:inbox"))
    expect(page.locator("#open-tasks")).to_contain_text(STEP_DISPOSITION)
    run = ProcedureRun.objects.get(agency__code="dinkes", revision__sop__workflow="rkt")

    # 5. Diskominfo's people are asked nothing.
    page.context.clear_cookies()
    login("kabid.ikp")
    page.goto(live_server.url + reverse("procedures:inbox"))
    expect(page.locator("#inbox-empty")).to_be_visible()
    assignees = set(
        Task.objects.filter(run__in=[period.run_id, run.pk]).values_list(
            "assignee__username", flat=True
        )
    )
    assert assignees <= DINKES_USERS
    assert set(Task.objects.values_list("assignee__username", flat=True)) <= DINKES_USERS
