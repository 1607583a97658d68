"""The environment of a bench run: production settings (DEBUG off) on the bench database."""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT_DIR = ROOT / "var" / "bench"
DB_NAME = "esakip_bench"
DB_HOST = "127.0.0.1"
DB_PORT = 5432
DB_USER = "postgres"
DATABASE_URL = f"postgres://{DB_USER}@{DB_HOST}:{DB_PORT}/{DB_NAME}"


def python() -> str:
    """The Python running the bench (`make bench` runs it with the project's virtualenv)."""
    return sys.executable


def run_environment(*, demo_mode: bool = False, secret_key: str | None = None) -> dict[str, str]:
    """Production-like settings for the bench: DEBUG off, a secret key made for this run, plain
    HTTP on 127.0.0.1, persistent database connections (docs/operations.md)."""
    env = dict(os.environ)
    env.update(
        DEBUG="false",
        SECRET_KEY=secret_key or secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=DATABASE_URL,
        DB_CONN_MAX_AGE="60",
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        SECURE_HSTS_SECONDS="0",
        DEMO_MODE="true" if demo_mode else "false",
        ESAKIP_VAR_DIR=str(OUT_DIR / "var"),
        DJANGO_SETTINGS_MODULE="config.settings.base",
    )
    return env
