"""NUL characters ("\\x00") never reach the database.

PostgreSQL refuses a NUL in text (the request answered 500) while SQLite stores it; either way a
NUL is never something a person meant to type. Three layers refuse it:

1. Forms: Django's CharField refuses a NUL next to the field ("Karakter null tidak diizinkan.").
2. Query strings: RefuseNulMiddleware answers the Indonesian 400 page for a NUL in any GET value
   or name (filters, search boxes, ?q=) before a view runs.
3. The database: `refuse_nul` wraps every query of every connection and raises NulCharacterError
   for a NUL in a parameter, before the query is sent, so that a text that bypassed the forms is
   refused on SQLite exactly as on PostgreSQL. NulCharacterError is a SuspiciousOperation, which
   Django answers with the 400 page (sakip.core.errors.bad_request).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import SuspiciousOperation

NUL = "\x00"


class NulCharacterError(SuspiciousOperation):
    """A text with a NUL character was about to be stored or searched."""


def has_nul(value: Any) -> bool:
    """Whether a query parameter holds a NUL: in text, in an array, or in the Python object of a
    JSON value (psycopg's Json/Jsonb keep it as `.obj`; PostgreSQL's jsonb refuses the escaped
    NUL json.dumps would write)."""
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, list | tuple):
        return any(has_nul(item) for item in value)
    if isinstance(value, dict):
        return any(has_nul(key) or has_nul(item) for key, item in value.items())
    if type(value).__name__ in ("Json", "Jsonb"):  # psycopg's JSON wrappers
        return has_nul(getattr(value, "obj", getattr(value, "adapted", None)))
    return False


def refuse_nul(
    execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]
) -> Any:
    """A database execute wrapper (Django "database instrumentation")."""
    if params:
        if many and not isinstance(params, list | tuple):
            params = list(params)  # an iterator would be used up by the check
        rows: Iterable[Any] = params if many else (params,)
        for row in rows:
            values = row.values() if isinstance(row, dict) else row
            if any(has_nul(value) for value in values):
                raise NulCharacterError("A query parameter contains a NUL character.")
    return execute(sql, params, many, context)


def install(sender: Any, connection: Any, **kwargs: Any) -> None:
    """connection_created receiver: guard every new connection once."""
    if refuse_nul not in connection.execute_wrappers:
        connection.execute_wrappers.append(refuse_nul)


def query_has_nul(query: Any) -> bool:
    """Whether a QueryDict (request.GET) holds a NUL in a name or a value."""
    return any(NUL in key or any(NUL in v for v in values) for key, values in query.lists())
