"""The bench database: dropped and created again, then filled by `prepare` in a Django process."""

from __future__ import annotations

import json
import subprocess
from typing import Any

from .environment import DB_HOST, DB_NAME, DB_PORT, DB_USER, OUT_DIR, ROOT, python, run_environment


def recreate() -> None:
    """Drop and create `esakip_bench` (PostgreSQL on 127.0.0.1, trust authentication)."""
    import psycopg  # the project's PostgreSQL driver

    with psycopg.connect(
        host=DB_HOST, port=DB_PORT, user=DB_USER, dbname="postgres", autocommit=True
    ) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
            (DB_NAME,),
        )
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}"')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')


def prepare(*, agencies: int, secret_key: str) -> dict[str, Any]:
    """Fill the database (migrate, collectstatic, load_demo, generate_regency, an open quarter)
    and return the pages to ask (`prepare.main` writes them as JSON)."""
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    targets = OUT_DIR / "targets.json"
    env = run_environment(demo_mode=True, secret_key=secret_key)
    subprocess.run(  # noqa: S603  (our own Python and module)
        [python(), "-m", "scripts.bench.prepare", "--agencies", str(agencies), str(targets)],
        cwd=ROOT,
        env=env,
        check=True,
    )
    return json.loads(targets.read_text())


def analyze() -> None:
    """Gather the planner's statistics of the filled database, as autovacuum does for a
    production one: without them (a server with autovacuum off, or one measured before it ran)
    PostgreSQL guesses a few rows per table and picks nested loops, e.g. 6 ms instead of 1.5 ms
    for the dashboard's compliance count."""
    import psycopg

    with psycopg.connect(
        host=DB_HOST, port=DB_PORT, user=DB_USER, dbname=DB_NAME, autocommit=True
    ) as conn:
        conn.execute("ANALYZE")


def load_targets() -> dict[str, Any]:
    """The pages of the last preparation (`--reuse-db`)."""
    return json.loads((OUT_DIR / "targets.json").read_text())
