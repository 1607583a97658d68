"""The year picker opens on the latest year with data, not on an empty new year."""

from __future__ import annotations

import re

from django.utils import timezone

from sakip.conftest import PASSWORD
from sakip.monitoring.models import ReportingPeriod


def _selected_year(client) -> int:
    page = client.get("/akun/profil/").content.decode()
    found = re.search(r'<option value="(\d{4})" selected>', page)
    assert found, "no year is selected in the top bar"
    return int(found.group(1))


def test_the_picker_opens_on_the_latest_year_with_collected_data(client, organization):
    this_year = timezone.localdate().year
    for year in (this_year - 3, this_year - 1):
        ReportingPeriod.objects.create(agency=organization.agency, year=year, quarter=1)
    # Next year's quarter is not "data yet": it cannot have been collected.
    ReportingPeriod.objects.create(agency=organization.agency, year=this_year + 1, quarter=1)

    client.login(username="kabid.ikp", password=PASSWORD)

    assert _selected_year(client) == this_year - 1


def test_another_agencys_data_does_not_move_the_year(client, organization):
    this_year = timezone.localdate().year
    ReportingPeriod.objects.create(agency=organization.other_agency, year=this_year - 2, quarter=1)
    client.login(username="kabid.ikp", password=PASSWORD)
    assert _selected_year(client) == this_year


def test_the_persons_choice_holds_after_the_login(client, organization):
    this_year = timezone.localdate().year
    ReportingPeriod.objects.create(agency=organization.agency, year=this_year - 1, quarter=1)
    client.login(username="kabid.ikp", password=PASSWORD)
    client.post("/tahun/", {"year": this_year - 4, "next": "/akun/profil/"})
    assert _selected_year(client) == this_year - 4
