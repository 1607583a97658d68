"""Measure the report pages and the generation of the long documents on the demo's completed year;
results go to docs/performance.md by hand.

Usage: .venv/bin/python scripts/benchmark_reports.py [--runs N]
Runs against a fresh SQLite database in a temporary folder (or DATABASE_URL if set) with the demo
data, then times the LKjIP and semester pages (as the planner sees them) and the generation of the
quarterly, semester and annual documents (DOCX + PDF + XLSX), which the background worker does.
Never part of the test suite: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("ESAKIP_VAR_DIR", tempfile.mkdtemp(prefix="esakip-bench-"))
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-not-for-production-0123456789")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SECURE_COOKIES", "false")
os.environ.setdefault("DEMO_MODE", "true")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from sakip.accounts.models import User  # noqa: E402
from sakip.monitoring.models import ReportingPeriod  # noqa: E402
from sakip.organization.models import Unit  # noqa: E402
from sakip.reports.annual.services import annual_report_generate  # noqa: E402
from sakip.reports.quarterly.semester import semester_report_generate  # noqa: E402
from sakip.reports.quarterly.services import quarterly_report_generate  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchmark import measure  # noqa: E402


def timed(work: Callable[[], object], runs: int) -> tuple[float, float]:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings), max(timings)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("load_demo", stdout=io.StringIO())
    agency = Unit.objects.get(code="diskominfo")
    year = timezone.localdate().year - 1  # the demo's completed year
    planner = User.objects.get(username="staf.evaluasi")
    closing = ReportingPeriod.objects.get(agency=agency, year=year, quarter=4)

    client = Client()
    client.force_login(planner)
    print(f"{'page':45} {'median ms':>10} {'max ms':>8} {'queries':>8} {'KB':>6}")
    for url in (
        f"/pengumpulan-data/lkjip/{year}/",
        f"/pengumpulan-data/laporan/{closing.pk}/semester/",
        f"/pengumpulan-data/laporan/{closing.pk}/",
    ):
        median, worst, queries, size = measure(client, url, args.runs)
        print(f"{url:45} {median:10.1f} {worst:8.1f} {queries:8d} {size / 1024:6.0f}")

    print(f"{'document (DOCX + PDF + XLSX)':45} {'median ms':>10} {'max ms':>8}")
    for label, work in (
        (
            "quarterly report TW IV",
            lambda: quarterly_report_generate(actor=planner, period=closing),
        ),
        ("semester report II", lambda: semester_report_generate(actor=planner, period=closing)),
        ("LKjIP", lambda: annual_report_generate(actor=planner, agency=agency, year=year)),
    ):
        median, worst = timed(work, args.runs)
        print(f"{label:45} {median:10.1f} {worst:8.1f}")


if __name__ == "__main__":
    main()
