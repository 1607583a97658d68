"""Measure the plan pages at realistic and large sizes; results go to docs/performance.md by hand.

Usage: .venv/bin/python scripts/benchmark.py [--indicators N] [--sub-activities N] [--runs N]
Runs against a fresh SQLite database in a temporary folder (or DATABASE_URL if set), with the demo
data plus generated indicators and sub-activities, and prints median/max time and query counts.
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
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("ESAKIP_VAR_DIR", tempfile.mkdtemp(prefix="esakip-bench-"))
# Production-like: DEBUG off (template caching, hashed static files), plain HTTP to the test client.
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
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from sakip.accounts.models import User  # noqa: E402
from sakip.organization.models import Unit  # noqa: E402
from sakip.planning import services  # noqa: E402
from sakip.planning.models import Activity, Objective  # noqa: E402


def grow_plan(indicators: int, sub_activities: int) -> None:
    """Add generated indicators and sub-activities to the demo Renstra, through the services."""
    admin = User.objects.get(username="admin")
    objectives = list(Objective.objects.all())
    units = list(Unit.objects.filter(kind__in=["division", "section"]))
    activities = list(Activity.objects.all())
    for i in range(indicators):
        services.indicator_create(
            actor=admin,
            objective=objectives[i % len(objectives)],
            code=f"GEN.{i}",
            name=f"Indikator uji beban {i}",
            unit_of_measure="%",
            responsible_unit=units[i % len(units)],
            targets={y: services.TargetValue(Decimal(50 + i % 40)) for y in range(2025, 2030)},
        )
    for i in range(sub_activities):
        activity = activities[i % len(activities)]
        services.sub_activity_create(
            actor=admin,
            activity=activity,
            code=f"{activity.code}.G{i:04d}",
            name=f"Sub kegiatan uji beban {i}",
            responsible_unit=units[i % len(units)],
            budgets={y: Decimal(100_000_000 + i * 1000) for y in range(2025, 2030)},
        )


def measure(client: Client, url: str, runs: int) -> tuple[float, float, int, int]:
    timings = []
    queries = 0
    size = 0
    for _ in range(runs):
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured.captured_queries)
        size = len(response.content)
    return statistics.median(timings), max(timings), queries, size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--indicators", type=int, default=200)
    parser.add_argument("--sub-activities", type=int, default=300)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("load_demo", stdout=io.StringIO())
    start = time.perf_counter()
    grow_plan(args.indicators, args.sub_activities)
    print(
        f"generated {args.indicators} indicators, {args.sub_activities} sub-activities "
        f"in {time.perf_counter() - start:.1f} s ({connection.vendor})"
    )
    print(f"{'page':45} {'median ms':>10} {'max ms':>8} {'queries':>8} {'KB':>6}")
    for username, url in [
        ("staf.evaluasi", "/rencana/"),
        ("kabid.aptika", "/rencana/"),
        ("staf.evaluasi", "/rencana/excel/ekspor/"),
        ("kadis", "/organisasi/"),
    ]:
        client = Client()
        client.force_login(User.objects.get(username=username))
        median, worst, queries, size = measure(client, url, args.runs)
        print(
            f"{username + ' ' + url:45} {median:10.1f} {worst:8.1f} {queries:8d} {size / 1024:6.0f}"
        )


if __name__ == "__main__":
    main()
