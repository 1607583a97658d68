"""The load generator: standard library only (threads, http.client), so nothing is installed.

It runs on the same cores as the server and takes CPU from it: kept lean (one thread per client,
the answer read and dropped) and its own CPU use is measured (`cpu_share`) and printed.
gunicorn's sync workers close the connection after each answer, so a client opens a new TCP
connection per request (as nginx in front of them would); http.client reconnects by itself.
"""

from __future__ import annotations

import http.client
import resource
import threading
import time
from dataclasses import dataclass, field

TIMEOUT = 60


@dataclass
class Client:
    """One browser: its own connection and the persona's session cookie (None: anonymous)."""

    host: str
    port: int
    cookie: str | None = None
    conn: http.client.HTTPConnection | None = None

    def get(self, path: str) -> int:
        """GET `path`, read the whole answer; the status, or 0 when the request failed."""
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT)
        headers = {"Cookie": self.cookie} if self.cookie else {}
        try:
            self.conn.request("GET", path, headers=headers)
            response = self.conn.getresponse()
            response.read()
            return response.status
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = None
            return 0

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()


@dataclass
class Result:
    """Latencies (ms) of the answered requests, errors (not 200, or failed) and the wall time."""

    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    unsent: int = 0  # open loop: clicks not sent because the phase ended while waiting

    def add(self, status: int, ms: float) -> None:
        self.latencies.append(ms)
        self.statuses[status] = self.statuses.get(status, 0) + 1
        if status != 200:
            self.errors += 1

    @property
    def cpu_share(self) -> float:
        """The load generator's CPU time over the wall time (1.0: one core busy)."""
        return self.cpu_seconds / self.seconds if self.seconds else 0.0


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _timed(client: Client, path: str) -> tuple[int, float]:
    start = time.perf_counter()
    status = client.get(path)
    return status, (time.perf_counter() - start) * 1000


def sequential(client: Client, path: str, *, warmup: int, runs: int, budget: float) -> Result:
    """One client, one request after the other: `warmup` requests not counted, then `runs` (or
    fewer if `budget` seconds run out)."""
    for _ in range(warmup):
        client.get(path)
    result = Result()
    cpu, start = _cpu(), time.perf_counter()
    deadline = time.monotonic() + budget
    for _ in range(runs):
        result.add(*_timed(client, path))
        if time.monotonic() > deadline:
            break
    result.seconds = time.perf_counter() - start
    result.cpu_seconds = _cpu() - cpu
    return result


def alternating(
    first: tuple[Client, str], second: tuple[Client, str], *, runs: int, budget: float
) -> tuple[Result, Result]:
    """Two pages asked in turn by one client each, `runs` times each after one warm-up (or fewer
    if `budget` seconds run out): a change in the machine's other load hits both alike, which
    matters when their difference is what is measured."""
    results = (Result(), Result())
    pair = (first, second)
    for client, path in pair:
        client.get(path)
    start = time.perf_counter()
    deadline = time.monotonic() + budget
    for _ in range(runs):
        for (client, path), result in zip(pair, results, strict=True):
            result.add(*_timed(client, path))
        if time.monotonic() > deadline:
            break
    for result in results:
        result.seconds = time.perf_counter() - start
    return results


def _run_threads(targets: list[threading.Thread]) -> None:
    for thread in targets:
        thread.start()
    for thread in targets:
        thread.join()


def closed_loop(clients: list[Client], path: str, *, seconds: float) -> Result:
    """Every client asks again as soon as its answer is in, for `seconds`: the throughput."""
    result = Result()
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def work(client: Client) -> None:
        mine: list[tuple[int, float]] = []
        while time.monotonic() < deadline:
            mine.append(_timed(client, path))
        with lock:
            for status, ms in mine:
                result.add(status, ms)

    cpu, start = _cpu(), time.perf_counter()
    _run_threads([threading.Thread(target=work, args=(c,), daemon=True) for c in clients])
    result.seconds = time.perf_counter() - start
    result.cpu_seconds = _cpu() - cpu
    return result


def open_loop(clients: list[Client], path: str, *, seconds: float, interval: float = 1.0) -> Result:
    """Each client clicks every `interval` seconds (the clients' clicks spread over the interval)
    for `seconds`, whatever the server's speed. The latency counts from the moment of the click:
    when an answer takes longer than the interval, the next click waits for it and that wait is
    counted too (no coordinated omission). The phase is bounded: once its time is over no click
    is sent any more; the clicks still waiting are counted as `unsent` (a server that is behind).
    """
    result = Result()
    lock = threading.Lock()
    start_at = time.perf_counter() + 0.05
    end_at = start_at + seconds

    def work(index: int, client: Client) -> None:
        mine: list[tuple[int, float]] = []
        click = start_at + index * interval / len(clients)
        unsent = 0
        while click < end_at:
            pause = click - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
            if time.perf_counter() >= end_at:
                unsent += 1
            else:
                status = client.get(path)
                mine.append((status, (time.perf_counter() - click) * 1000))
            click += interval
        with lock:
            result.unsent += unsent
            for status, ms in mine:
                result.add(status, ms)

    cpu, start = _cpu(), time.perf_counter()
    _run_threads(
        [threading.Thread(target=work, args=(i, c), daemon=True) for i, c in enumerate(clients)]
    )
    result.seconds = time.perf_counter() - start
    result.cpu_seconds = _cpu() - cpu
    return result
