"""Writing many rows of one table at once, for the services of bulk changes (the Excel imports).

One plain statement executed for all the rows (``executemany``: psycopg 3 pipelines it, SQLite
prepares it once), so that the number of statements of an import does not grow with its rows
(issue 9: a 5,000-row plan import ran some 170,000 queries). Django's own bulk methods do not
give that: ``bulk_create`` splits into statements of ~40 rows on SQLite, and ``bulk_update``
builds one ``CASE WHEN pk = … THEN …`` expression per field and row, which costs about a
millisecond per row to resolve (ten seconds for the targets of a 5,000-row import).

Like those methods these call no ``save()`` and send neither ``post_save`` nor ``post_delete``:
the service sets what ``save()`` would (``updated_at``, ``version``), checks the rows itself and
writes the audit events. Each sends ``core.signals.rows_written`` once, for the caches keyed by
the data.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connections, models, router

from .signals import rows_written


def update_rows(objs: Sequence[models.Model], fields: Iterable[str]) -> None:
    """Write ``fields`` of every object in ``objs`` (all of one model) to its row."""
    if not objs:
        return
    model = type(objs[0])
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    concrete = [f for f in columns if isinstance(f, models.Field) and f.concrete]
    using = router.db_for_write(model)
    connection = connections[using]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in concrete)
    # Only the model's own table and column names go into the text, quoted; values are parameters.
    table, pk = quote(meta.db_table), quote(meta.pk.column)
    sql = f"UPDATE {table} SET {assignments} WHERE {pk} = %s"  # noqa: S608
    params = [
        [f.get_db_prep_save(getattr(obj, f.attname), connection) for f in concrete]
        + [meta.pk.get_db_prep_value(obj.pk, connection)]
        for obj in objs
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
    rows_written.send(sender=model)


def insert_rows(objs: Sequence[models.Model]) -> None:
    """Insert every object in ``objs`` (all of one model, none saved yet) in one statement
    executed for all of them; unlike bulk_create (one statement per ~40 rows on SQLite, whose
    999-parameter limit Django assumes) the number of statements does not grow with the rows.

    The ids are not read back: a caller that needs them reads them by a natural key. Fields set
    on save (``auto_now``, ``auto_now_add``) are set as save() would.
    """
    if not objs:
        return
    model = type(objs[0])
    meta = model._meta
    using = router.db_for_write(model)
    connection = connections[using]
    quote = connection.ops.quote_name
    fields = [f for f in meta.concrete_fields if not isinstance(f, models.AutoField)]
    columns = ", ".join(quote(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608
    params = []
    for obj in objs:
        # bulk_create's own check: a related object not saved yet is refused, one saved since it
        # was assigned gives its id.
        obj._prepare_related_fields_for_save(operation_name="insert_rows")  # type: ignore[attr-defined]
        params.append([f.get_db_prep_save(f.pre_save(obj, add=True), connection) for f in fields])
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
    for obj in objs:
        obj._state.adding = False
        obj._state.db = using
    rows_written.send(sender=model)


def delete_rows(model: type[models.Model], pks: Sequence[Any]) -> None:
    """Delete the rows of ``model`` with these ids, in one statement executed for each (a list
    of thousands of ids in one ``IN`` would pass SQLite's parameter limit on older builds).
    Nothing cascades: only for rows that nothing refers to."""
    if not pks:
        return
    meta = model._meta
    using = router.db_for_write(model)
    connection = connections[using]
    quote = connection.ops.quote_name
    table, pk = quote(meta.db_table), quote(meta.pk.column)
    sql = f"DELETE FROM {table} WHERE {pk} = %s"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, [[meta.pk.get_db_prep_value(pk, connection)] for pk in pks])
    rows_written.send(sender=model)
