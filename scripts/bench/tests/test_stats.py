"""The pure parts of `make bench`: percentiles, a phase's summary and the markdown tables."""

import math

import pytest

from ..report import PageResult, SizeCost, indicator_costs, results_table
from ..stats import markdown_table, number, per_item_ms, percentile, summarize


def test_percentile_is_the_nearest_rank():
    values = [7, 1, 10, 3, 2, 9, 4, 8, 6, 5]  # 1..10, unsorted
    assert percentile(values, 50) == 5  # 5 of 10 values are at or below 5
    assert percentile(values, 90) == 9
    assert percentile(values, 95) == 10  # 9.5 values: the 10th
    assert percentile(values, 99) == 10
    assert percentile(values, 100) == 10
    assert percentile(values, 0) == 1


def test_percentile_of_one_value_and_of_none():
    assert percentile([42.0], 95) == 42.0
    assert math.isnan(percentile([], 50))
    with pytest.raises(ValueError):
        percentile([1.0], 101)


def test_summary_counts_errors_beside_the_requests():
    # 20 answers in 4 s, 2 of them errors: 5 requests per second.
    latencies = [float(ms) for ms in range(10, 210, 10)]  # 10, 20, ..., 200
    summary = summarize(latencies, errors=2, seconds=4.0, unsent=3)
    assert summary.requests == 20
    assert summary.errors == 2
    assert summary.unsent == 3
    assert summary.per_second == 5.0
    assert summary.p50 == 100.0  # the 10th of 20
    assert summary.p95 == 190.0  # the 19th
    assert summary.p99 == 200.0  # the 20th


def test_cost_per_item_between_two_sizes():
    # 100 ms at 8 indicators, 184 ms at 50: 84 ms for 42 more, 2 ms each.
    assert per_item_ms(100.0, 8, 184.0, 50) == 2.0
    with pytest.raises(ValueError):
        per_item_ms(100.0, 8, 120.0, 8)


def test_numbers_with_thousands_and_a_dash_for_none():
    assert number(1234.56) == "1,234.6"
    assert number(0.5, 2) == "0.50"
    assert number(math.nan) == "–"


def test_markdown_table_aligns_figures_right_and_escapes_pipes():
    table = markdown_table(["page", "who", "ms"], [["a|b", "kadis", "1.0"]])
    assert table.splitlines() == [
        "| page | who | ms |",
        "| --- | --- | ---: |",
        "| a\\|b | kadis | 1.0 |",
    ]
    with pytest.raises(ValueError):
        markdown_table(["page", "who"], [["only one cell"]])


def _page(key, size, p50, label="entry"):
    single = summarize([p50], errors=0, seconds=1.0)
    closed = summarize([10.0, 20.0, 30.0, 40.0], errors=1, seconds=2.0)
    opened = summarize([5.0, 6.0], errors=0, seconds=1.0, unsent=4)
    return PageResult(key, label, "kadis", size, single, closed, opened)


def test_results_table_row():
    lines = results_table([_page("entry_small", 8, 1500.0)]).splitlines()
    assert len(lines) == 3
    # one client p50 = p95 = 1,500; 4 answers in 2 s; p50 the 2nd (20), p95 and p99 the 4th.
    assert lines[2] == (
        "| entry (8 ind.) | kadis | 1,500.0 | 1,500.0 | 2.0 | 20.0 | 40.0 | 40.0 | 1/4 "
        "| 6.0 | 0/2 | 4 |"
    )


def test_indicator_cost_lines_from_the_two_sizes():
    lines = indicator_costs(
        [
            SizeCost("quarterly entry", 8, 100.0, 50, 184.0),
            SizeCost("quarter recap", 22, 80.0, 22, 90.0),  # one size only: no cost
        ]
    )
    assert lines == [
        "- quarterly entry: 100.0 ms at 8 indicators, 184.0 ms at 50: 2.00 ms per indicator"
    ]
