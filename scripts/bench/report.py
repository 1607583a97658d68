"""The machine, the commit and the results as markdown: printed and written under var/bench/."""

from __future__ import annotations

import datetime as dt
import os
import platform
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .environment import OUT_DIR, ROOT
from .stats import Summary, markdown_table, number, per_item_ms


def _proc(path: str, key: str) -> str:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(key):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "?"


def _git(*args: str) -> str:
    try:
        # git from the PATH with our own arguments
        command = ["git", *args]
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)  # noqa: S603
        return done.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"


def load_average() -> str:
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


def machine() -> str:
    """Cores, CPU, RAM (from /proc), Python, the date and the commit."""
    kib = _proc("/proc/meminfo", "MemTotal").split()[0]
    ram = f"{int(kib) / 1024 / 1024:.1f} GiB" if kib.isdigit() else "?"
    commit = _git("rev-parse", "--short", "HEAD")
    if _git("status", "--porcelain", "--untracked-files=no"):
        commit += " (with uncommitted changes)"
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"{now}, commit {commit}; {os.cpu_count()} cores ({_proc('/proc/cpuinfo', 'model name')}), "
        f"{ram} RAM, Python {platform.python_version()}"
    )


@dataclass(frozen=True)
class PageResult:
    """One page's three phases."""

    key: str
    label: str
    user: str | None
    size: int | None
    single: Summary
    closed: Summary
    open: Summary


HEADERS = [
    "page",
    "who",
    "1 client p50",
    "p95",
    "16 clients req/s",
    "p50",
    "p95",
    "p99",
    "errors",
    "16 × 1/s p95",
    "errors",
    "not sent",
]


def results_table(results: list[PageResult]) -> str:
    rows = [
        [
            r.label + (f" ({r.size} ind.)" if r.size else ""),
            r.user or "anonymous",
            number(r.single.p50),
            number(r.single.p95),
            number(r.closed.per_second),
            number(r.closed.p50),
            number(r.closed.p95),
            number(r.closed.p99),
            f"{r.closed.errors}/{r.closed.requests}",
            number(r.open.p95),
            f"{r.open.errors}/{r.open.requests}",
            str(r.open.unsent),
        ]
        for r in results
    ]
    return markdown_table(HEADERS, rows)


def indicator_costs(results: list[PageResult]) -> list[str]:
    """The cost of one more indicator on the entry page and the recap, from the one-client
    medians at two sizes of the same page."""
    by_key = {r.key: r for r in results}
    lines = []
    for name, small_key, large_key in (
        ("quarterly entry", "entry_small", "entry_large"),
        ("quarterly entry (generated sizes)", "entry_small", "entry_mid"),
        ("quarter recap", "recap_small", "recap_large"),
    ):
        small, large = by_key.get(small_key), by_key.get(large_key)
        if small is None or large is None or not small.size or not large.size:
            continue
        if small.size == large.size:
            continue
        cost = per_item_ms(small.single.p50, small.size, large.single.p50, large.size)
        lines.append(
            f"- {name}: {number(small.single.p50)} ms at {small.size} indicators, "
            f"{number(large.single.p50)} ms at {large.size}: "
            f"{number(cost, 2)} ms per indicator"
        )
    return lines


def write(text: str, *, quick: bool) -> Path:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    path = OUT_DIR / f"bench-{stamp}{'-quick' if quick else ''}.md"
    path.write_text(text)
    return path
