"""Time the pages of issue 11 for one client in a generated regency; results go to
docs/performance.md by hand.

Usage: .venv/bin/python scripts/benchmark_regency.py [--agencies 40] [--runs 20]
Builds a fresh database (SQLite in a temporary folder, or DATABASE_URL if set) with the demo (its
documents published) and `generate_regency`, then asks each page as the person who reads it
through Django's test client with production settings (DEBUG off): median and 95th percentile of
the runs after one warm-up request, the number of SQL queries and the page size. Never part of the
test suite: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import io
import statistics
import time

# Sets the production-like environment and Django up (scripts/ is on the path when run).
from benchmark import connection, measure  # noqa: F401  (connection: the vendor printed)
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sakip.accounts.models import User
from sakip.core.years import SESSION_KEY
from sakip.demo.regency import generate_regency
from sakip.organization.models import Unit
from sakip.planning.models import Indicator


def _client(username: str | None, year: int) -> Client:
    client = Client()
    if username is not None:
        client.force_login(User.objects.get(username=username))
        session = client.session
        session[SESSION_KEY] = year
        session.save()
    return client


def _percentile_95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def time_page(client: Client, url: str, runs: int) -> tuple[float, float, int, int, float]:
    """Median and p95 (ms) over `runs` after a warm-up, queries and size of the last answer, and
    the median of a few cold requests (the cache emptied before each: the first view after the
    data changed, or after a restart)."""
    measure(client, url, 1)  # warm-up: templates, session, cached figures and chart images
    timings = []
    queries = size = 0
    for _ in range(runs):
        median, _worst, queries, size = measure(client, url, 1)
        timings.append(median)
    cold = []
    for _ in range(max(3, runs // 4)):
        cache.clear()
        cold.append(measure(client, url, 1)[0])
    measure(client, url, 1)
    return (
        statistics.median(timings),
        _percentile_95(timings),
        queries,
        size,
        statistics.median(cold),
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--agencies", type=int, default=40)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    start = time.perf_counter()
    call_command("load_demo", stdout=io.StringIO())
    summary = generate_regency(agencies=args.agencies, with_current_year=True)
    print(
        f"demo + {args.agencies} agencies ({summary.indicators} indicators, "
        f"{summary.realisasi} realisasi, {summary.tasks} tasks) in "
        f"{time.perf_counter() - start:.1f} s ({connection.vendor})"
    )
    year = timezone.localdate().year - 1
    demo = Unit.objects.get(code="diskominfo")
    copy = Unit.objects.get(code="dinas20")
    indicator = Indicator.objects.filter(objective__goal__renstra__agency=demo).order_by("pk")[0]
    dashboard = reverse("dashboard:home")
    pages = [
        ("kadis", "dashboard, latest quarter", f"{dashboard}?year={year}"),
        ("kadis", "dashboard, year", f"{dashboard}?year={year}&periode=tahun"),
        ("kadis.dinas20", "dashboard of a copy, year", f"{dashboard}?year={year}&periode=tahun"),
        ("kabid.ikp", "dashboard of a unit", f"{dashboard}?year={year}"),
        ("kadis", "indicator page", reverse("planning:indicator_detail", args=[indicator.pk])),
        ("bagor", "regency overview (page 1 of 3)", reverse("regency:overview")),
        ("bagor", "regency overview, search", f"{reverse('regency:overview')}?q=Uji+2"),
        ("bagor", "regency: one agency", reverse("regency:agency", args=[copy.pk])),
        (None, "portal index", reverse("portal:index")),
        (None, "portal agency", reverse("portal:agency", args=[demo.pk])),
        (None, "portal Renstra", reverse("portal:renstra", args=[demo.pk])),
        (None, "portal Rencana Aksi", reverse("portal:action_plans", args=[demo.pk, year])),
    ]
    print(
        f"{'who':15} {'page':32} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'KB':>6}"
        f" {'cold ms':>8}"
    )
    for username, name, url in pages:
        median, p95, queries, size, cold = time_page(_client(username, year), url, args.runs)
        print(
            f"{username or 'anonymous':15} {name:32} {median:10.1f} {p95:8.1f} "
            f"{queries:8d} {size / 1024:6.0f} {cold:8.1f}"
        )


if __name__ == "__main__":
    main()
