"""gunicorn serving the app as docs/operations.md describes: 127.0.0.1 only, a free port,
3 workers, whitenoise for the static files. Always stopped when the `serve` block ends."""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator

from .environment import OUT_DIR, ROOT, python

HOST = "127.0.0.1"
WORKERS = 3


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _answers(port: int, path: str) -> bool:
    conn = http.client.HTTPConnection(HOST, port, timeout=5)
    try:
        conn.request("GET", path)
        return conn.getresponse().status == 200
    except OSError:
        return False
    finally:
        conn.close()


def _stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM to gunicorn's master (it stops its workers), SIGKILL to its whole process group
    (the master and its workers, nothing else) if it lingers."""
    if process.poll() is None:
        process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=15)
    # Whatever is left of the group (a worker that outlived its master): killed.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=5)


@contextlib.contextmanager
def serve(env: dict[str, str], *, ready_path: str = "/akun/masuk/") -> Iterator[int]:
    """Start gunicorn on a free port of 127.0.0.1, wait until it answers, yield the port."""
    port = free_port()
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    log = (OUT_DIR / "gunicorn.log").open("wb")
    process = subprocess.Popen(  # noqa: S603  (our own Python and gunicorn)
        [
            python(),
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            str(WORKERS),
            "--timeout",
            "120",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: stopped as one, nothing else
    )
    try:
        deadline = time.monotonic() + 60
        while not _answers(port, ready_path):
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({process.returncode}): see {log.name}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not answer within 60 s: see {log.name}")
            time.sleep(0.3)
        yield port
    finally:
        _stop(process)
        log.close()
