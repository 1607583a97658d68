"""Test overrides only; everything else comes from base.py."""

import os

os.environ.setdefault("DEBUG", "true")

from .base import *  # noqa: E402,F403
from .base import STORAGES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_ENABLED = False  # login throttling has its own tests that switch it on
DEMO_MODE = True
LANGUAGE_CODE = "id"
# Jobs run inside the request that starts them, so the tests stay synchronous. The worker's own
# test switches to the database backend (sakip/reports/tests/test_job_worker.py).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
