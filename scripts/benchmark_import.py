"""Measure the plan's Excel import at 5,000 rows; results go to docs/performance.md by hand.

Usage: .venv/bin/python scripts/benchmark_import.py [--rows N] [--runs N]
Runs against a fresh SQLite database in a temporary folder (or DATABASE_URL if set) with the demo
data. It builds the workbook a planner would upload (the Excel export of the demo Renstra with N
new indicator rows added, each with a target for every year of the Renstra, every tenth under the
row before it) and times, through Django's test client as the browser does:

- preview: the upload (the file is checked, stored and parsed; the preview page is rendered);
  with its size (a large file's page lists a sample of the rows, decision 0014);
- apply: the confirmation until its job is done: above settings.IMPORT_BACKGROUND_ROWS the
  confirmation queues a background job (decision 0014) that parses the file again and applies it
  in one transaction. The script runs the tasks with the immediate backend (TASKS_BACKEND), so the
  confirmation request returns once the job has run; the job page is then read to check it is
  done. A real worker adds its polling interval (django-tasks-db: 1 s) before it starts;
- read: openpyxl's reading of the sheet alone (part of each parse), to see what parsing the
  workbook once instead of twice would save;

first for N new indicators, then for the same N indicators with every target changed (updates).
Each run starts from a database without the generated indicators. Never part of the test suite:
timings depend on the machine.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("ESAKIP_VAR_DIR", tempfile.mkdtemp(prefix="esakip-bench-"))
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-not-for-production-0123456789")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SECURE_COOKIES", "false")
os.environ.setdefault("DEMO_MODE", "true")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
# The background job runs inside the confirmation request (after its commit): "apply" is the time
# until the job is done.
os.environ.setdefault("TASKS_BACKEND", "immediate")
# A 5,000-row workbook is about 0.5 MB; the default cap (2 MB) would do, but stay clear of it.
os.environ.setdefault("PLAN_IMPORT_MAX_BYTES", str(16 * 1024 * 1024))

import django  # noqa: E402

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from openpyxl import load_workbook  # noqa: E402

from sakip.accounts.models import User  # noqa: E402
from sakip.core.imports.workbook import open_workbook  # noqa: E402
from sakip.core.xlsx import read_rows  # noqa: E402
from sakip.planning.models import Indicator, Objective  # noqa: E402

PLANNER = "staf.evaluasi"
PREFIX = "GEN"


def exported(client: Client) -> bytes:
    response = client.get(reverse("planning:export"))
    assert response.status_code == 200, response.status_code
    return response.content


def with_new_rows(content: bytes, rows: int, units: list[str], *, bump: int = 0) -> bytes:
    """The export with `rows` generated indicator rows (new ones, or the same ones again with
    every target raised by `bump`)."""
    book = load_workbook(io.BytesIO(content))
    sheet = book["Indikator"]
    headers = [c.value for c in sheet[1]]
    objectives = list(Objective.objects.select_related("goal").order_by("goal__code", "code")[:8])
    years = [
        h for h in headers if isinstance(h, str) and h.startswith("Target 20") and "(" not in h
    ]
    for i in range(rows):
        objective = objectives[i % len(objectives)]
        values = {
            "Kode Tujuan": objective.goal.code,
            "Kode Sasaran": objective.code,
            "Kode Indikator": f"{PREFIX}.{i}",
            "Indikator": f"Indikator uji impor {i}",
            "Satuan": "%",
            "Definisi/Formula": "Jumlah yang selesai dibagi jumlah seluruhnya",
            "Sumber Data": "Laporan bidang",
            "Unit Penanggung Jawab": units[i % len(units)],
            "IKU": "Ya" if i % 7 == 0 else "Tidak",
            "Polaritas": "Lebih tinggi lebih baik",
            "Jenis Target": "Tunggal",
            "Agregasi": "Inkremental",
            # Every tenth row hangs under the row before it (a new indicator of the same file).
            "Indikator Induk": f"{PREFIX}.{i - 1}" if i % 10 == 9 else None,
            "Target Akhir": 90 + bump,
        }
        for offset, header in enumerate(years):
            values[header] = 50 + (i + offset) % 40 + bump
        sheet.append([values.get(h) for h in headers])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def timed(client: Client, url: str, data: dict) -> tuple[float, int, Any]:
    # Counted by a wrapper, not CaptureQueriesContext: its log keeps only the last 9,000 queries.
    count = 0

    def counting(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counting):
        start = time.perf_counter()
        response = client.post(url, data)
        elapsed = time.perf_counter() - start
    return elapsed, count, response


def read_only(content: bytes) -> float:
    """openpyxl's part of a parse: open the workbook and read every row of the sheet."""
    start = time.perf_counter()
    book = open_workbook(io.BytesIO(content))
    sheet = book["Indikator"]
    for _row in read_rows(sheet, max_col=sheet.max_column):
        pass
    book.close()
    return time.perf_counter() - start


Run = tuple[float, int, float, int, int, float]


def import_once(client: Client, content: bytes) -> Run:
    upload = SimpleUploadedFile("rencana.xlsx", content)
    preview_s, preview_q, response = timed(client, reverse("planning:import"), {"file": upload})
    assert response.status_code == 200, response.status_code
    preview_kb = len(response.content) // 1024
    # The token of the pending upload, as the page's confirm form carries it.
    found = re.search(r'name="token" value="([0-9a-f]{32})"', response.content.decode())
    assert found, re.findall(r"<li>([^<]*)</li>", response.content.decode())[:5]
    token = found.group(1)
    start = time.perf_counter()
    apply_s, apply_q, response = timed(client, reverse("planning:import_confirm"), {"token": token})
    assert response.status_code == 302, response.status_code
    if "/proses/" in response["Location"]:  # the background job's page: read until it is done
        page = client.get(response["Location"]).content.decode()
        assert 'id="import-job-done"' in page, re.findall(r"<li>([^<]*)</li>", page)[:5]
        apply_s = time.perf_counter() - start
    return preview_s, preview_q, apply_s, apply_q, preview_kb, read_only(content)


def remove_generated() -> None:
    generated = Indicator.objects.filter(code__startswith=f"{PREFIX}.")
    # Children first: a parent is PROTECTed while it has children.
    generated.exclude(parent=None).delete()
    generated.delete()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("load_demo", stdout=io.StringIO())
    client = Client()
    client.force_login(User.objects.get(username=PLANNER))
    base = exported(client)
    units = ["diskominfo-ikp", "diskominfo-infopublik", "diskominfo-renkeu"]
    # The sheet holds `rows` data rows in all: the demo's indicators and the generated ones.
    generated = args.rows - Indicator.objects.count()
    new_file = with_new_rows(base, generated, units)
    changed_file = with_new_rows(base, generated, units, bump=1)
    print(
        f"{args.rows} rows, file {len(new_file) / 1024:.0f} KB, {connection.vendor}, "
        f"{args.runs} run(s)"
    )
    results: dict[str, list[Run]] = {"new": [], "update": []}
    for _ in range(args.runs):
        remove_generated()
        results["new"].append(import_once(client, new_file))
        assert Indicator.objects.filter(code__startswith=f"{PREFIX}.").count() == generated
        results["update"].append(import_once(client, changed_file))
    print(
        f"{'import':22} {'preview s':>10} {'queries':>8} {'KB':>6} {'apply s':>10} "
        f"{'queries':>8} {'total s':>8} {'read s':>7}"
    )
    for name, runs in results.items():
        preview_s = statistics.median(r[0] for r in runs)
        apply_s = statistics.median(r[2] for r in runs)
        print(
            f"{str(args.rows) + ' ' + name:22} "
            f"{preview_s:10.1f} {runs[-1][1]:8d} {runs[-1][4]:6d} "
            f"{apply_s:10.1f} {runs[-1][3]:8d} "
            f"{statistics.median(r[0] + r[2] for r in runs):8.1f} "
            f"{statistics.median(r[5] for r in runs):7.1f}"
        )
    print(f"load average: {os.getloadavg()}")


if __name__ == "__main__":
    main()
