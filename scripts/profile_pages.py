"""Where the time of a page goes (issue 12): per page, median ms, SQL queries and the number of
model instances built, at two plan sizes; results go to docs/performance.md by hand.

Usage: .venv/bin/python scripts/profile_pages.py [--agencies 3] [--runs 15] [--profile PAGE]
        [--dump DIR] [--only PAGE]
Builds a fresh database (SQLite in a temporary folder, or DATABASE_URL if set) with the demo and
`generate_regency(agencies=N)` (each copy repeats the plan's objectives to ~50 indicators), then
asks each page through Django's test client with production settings (DEBUG off): the demo agency
(~8 indicators on a Bidang's entry page) and the first copy (the same unit with its indicators
repeated). "instances" counts `post_init` signals during one request: the model rows Django
built. `--profile NAME` prints a cProfile top 20 of the pages whose name contains NAME; `--dump`
writes each page's HTML (CSRF tokens removed) to DIR, to compare before and after a change.
Never part of the test suite: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import logging
import pstats
import re
import statistics
import time
from pathlib import Path

# Sets the production-like environment and Django up (scripts/ is on the path when run).
from benchmark import connection  # noqa: F401  (the vendor printed)
from django.core.management import call_command
from django.db import reset_queries
from django.db.models.signals import post_init
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sakip.accounts.models import User
from sakip.core.years import SESSION_KEY
from sakip.demo.regency import generate_regency
from sakip.monitoring import selectors as monitoring_selectors
from sakip.monitoring.models import PeriodStatus, ReportingPeriod, UnitSubmission
from sakip.organization.models import Unit

CSRF = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]+(")|("X-CSRFToken": ")[^"]+(")')


class InstanceCounter:
    """Counts the model instances Django builds (post_init) while connected: only during the
    counted request, so that the timed ones pay nothing for it."""

    def __init__(self) -> None:
        self.count = 0

    def _seen(self, sender: object, **kwargs: object) -> None:
        self.count += 1

    def __enter__(self) -> InstanceCounter:
        self.count = 0
        post_init.connect(self._seen, weak=False)
        return self

    def __exit__(self, *exc: object) -> None:
        post_init.disconnect(self._seen)


def _client(username: str, year: int) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    session = client.session
    session[SESSION_KEY] = year
    session.save()
    return client


def time_page(
    client: Client, url: str, runs: int, counter: InstanceCounter
) -> tuple[float, float, int, int, bytes]:
    """Median ms over `runs` after one warm-up (wall clock, and the process's CPU time: steadier
    on a busy machine), queries and instances of one request, its HTML."""
    client.get(url)  # warm-up: templates, session, cached chart images
    reset_queries()  # request_started empties the log: start from an empty one
    with counter, CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    queries = len(captured.captured_queries)  # read now: the runs below empty the log
    assert response.status_code == 200, (url, response.status_code)
    timings = []
    cpu = []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return (
        statistics.median(timings),
        statistics.median(cpu),
        queries,
        counter.count,
        response.content,
    )


def profile_page(client: Client, url: str) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(10):
        client.get(url)
    profiler.disable()
    stats = pstats.Stats(profiler, stream=io.StringIO())
    stats.sort_stats("cumulative").print_stats(25)
    stats.sort_stats("tottime").print_stats(20)
    print(stats.stream.getvalue())  # type: ignore[attr-defined]


def _entry(agency: Unit, unit_code_suffix: str) -> tuple[str, int]:
    """The entry page of the agency's Bidang (IKP) in its last locked quarter, with its number
    of indicators."""
    period = (
        ReportingPeriod.objects.filter(agency=agency, status=PeriodStatus.LOCKED)
        .order_by("-year", "-quarter")
        .first()
    )
    assert period is not None
    submissions = list(
        UnitSubmission.objects.filter(period=period).select_related("unit", "period__agency")
    )
    best = max(submissions, key=lambda s: monitoring_selectors.unit_indicators(s).count())
    count = monitoring_selectors.unit_indicators(best).count()
    url = reverse("monitoring:submission_detail", args=[period.pk, best.unit_id])
    return url, count


def pages(agency: Unit, suffix: str) -> list[tuple[str, str, str, int]]:
    """(name, who, url, year) of the pages of issue 12 for one agency."""
    period = (
        ReportingPeriod.objects.filter(agency=agency, status=PeriodStatus.LOCKED)
        .order_by("-year", "-quarter")
        .first()
    )
    assert period is not None
    year = period.year
    entry_url, count = _entry(agency, suffix)
    planner = "staf.evaluasi" + suffix
    return [
        (f"entry ({count} ind.)", planner, entry_url, year),
        ("recap", planner, reverse("monitoring:period_detail", args=[period.pk]), year),
        (
            "quarterly report",
            "kadis" + suffix,
            reverse("reports:quarterly_report", args=[period.pk]),
            year,
        ),
        ("LKjIP", "kadis" + suffix, reverse("reports:annual_report", args=[year]), year),
        ("plan tree", planner, reverse("planning:tree"), year),
        ("inbox", planner, reverse("procedures:inbox"), year),
        ("inbox (unit head)", "kabid.ikp" + suffix, reverse("procedures:inbox"), year),
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--agencies", type=int, default=3)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--per-agency", type=int, default=150, help="indicators per copy")
    parser.add_argument("--profile", default="")
    parser.add_argument("--dump", default="")
    parser.add_argument("--only", default="", help="the pages whose name contains this")
    args = parser.parse_args()
    logging.getLogger("axes").setLevel(logging.WARNING)  # one line per login otherwise

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    start = time.perf_counter()
    call_command("load_demo", stdout=io.StringIO())
    summary = generate_regency(agencies=args.agencies, indicators_per_agency=args.per_agency)
    print(
        f"demo + {args.agencies} agencies ({summary.indicators} indicators) in "
        f"{time.perf_counter() - start:.1f} s ({connection.vendor})"
    )
    counter = InstanceCounter()
    dump = Path(args.dump) if args.dump else None
    if dump:
        dump.mkdir(parents=True, exist_ok=True)
    print(
        f"{'agency':9} {'page':24} {'median ms':>10} {'cpu ms':>7} {'queries':>8} {'instances':>10} {'KB':>6}"
    )
    for label, code, suffix in [("demo", "diskominfo", ""), ("dinas01", "dinas01", ".dinas01")]:
        agency = Unit.objects.get(code=code)
        for name, who, url, year in pages(agency, suffix):
            if args.only not in name:
                continue
            client = _client(who, year)
            median, cpu, queries, instances, html = time_page(client, url, args.runs, counter)
            print(
                f"{label:9} {name:24} {median:10.1f} {cpu:7.1f} {queries:8d} {instances:10d}"
                f" {len(html) / 1024:6.0f}"
            )
            if dump:
                slug = re.sub(r"[^a-z0-9]+", "-", f"{label} {name}".lower()).strip("-")
                (dump / f"{slug}.html").write_bytes(CSRF.sub(rb"\1\2\3\4", html))
            if args.profile and args.profile in name:
                profile_page(client, url)


if __name__ == "__main__":
    main()
