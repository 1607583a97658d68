"""Data stamps: a token for the whole installation that every write to the models it watches
rewrites, in the same transaction as the write (docs/decisions/0016). `FIGURES` watches what the
figures are computed from (and the published documents); `PEOPLE` what a user's access is read
from.

Something costly to compute from those rows (the data versions of monitoring/versions.py, whose
query costs 3-4 ms) is kept in the cache under the token and computed again only after it moved:
reading the token is one primary-key lookup. A change still shows at once: the writing
transaction commits its rows and the new token together.

The token is random, never a counter: a transaction that rewrites it and rolls back leaves the
old token, and the next write gives a token nothing was ever kept under.

The layer that computes from the rows says which models a stamp watches (`watch`). The token moves
on their `post_save` and `post_delete` (Django sends those for cascaded deletions too) and on
`core.signals.rows_written` (rows written in bulk). A change made with `QuerySet.update()` moves
nothing; the services that use it on watched models send `rows_written` themselves.

Within a request the tokens are read once, all stamps in one query, and read again after the
request itself moved one (`move`): a page that reads three stamps pays one lookup. Outside a
request (commands, jobs, tests calling services) and inside a transaction the request opened,
every call reads the table.
"""

from __future__ import annotations

import threading
import uuid

from django.db import connection
from django.db.models import Model
from django.db.models.signals import post_delete, post_save

from .models import DataStamp
from .signals import rows_written

FIGURES = "figures"
PEOPLE = "people"
# The SOP runs' tasks and notifications, and the SOP definitions they show.
TASKS = "tasks"
# The working calendar: schedules, their days and holidays.
CALENDAR = "calendar"

# Per model, the stamps its writes move.
_watched: dict[type[Model], set[str]] = {}


class _RequestTokens(threading.local):
    """The tokens as this thread's request read them: `active` between the request's start and
    end, `tokens` None until the first read and again after a `move`; `depth`, the transactions
    already open when the request started (a test's own)."""

    active = False
    tokens: dict[str, str] | None = None
    depth = 0


_request = _RequestTokens()


def request_started(**kwargs: object) -> None:
    _request.active, _request.tokens = True, None
    _request.depth = len(connection.atomic_blocks)


def request_finished(**kwargs: object) -> None:
    _request.active, _request.tokens = False, None


def _read_tokens() -> dict[str, str]:
    table = connection.ops.quote_name(DataStamp._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT name, token FROM {table}")  # noqa: S608
        return dict(cursor.fetchall())


def current_token(name: str = FIGURES) -> str | None:
    """The stamp's token; None when its row is missing (a database emptied by a test), in which
    case nothing may be kept under it."""
    if not _request.active or len(connection.atomic_blocks) > _request.depth:
        # Inside a transaction the request opened the token is read as the transaction sees
        # it: what is computed under its own uncommitted token is never read again once it
        # rolls back.
        return _read_tokens().get(name)
    if _request.tokens is None:
        _request.tokens = _read_tokens()
    return _request.tokens.get(name)


def move(name: str = FIGURES) -> None:
    """Rewrite the token (writing the row again when it is missing)."""
    _request.tokens = None  # this request's later reads see its own change
    token = uuid.uuid4().hex
    if not DataStamp.objects.filter(pk=name).update(token=token):
        DataStamp.objects.bulk_create([DataStamp(name=name, token=token)], ignore_conflicts=True)
        DataStamp.objects.filter(pk=name).update(token=token)


def _rows_changed(sender: type[Model] | None, **kwargs: object) -> None:
    for name in sorted(_watched.get(sender, ())) if sender is not None else ():
        move(name)


def watch(models: list[type[Model]], name: str = FIGURES) -> None:
    """Move the stamp `name` on every write to rows of these models (called at start-up)."""
    for model in models:
        _watched.setdefault(model, set()).add(name)
        uid = f"data-stamp:{model._meta.label}"
        post_save.connect(_rows_changed, sender=model, dispatch_uid=uid, weak=False)
        post_delete.connect(_rows_changed, sender=model, dispatch_uid=uid, weak=False)
    rows_written.connect(_rows_changed, dispatch_uid="data-stamp:bulk", weak=False)
