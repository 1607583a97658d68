"""Something computed once and kept in the cache under a key that names what it was computed
from (a data version, a data stamp's token): a new key for new data, so nothing is invalidated
by hand (docs/decisions/0015 and 0016)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.core.cache import cache

from . import data_stamp

T = TypeVar("T")


def kept(key: str, kind: type[T], compute: Callable[[], T]) -> T:
    """The value kept under `key`, or `compute()` kept there now. Anything else found under the
    key (an entry of an older shape) is computed again."""
    found = cache.get(key)
    if isinstance(found, kind):
        return found
    value = compute()
    cache.set(key, value)
    return value


def kept_under(stamps: tuple[str, ...], key: str, kind: type[T], compute: Callable[[], T]) -> T:
    """`kept` under `key` and the current tokens of these data stamps (core/data_stamp.py): a
    write to any row they watch gives a new key. Without a stamp's row (a database emptied by
    a test) nothing is kept: computed each time."""
    tokens = [token for name in stamps if (token := data_stamp.current_token(name)) is not None]
    if len(tokens) < len(stamps):
        return compute()
    return kept(f"{key}@{':'.join(tokens)}", kind, compute)


def digest(values: Iterable[object]) -> str:
    """A short key part standing for these values in order (ids of a page, a search's words)."""
    return hashlib.sha256("\x1f".join(map(str, values)).encode()).hexdigest()[:24]
