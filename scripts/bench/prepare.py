"""Runs inside Django (a subprocess of the bench, with the bench's environment): builds the data
and writes the pages to ask, with who asks them, as JSON.

Usage: python -m scripts.bench.prepare [--agencies 40] OUT.json
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

import django  # noqa: E402

django.setup()

from django.core.exceptions import ValidationError  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from sakip.accounts.models import User  # noqa: E402
from sakip.demo.organization import AGENCY_CODE  # noqa: E402
from sakip.demo.regency import generate_regency  # noqa: E402
from sakip.demo.regency.generate import agency_code, username_for  # noqa: E402
from sakip.monitoring import access as monitoring_access  # noqa: E402
from sakip.monitoring import selectors, services  # noqa: E402
from sakip.monitoring.models import PeriodStatus, ReportingPeriod, UnitSubmission  # noqa: E402
from sakip.organization.models import Unit  # noqa: E402
from sakip.planning import services as planning_services  # noqa: E402
from sakip.planning.models import Indicator  # noqa: E402
from sakip.procedures.choices import TaskStatus  # noqa: E402
from sakip.procedures.models import Task  # noqa: E402

OPENER = "kasubag.renkeu"
PLANNER = "staf.evaluasi"


def open_quarter(agency: Unit, opener: str) -> ReportingPeriod:
    """The agency's open quarter; when none is open, the current quarter is opened through the
    services, as its Kasubbag would."""
    period = (
        ReportingPeriod.objects.filter(agency=agency, status=PeriodStatus.OPEN)
        .order_by("-year", "-quarter")
        .first()
    )
    if period is not None:
        return period
    today = timezone.localdate()
    quarter = (today.month - 1) // 3 + 1
    try:
        return services.period_open(
            actor=User.objects.get(username=opener), agency=agency, year=today.year, quarter=quarter
        )
    except ValidationError as exc:
        raise SystemExit(f"cannot open TW {quarter} {today.year} of {agency}: {exc}") from exc


def entry_sizes(period: ReportingPeriod) -> list[tuple[int, UnitSubmission]]:
    """Each unit's submission in the period with the number of indicators its entry page shows."""
    sizes = []
    for submission in UnitSubmission.objects.filter(period=period).select_related(
        "unit", "period__agency"
    ):
        data = selectors.entry_data(submission)
        sizes.append((sum(len(group.rows) for group in data.objectives), submission))
    return sorted(sizes, key=lambda pair: (pair[0], pair[1].unit.path))


def concentrate(agency: Unit, unit_name: str) -> Unit:
    """Make one unit of a copy responsible for all of the copy's indicators (through the planning
    service): no generated unit holds 50 (the largest, Sekretariat, reports 16), and the bench
    wants the entry page of a unit with about 50. Only this copy changes."""
    unit = Unit.objects.get(parent=agency, name=unit_name)
    indicators = Indicator.objects.filter(objective__goal__renstra__agency=agency).select_related(
        "responsible_unit"
    )
    for indicator in indicators:
        responsible = indicator.responsible_unit
        if responsible.pk != agency.pk and not responsible.path.startswith(unit.path):
            planning_services.indicator_update(
                actor=None, indicator=indicator, expected_version=None, responsible_unit=unit
            )
    return unit


def head_of(submission: UnitSubmission) -> str:
    task = monitoring_access.request_task(submission)
    if task is None or task.assignee is None:
        raise SystemExit(f"no data request task for {submission.unit}")
    return task.assignee.username


def entry_url(submission: UnitSubmission) -> str:
    return reverse(
        "monitoring:submission_detail",
        kwargs={"period_pk": submission.period_id, "unit_pk": submission.unit_id},
    )


def page(
    key: str, label: str, user: str | None, url: str, size: int | None = None
) -> dict[str, Any]:
    return {"key": key, "label": label, "user": user, "url": url, "size": size}


def build(agencies: int) -> dict[str, Any]:
    started = time.monotonic()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("load_demo", stdout=io.StringIO())
    summary = generate_regency(agencies=agencies, with_current_year=True)
    demo = Unit.objects.get(code=AGENCY_CODE)
    # A copy in the middle of the regency as generated, and the last copy with one unit made
    # responsible for all its indicators: the entry page at three sizes.
    index = max(1, (agencies + 1) // 2)
    copy = Unit.objects.get(code=agency_code(index))
    demo_period = open_quarter(demo, OPENER)
    copy_period = open_quarter(copy, username_for(OPENER, index))
    mid_size, mid = entry_sizes(copy_period)[-1]
    # The same unit in the demo agency (the copy's template) is the small size.
    small_size, small = next(
        (size, s) for size, s in entry_sizes(demo_period) if s.unit.name == mid.unit.name
    )
    big_agency = Unit.objects.get(code=agency_code(agencies))
    big_unit = concentrate(big_agency, mid.unit.name)
    big_period = open_quarter(big_agency, username_for(OPENER, agencies))
    large_size, large = next(
        (size, s) for size, s in entry_sizes(big_period) if s.unit_id == big_unit.pk
    )
    locked = (
        ReportingPeriod.objects.filter(agency=demo, status=PeriodStatus.LOCKED)
        .order_by("-year", "-quarter")
        .first()
    )
    assert locked is not None, "the demo has locked quarters"
    indicator = Indicator.objects.filter(objective__goal__renstra__agency=demo).order_by("pk")[0]
    # A unit head of the demo agency with the most open tasks: the inbox that has the most in it.
    busiest = Task.objects.filter(
        status=TaskStatus.OPEN, assignee__isnull=False, run__agency=demo
    ).values_list("assignee__username", flat=True)
    counts: dict[str, int] = {}
    for username in busiest:
        counts[username] = counts.get(username, 0) + 1
    heads = {head_of(s) for _n, s in entry_sizes(demo_period)}
    inbox_user = max(
        (u for u in counts if u in heads), key=lambda u: (counts[u], u), default=head_of(small)
    )
    last_year = timezone.localdate().year - 1
    css = sorted((Path(os.environ["ESAKIP_VAR_DIR"]) / "static" / "sakip").glob("sakip.*.css"))
    static_url = f"/static/sakip/{css[0].name}" if css else "/static/sakip/sakip.css"
    copy_planner = username_for(PLANNER, index)
    pages = [
        page("static", "static CSS (whitenoise)", None, static_url),
        page("login", "login page", None, reverse("accounts:login")),
        page("dashboard", "dashboard", "kadis", reverse("dashboard:home")),
        page(
            "indicator",
            "indicator page",
            "kadis",
            reverse("planning:indicator_detail", args=[indicator.pk]),
        ),
        page(
            "entry_large",
            f"quarterly entry, {large.unit.name} ({big_agency.code}, all its indicators)",
            head_of(large),
            entry_url(large),
            large_size,
        ),
        page(
            "entry_mid",
            f"quarterly entry, {mid.unit.name} ({copy.code})",
            head_of(mid),
            entry_url(mid),
            mid_size,
        ),
        page(
            "entry_small",
            f"quarterly entry, {small.unit.name} (demo)",
            head_of(small),
            entry_url(small),
            small_size,
        ),
        page(
            "recap_large",
            f"quarter recap ({copy.code})",
            copy_planner,
            reverse("monitoring:period_detail", args=[copy_period.pk]),
            Indicator.objects.filter(objective__goal__renstra__agency=copy).count(),
        ),
        page(
            "recap_small",
            "quarter recap (demo)",
            PLANNER,
            reverse("monitoring:period_detail", args=[demo_period.pk]),
            Indicator.objects.filter(objective__goal__renstra__agency=demo).count(),
        ),
        page(
            "quarterly_report",
            f"quarterly report TW {locked.quarter} {locked.year}",
            PLANNER,
            reverse("reports:quarterly_report", args=[locked.pk]),
        ),
        page(
            "lkjip",
            f"LKjIP {last_year}",
            PLANNER,
            reverse("reports:annual_report", args=[last_year]),
        ),
        page("regency", "regency view", "bagor", reverse("regency:overview")),
        page("compliance", "SOP compliance", PLANNER, reverse("procedures:compliance")),
        page("portal", "public portal, agency", None, reverse("portal:agency", args=[demo.pk])),
        page("inbox", "inbox", inbox_user, reverse("procedures:inbox")),
    ]
    return {
        "agencies": agencies,
        "indicators": summary.indicators,
        "realisasi": summary.realisasi,
        "tasks": summary.tasks,
        "seconds": round(time.monotonic() - started, 1),
        "pages": pages,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--agencies", type=int, default=40)
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    result = build(args.agencies)
    args.out.write_text(json.dumps(result, indent=2))
    print(
        f"data: demo + {result['agencies']} agencies, {result['indicators']} indicators, "
        f"{result['realisasi']} realisasi, {result['tasks']} tasks, in {result['seconds']} s"
    )


if __name__ == "__main__":
    main()
