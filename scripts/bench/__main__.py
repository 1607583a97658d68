"""`make bench`: build the bench database, serve it with gunicorn, drive the key pages as their
people, print the results and write them under var/bench/ (docs/performance.md, "make bench").

Usage: python -m scripts.bench [--quick] [--reuse-db] [--only KEY,KEY] [--agencies 40]
"""

from __future__ import annotations

import argparse
import secrets
import signal
import sys
import time
from typing import Any, NoReturn

from . import database, load, report, sessions
from .environment import run_environment
from .server import HOST, WORKERS, serve
from .stats import number, summarize

CLIENTS = 16
CPU_SHARES: list[float] = []  # the load generator's share of a core in each 16-client phase


def _on_sigterm(_signum: int, _frame: Any) -> NoReturn:
    sys.exit(143)  # unwinds through `serve`, which stops gunicorn


def _options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m scripts.bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a smoke run of about two minutes")
    parser.add_argument("--reuse-db", action="store_true", help="keep the database of the last run")
    parser.add_argument("--agencies", type=int, default=40)
    parser.add_argument("--only", default="", help="page keys, comma-separated")
    options = parser.parse_args()
    # Per page: warm-up and runs of the single client, seconds of each 16-client phase.
    options.warmup, options.runs, options.seconds = (1, 6, 1.5) if options.quick else (3, 30, 10.0)
    return options


def _page(port: int, page: dict[str, Any], cookie: str | None, options: Any) -> report.PageResult:
    path = page["url"]
    single = load.sequential(
        load.Client(HOST, port, cookie),
        path,
        warmup=options.warmup,
        runs=options.runs,
        budget=options.seconds * 3,
    )
    clients = [load.Client(HOST, port, cookie) for _ in range(CLIENTS)]
    closed = load.closed_loop(clients, path, seconds=options.seconds)
    opened = load.open_loop(clients, path, seconds=options.seconds)
    for client in clients:
        client.close()
    for name, phase in (("single", single), ("16 clients", closed), ("16 × 1/s", opened)):
        if phase.errors:
            print(f"  ! {page['key']} {name}: {phase.errors} errors, statuses {phase.statuses}")
    result = report.PageResult(
        key=page["key"],
        label=page["label"],
        user=page["user"],
        size=page["size"],
        single=summarize(single.latencies, single.errors, single.seconds),
        closed=summarize(closed.latencies, closed.errors, closed.seconds),
        open=summarize(opened.latencies, opened.errors, opened.seconds, opened.unsent),
    )
    print(
        f"  {page['key']:17} 1 client p50 {number(result.single.p50):>8} ms | 16 clients "
        f"{number(result.closed.per_second):>6} req/s p95 {number(result.closed.p95):>8} ms | "
        f"16 × 1/s p95 {number(result.open.p95):>8} ms ({opened.unsent} not sent) | load generator "
        f"{closed.cpu_share:.0%} of a core",
        flush=True,
    )
    CPU_SHARES.append(closed.cpu_share)
    return result


def _sizes(
    port: int, pages: list[dict[str, Any]], cookies: dict[str, str], options: Any
) -> list[report.SizeCost]:
    """The pages measured at two sizes, asked in turn (`load.alternating`)."""
    by_key = {p["key"]: p for p in pages}
    costs = []
    for name, small_key, large_key in report.SIZE_PAIRS:
        small, large = by_key.get(small_key), by_key.get(large_key)
        if small is None or large is None:
            continue
        first, second = load.alternating(
            (load.Client(HOST, port, cookies.get(small["user"])), small["url"]),
            (load.Client(HOST, port, cookies.get(large["user"])), large["url"]),
            runs=options.runs,
            budget=options.seconds * 3,
        )
        costs.append(
            report.SizeCost(
                name,
                small["size"],
                summarize(first.latencies, first.errors, first.seconds).p50,
                large["size"],
                summarize(second.latencies, second.errors, second.seconds).p50,
            )
        )
        print(f"  {name}: {costs[-1].small_ms:.1f} ms / {costs[-1].large_ms:.1f} ms", flush=True)
    return costs


def main() -> None:
    signal.signal(signal.SIGTERM, _on_sigterm)
    options = _options()
    started = time.monotonic()
    load_before = report.load_average()
    print(f"bench: load average before the run {load_before}", flush=True)
    secret_key = secrets.token_urlsafe(50)
    if options.reuse_db:
        targets = database.load_targets()
    else:
        database.recreate()
        targets = database.prepare(agencies=options.agencies, secret_key=secret_key)
    database.analyze()  # a reused database may have been filled before statistics were kept
    pages = targets["pages"]
    if options.only:
        wanted = set(options.only.split(","))
        pages = [p for p in pages if p["key"] in wanted]
    password = "demo12345"  # settings.DEMO_PASSWORD, the demo's password
    results = []
    with serve(run_environment(secret_key=secret_key)) as port:
        print(f"bench: gunicorn on {HOST}:{port}, {WORKERS} workers", flush=True)
        cookies: dict[str, str] = {}
        for user in sorted({p["user"] for p in pages if p["user"]}):
            cookies[user] = sessions.login(HOST, port, user, password)
        for page in pages:
            results.append(_page(port, page, cookies.get(page["user"]), options))
        costs = _sizes(port, pages, cookies, options)
    load_after = report.load_average()
    text = _document(targets, results, costs, options, load_before, load_after, started)
    path = report.write(text, quick=options.quick)
    print()
    print(text)
    print(f"written to {path}")


def _document(
    targets: dict[str, Any],
    results: list[report.PageResult],
    costs: list[report.SizeCost],
    options: Any,
    load_before: str,
    load_after: str,
    started: float,
) -> str:
    shares = CPU_SHARES
    lines = [
        f"# make bench{' --quick' if options.quick else ''}",
        "",
        f"Machine: {report.machine()}.",
        f"Load average (1, 5, 15 min) before the run: {load_before}; after: {load_after}.",
        "",
        f"Data: PostgreSQL, the demo and {targets['agencies']} generated agencies "
        f"({targets['indicators']:,} indicators, {targets['realisasi']:,} realisasi, "
        f"{targets['tasks']:,} tasks). Server: gunicorn, {WORKERS} sync workers, DEBUG off, "
        "DB_CONN_MAX_AGE=60, whitenoise.",
        "",
        f"Phases per page: one client, {options.runs} requests after {options.warmup} warm-up "
        f"ones; {CLIENTS} clients without pause for {options.seconds:g} s; {CLIENTS} users "
        f"clicking once per second for {options.seconds:g} s (latency from the click; "
        "*not sent*: clicks still waiting for an earlier answer when the time was up). Times "
        "in ms; errors are answers other than 200 and failed requests. Each persona has one "
        "session (logged in through the form), shared by its 16 clients.",
        "",
        "The load generator (Python threads, http.client) runs on the same cores: it used "
        f"{max(shares, default=0):.0%} of one core at most during the 16-client phases "
        f"(mean {sum(shares) / len(shares) if shares else 0:.0%}).",
        "",
        report.results_table(results),
        "",
        "Cost of one more indicator (one client asking the two sizes in turn, "
        f"{options.runs} times each; p50):",
        "",
        *report.indicator_costs(costs),
        "",
        f"Whole run: {time.monotonic() - started:.0f} s.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        print("bench: interrupted (gunicorn stopped)", file=sys.stderr)
        sys.exit(130)
