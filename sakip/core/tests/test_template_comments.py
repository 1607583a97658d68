"""Template comments never reach a page: Django's `{# … #}` is a comment only on one line; one
spread over two lines is printed as text (it was, on every quarterly, semester and LKjIP page).
Longer comments use `{% comment %}`."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from sakip.monitoring.models import PeriodStatus, ReportingPeriod
from sakip.monitoring.tests.capaian_factories import YEAR, build_budget, build_year

TEMPLATE_DIRS = [Path(settings.BASE_DIR) / "templates"]


def _templates():
    for directory in TEMPLATE_DIRS:
        yield from sorted(directory.rglob("*.html"))
        yield from sorted(directory.rglob("*.txt"))


def test_there_are_templates_to_check():
    assert len(list(_templates())) > 50


def test_every_short_comment_closes_on_its_line():
    unclosed = []
    for path in _templates():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            # Each "{#" must have its "#}" later on the same line.
            rest = line
            while "{#" in rest:
                rest = rest[rest.index("{#") + 2 :]
                if "#}" not in rest:
                    unclosed.append(f"{path}:{number}")
                    break
                rest = rest[rest.index("#}") + 2 :]
    assert unclosed == []


@pytest.mark.django_db
def test_report_pages_print_no_template_comment(client, organization, plan_data):
    year = build_year(organization, plan_data, quarters=(1, 2))
    build_budget(organization, plan_data, year)
    ReportingPeriod.objects.filter(pk__in=[p.pk for p in year.periods.values()]).update(
        status=PeriodStatus.LOCKED
    )
    client.force_login(organization["staf.evaluasi"])
    period = year.periods[1]
    for url in (
        reverse("reports:quarterly_report", args=[period.pk]),
        reverse("reports:semester_report", args=[period.pk]),
        reverse("reports:annual_report", args=[YEAR]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert 'id="versions"' in page, url  # the part that printed its comment
        assert "{#" not in page and "#}" not in page, url
        assert "{% comment" not in page, url
