"""The data stamp: one token for the whole installation that every write to the watched models
rewrites, in the same transaction as the write (docs/decisions/0016).

Something costly to compute from those rows (the data versions of monitoring/versions.py, whose
query costs 3-4 ms) is kept in the cache under the token and computed again only after it moved:
reading the token is one primary-key lookup. A change still shows at once: the writing
transaction commits its rows and the new token together.

The token is random, never a counter: a transaction that rewrites it and rolls back leaves the
old token, and the next write gives a token nothing was ever kept under.

The layer that computes from the rows says which models to watch (`watch`). The token moves on
their `post_save` and `post_delete` (Django sends those for cascaded deletions too) and on
`core.signals.rows_written` (rows written in bulk). A change made with `QuerySet.update()` moves
nothing; the services do not use it on watched models.
"""

from __future__ import annotations

import uuid

from django.db import connection
from django.db.models import Model
from django.db.models.signals import post_delete, post_save

from .models import DataStamp
from .signals import rows_written

NAME = "figures"

_watched: set[type[Model]] = set()


def current_token() -> str | None:
    """The stamp's token; None when its row is missing (a database emptied by a test), in which
    case nothing may be kept under it."""
    table = connection.ops.quote_name(DataStamp._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token FROM {table} WHERE name = %s", [NAME])  # noqa: S608
        row = cursor.fetchone()
    return row[0] if row else None


def move() -> None:
    """Rewrite the token (writing the row again when it is missing)."""
    token = uuid.uuid4().hex
    if not DataStamp.objects.filter(pk=NAME).update(token=token):
        DataStamp.objects.bulk_create([DataStamp(name=NAME, token=token)], ignore_conflicts=True)
        DataStamp.objects.filter(pk=NAME).update(token=token)


def _row_changed(sender: type[Model], **kwargs: object) -> None:
    move()


def _rows_written(sender: type[Model] | None, **kwargs: object) -> None:
    if sender in _watched:
        move()


def watch(models: list[type[Model]]) -> None:
    """Move the token on every write to rows of these models (called at start-up)."""
    for model in models:
        _watched.add(model)
        uid = f"data-stamp:{model._meta.label}"
        post_save.connect(_row_changed, sender=model, dispatch_uid=uid, weak=False)
        post_delete.connect(_row_changed, sender=model, dispatch_uid=uid, weak=False)
    rows_written.connect(_rows_written, dispatch_uid="data-stamp:bulk", weak=False)
