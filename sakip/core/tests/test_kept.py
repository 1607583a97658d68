"""core.kept: a value computed once under its key; an entry of another kind is computed again."""

from django.core.cache import cache

from sakip.core.kept import kept


def test_computed_once_then_read():
    calls = []

    def compute() -> list[int]:
        calls.append(1)
        return [1, 2]

    assert kept("kept-test:a", list, compute) == [1, 2]
    assert kept("kept-test:a", list, compute) == [1, 2]
    assert len(calls) == 1


def test_an_entry_of_another_kind_is_computed_again():
    cache.set("kept-test:b", {"old": "shape"})
    assert kept("kept-test:b", list, lambda: [3]) == [3]
    assert cache.get("kept-test:b") == [3]
