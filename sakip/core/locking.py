"""Optimistic locking (decision 0003): a save over someone else's newer save is refused.

Every editable model carries `version` (TimeStampedModel). A service locks the row, compares the
version its form was loaded with, and refuses with StaleEditError naming who saved in between.
Who that was comes from the audit trail, a layer above this one: the audit app registers the
lookup when it starts (`register_last_editor`), so this module imports no domain app.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import TimeStampedModel

STALE_EDIT = _(
    "Data ini telah diubah oleh pengguna lain (%(actor)s) saat Anda menyuntingnya. "
    "Muat ulang halaman untuk melihat perubahan tersebut, lalu terapkan kembali perubahan Anda."
)

M = TypeVar("M", bound=TimeStampedModel)

_last_editor: Callable[[models.Model], str | None] = lambda instance: None  # noqa: E731


class StaleEditError(ValidationError):
    """The object changed since the form was loaded: refuse instead of overwriting."""


def register_last_editor(lookup: Callable[[models.Model], str | None]) -> None:
    """Set how to name whoever saved an object last (the audit app does, on start)."""
    global _last_editor
    _last_editor = lookup


def lock_fresh(instance: M, expected_version: int | None) -> M:
    """Lock the row and refuse the change if someone saved it after the form was loaded."""
    manager: Any = type(instance)._default_manager
    current = manager.select_for_update().get(pk=instance.pk)
    if expected_version is not None and current.version != expected_version:
        actor = _last_editor(instance) or "?"
        raise StaleEditError(STALE_EDIT % {"actor": actor}, code="stale")
    return current
