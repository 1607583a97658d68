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


# The pages measured at two sizes: (what, the small page's key, the large page's key).
SIZE_PAIRS = (
    ("quarterly entry", "entry_small", "entry_large"),
    ("quarterly entry (generated sizes)", "entry_small", "entry_mid"),
    ("quarter recap", "recap_small", "recap_large"),
)


@dataclass(frozen=True)
class SizeCost:
    """One page at two sizes, asked in turn by one client: the p50 at each size."""

    name: str
    small_n: int
    small_ms: float
    large_n: int
    large_ms: float


def indicator_costs(costs: list[SizeCost]) -> list[str]:
    """The cost of one more indicator: (t_large − t_small) / (n_large − n_small)."""
    return [
        f"- {c.name}: {number(c.small_ms)} ms at {c.small_n} indicators, "
        f"{number(c.large_ms)} ms at {c.large_n}: "
        f"{number(per_item_ms(c.small_ms, c.small_n, c.large_ms, c.large_n), 2)} ms per indicator"
        for c in costs
        if c.small_n != c.large_n
    ]


def write(text: str, *, quick: bool) -> Path:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    path = OUT_DIR / f"bench-{stamp}{'-quick' if quick else ''}.md"
    path.write_text(text)
    return path
