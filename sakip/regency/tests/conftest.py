"""The regency view keeps its figures in the process's cache: every test starts with it empty, so
no test reads an entry another one stored (test data reuses primary keys)."""

from __future__ import annotations

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()
