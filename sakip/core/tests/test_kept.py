"""core.kept: a value computed once under its key; an entry of another kind is computed again."""

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sakip.conftest import PASSWORD
from sakip.core import data_stamp
from sakip.core.kept import kept, kept_under
from sakip.core.models import DataStamp


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


# --- kept under data stamps -----------------------------------------------------------------


def _stamp_reads(queries: CaptureQueriesContext) -> int:
    return sum(
        q["sql"].startswith("SELECT") and '"core_datastamp"' in q["sql"]
        for q in queries.captured_queries
    )


@pytest.mark.django_db
def test_kept_under_a_stamp_is_computed_again_once_the_stamp_moves():
    calls = []

    def compute() -> list[int]:
        calls.append(1)
        return [len(calls)]

    assert kept_under((data_stamp.TASKS,), "kept-test:c", list, compute) == [1]
    assert kept_under((data_stamp.TASKS,), "kept-test:c", list, compute) == [1]
    data_stamp.move(data_stamp.TASKS)
    assert kept_under((data_stamp.TASKS,), "kept-test:c", list, compute) == [2]
    # Another stamp's move leaves it.
    data_stamp.move(data_stamp.CALENDAR)
    assert kept_under((data_stamp.TASKS,), "kept-test:c", list, compute) == [2]


@pytest.mark.django_db
def test_without_a_stamps_row_nothing_is_kept():
    DataStamp.objects.filter(name=data_stamp.CALENDAR).delete()
    calls = []

    def compute() -> list[int]:
        calls.append(1)
        return []

    for _ in range(2):
        kept_under((data_stamp.CALENDAR,), "kept-test:d", list, compute)
    assert len(calls) == 2


@pytest.mark.django_db
def test_a_request_reads_the_stamps_once_and_again_after_its_own_write():
    data_stamp.request_started()
    try:
        with CaptureQueriesContext(connection) as queries:
            figures = data_stamp.current_token(data_stamp.FIGURES)
            tasks = data_stamp.current_token(data_stamp.TASKS)
            assert data_stamp.current_token(data_stamp.PEOPLE) is not None
        assert _stamp_reads(queries) == 1
        assert figures is not None and tasks is not None
        data_stamp.move(data_stamp.TASKS)  # the request writes a task
        assert data_stamp.current_token(data_stamp.TASKS) != tasks
        assert data_stamp.current_token(data_stamp.FIGURES) == figures
    finally:
        data_stamp.request_finished()


@pytest.mark.django_db
def test_outside_a_request_every_read_asks_the_table():
    """A command or a job may run for long: it must not hold on to a token another process
    has moved since."""
    with CaptureQueriesContext(connection) as queries:
        data_stamp.current_token(data_stamp.FIGURES)
        DataStamp.objects.filter(name=data_stamp.FIGURES).update(token="moved-elsewhere")
        assert data_stamp.current_token(data_stamp.FIGURES) == "moved-elsewhere"
    assert _stamp_reads(queries) == 2


@pytest.mark.django_db
def test_a_signed_in_page_reads_the_stamps_in_one_query(client, organization):
    """The dashboard reads the figures', the people's and the tasks' stamps."""
    client.login(username="kadis", password=PASSWORD)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("dashboard:home")).status_code == 200
    assert _stamp_reads(queries) == 1


@pytest.mark.django_db
def test_a_write_the_request_rolls_back_leaves_no_token_behind():
    """A refused save moves the stamp inside its transaction, which then rolls back: what was
    computed under the uncommitted token is never read again in the same request."""
    data_stamp.request_started()
    try:
        before = data_stamp.current_token(data_stamp.TASKS)
        with pytest.raises(RuntimeError), transaction.atomic():
            data_stamp.move(data_stamp.TASKS)
            assert data_stamp.current_token(data_stamp.TASKS) != before
            kept_under((data_stamp.TASKS,), "kept-test:e", list, lambda: ["rolled back"])
            raise RuntimeError
        assert data_stamp.current_token(data_stamp.TASKS) == before
        assert kept_under((data_stamp.TASKS,), "kept-test:e", list, lambda: ["committed"]) == [
            "committed"
        ]
    finally:
        data_stamp.request_finished()
