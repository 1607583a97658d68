"""Issue 2 in the browser: a planner adds a range-target indicator; a unit head stays in their unit."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_planner_creates_range_indicator_and_sees_it_in_the_tree(
    page, live_server, login, plan_data
):
    login("staf.evaluasi")
    page.goto(f"{live_server.url}/rencana/")
    page.get_by_role("link", name="Tambah indikator").first.click()
    expect(page.get_by_role("heading", name="Indikator baru")).to_be_visible()

    page.locator("#id_code").fill("IK9")
    page.locator("#id_name").fill("Tingkat kepuasan pengguna layanan TIK")
    page.locator("#id_unit_of_measure").fill("%")
    aptika = page.locator("#id_responsible_unit option", has_text="Bidang Aptika").get_attribute(
        "value"
    )
    page.locator("#id_responsible_unit").select_option(aptika)
    page.locator("#id_target_kind").select_option("range")
    # First a wrong range: low above high is refused with a message next to the field.
    page.locator("#id_target_2026").fill("90")
    page.locator("#id_target_2026_high").fill("80")
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator("#form-error-summary")).to_be_visible()
    expect(
        page.get_by_text("Nilai bawah rentang tidak boleh lebih besar dari nilai atas.").first
    ).to_be_visible()
    # What was typed is still there.
    expect(page.locator("#id_name")).to_have_value("Tingkat kepuasan pengguna layanan TIK")

    page.locator("#id_target_2026").fill("80")
    page.locator("#id_target_2026_high").fill("90")
    page.get_by_role("button", name="Simpan").click()

    page.goto(f"{live_server.url}/rencana/")
    row = page.locator("tr", has_text="Tingkat kepuasan pengguna layanan TIK")
    expect(row).to_be_visible()
    expect(row).to_contain_text("80–90")
    expect(row).to_contain_text("Bidang Aptika")


def test_unit_head_sees_only_own_unit_and_cannot_open_another_units_indicator(
    page, live_server, login, plan_data
):
    login("kabid.ikp")
    page.goto(f"{live_server.url}/rencana/")
    expect(page.get_by_text("Persentase informasi publik yang dipublikasikan")).to_be_visible()
    expect(page.get_by_text("Indeks SPBE")).to_have_count(0)
    expect(page.get_by_role("link", name="Tambah indikator")).to_have_count(0)

    response = page.goto(f"{live_server.url}/rencana/indikator/{plan_data.indicator_aptika.pk}/")
    assert response is not None and response.status == 404
    response = page.goto(f"{live_server.url}/rencana/indikator/{plan_data.indicator_ikp.pk}/ubah/")
    assert response is not None and response.status == 404


def test_a_link_to_a_tab_opens_it(page, live_server, login, plan_data):
    """The dashboard and the regency view link to an indicator's evidence: "#pane-files"."""
    login("staf.evaluasi")
    url = f"{live_server.url}/rencana/indikator/{plan_data.indicator_ikp.pk}/"
    page.goto(f"{url}#pane-files")
    expect(page.get_by_role("tab", name="Berkas bukti")).to_have_attribute("aria-selected", "true")
    expect(page.locator("#pane-files")).to_be_visible()
    expect(page.locator("#pane-data")).not_to_be_visible()
    # Choosing another tab puts it in the address, so the link can be shared.
    page.get_by_role("tab", name="Riwayat").click()
    expect(page).to_have_url(f"{url}#pane-history")
