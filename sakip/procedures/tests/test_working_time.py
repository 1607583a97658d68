"""Mutu Baku deadlines in working time (issue 3 "Done when"; docs/decisions/0004-working-time.md).

Every calendar here is built explicitly, so the expected deadlines can be counted by hand; where a
test names a real holiday, a guard checks the `holidays` package agrees that the day is one.
"""

import datetime as dt
from decimal import Decimal

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sakip.procedures.working_time import (
    LEGAL_DEFAULT_WEEKLY,
    WITA,
    DaySchedule,
    WorkingCalendar,
    add_working_time,
    is_working_moment,
    next_working_moment,
    working_minutes_between,
)

STANDARD = WorkingCalendar(weekly=LEGAL_DEFAULT_WEEKLY, holidays=frozenset(), tz=WITA)


def at(year, month, day, hour=0, minute=0):
    return dt.datetime(year, month, day, hour, minute, tzinfo=WITA)


def t(hhmm: str) -> dt.time:
    return dt.time.fromisoformat(hhmm)


def due(start, amount, unit, calendar=STANDARD):
    return add_working_time(start, Decimal(str(amount)), unit, calendar)


# Ramadan 1447 H hours, 32.5 h/week (set yearly by circular): Mon–Thu 08:00–15:00 with a
# 12:00–12:30 break, Fri 08:00–15:30 with an 11:30–12:30 break.
RAMADAN_DAY = DaySchedule(t("08:00"), t("15:00"), t("12:00"), t("12:30"))
RAMADAN_FRIDAY = DaySchedule(t("08:00"), t("15:30"), t("11:30"), t("12:30"))
RAMADAN_WEEK = {0: RAMADAN_DAY, 1: RAMADAN_DAY, 2: RAMADAN_DAY, 3: RAMADAN_DAY, 4: RAMADAN_FRIDAY}
RAMADAN_2026 = (dt.date(2026, 2, 18), dt.date(2026, 3, 19), RAMADAN_WEEK)
WITH_RAMADAN = WorkingCalendar(weekly=LEGAL_DEFAULT_WEEKLY, overrides=[RAMADAN_2026], tz=WITA)


# --- the examples of the issue ---------------------------------------------------------------


def test_two_hour_step_started_thursday_afternoon_is_due_friday_0830():
    # Thursday 15:00–16:00 gives one hour, Friday 07:30–08:30 the second.
    assert due(at(2026, 11, 26, 15), 2, "hour") == at(2026, 11, 27, 8, 30)


def test_one_hour_step_started_friday_1100_crosses_the_friday_break():
    # 11:00–11:30, then the 11:30–13:00 Friday break, then 13:00–13:30.
    assert due(at(2026, 11, 27, 11), 1, "hour") == at(2026, 11, 27, 13, 30)


def test_time_running_out_at_the_break_start_is_due_then_not_after_the_break():
    assert due(at(2026, 11, 23, 11), 1, "hour") == at(2026, 11, 23, 12)


def test_time_running_out_at_the_end_of_the_day_is_due_then():
    # A whole Monday: 07:30–12:00 and 13:00–16:00 are 450 minutes.
    assert due(at(2026, 11, 23, 7, 30), 450, "minute") == at(2026, 11, 23, 16)


def test_a_step_over_the_weekend_continues_on_monday():
    # Friday 16:00–16:30 is half an hour; Saturday and Sunday are not counted.
    assert due(at(2026, 11, 27, 16), 1, "hour") == at(2026, 11, 30, 8)


def test_a_start_outside_working_hours_begins_at_the_next_working_moment():
    assert due(at(2026, 11, 28, 10), 15, "minute") == at(2026, 11, 30, 7, 45)  # Saturday
    assert due(at(2026, 11, 23, 6), 1, "hour") == at(2026, 11, 23, 8, 30)  # before 07:30
    assert due(at(2026, 11, 23, 12, 15), 30, "minute") == at(2026, 11, 23, 13, 30)  # in the break
    assert due(at(2026, 11, 23, 18), 1, "hour") == at(2026, 11, 24, 8, 30)  # evening


def test_the_real_2026_christmas_days_off_are_what_the_holidays_package_says():
    public = holidays.country_holidays("ID", years=[2026], categories=("public",))
    government = holidays.country_holidays("ID", years=[2026], categories=("government",))
    assert dt.date(2026, 12, 24) in government  # cuti bersama Hari Raya Natal
    assert dt.date(2026, 12, 25) in public  # Hari Raya Natal


def test_a_cuti_bersama_day_is_skipped():
    christmas = WorkingCalendar(holidays=frozenset({dt.date(2026, 12, 24)}), tz=WITA)
    start = at(2026, 12, 23, 15)  # Wednesday; Thursday 24 is cuti bersama
    assert due(start, 2, "hour") == at(2026, 12, 24, 8, 30)  # without the day off
    assert due(start, 2, "hour", christmas) == at(2026, 12, 25, 8, 30)
    both = WorkingCalendar(holidays=frozenset({dt.date(2026, 12, 24), dt.date(2026, 12, 25)}))
    assert due(start, 2, "hour", both) == at(2026, 12, 28, 8, 30)  # Monday after Christmas


def test_fifteen_minute_step_of_sop_2_crosses_the_lunch_break():
    assert due(at(2026, 11, 23, 11, 50), 15, "minute") == at(2026, 11, 23, 13, 5)


def test_half_an_hour_as_a_decimal_amount():
    assert due(at(2026, 11, 23, 10), "0.5", "hour") == at(2026, 11, 23, 10, 30)
    assert due(at(2026, 11, 23, 10), "1.5", "minute") == at(2026, 11, 23, 10, 1) + dt.timedelta(
        seconds=30
    )


# --- working days ----------------------------------------------------------------------------


def test_two_day_step_is_due_at_the_same_working_clock_two_working_days_later():
    assert due(at(2026, 11, 23, 10), 2, "day") == at(2026, 11, 25, 10)  # Mon → Wed
    assert due(at(2026, 11, 26, 15), 2, "day") == at(2026, 11, 30, 15)  # Thu → Mon


def test_a_day_step_started_outside_working_hours_counts_from_the_next_working_moment():
    assert due(at(2026, 11, 23, 18), 2, "day") == at(2026, 11, 26, 7, 30)  # Mon evening → Thu
    assert due(at(2026, 11, 28, 9), 1, "day") == at(2026, 12, 1, 7, 30)  # Saturday → Tue


def test_a_day_step_skips_holidays():
    christmas = WorkingCalendar(holidays=frozenset({dt.date(2026, 12, 24), dt.date(2026, 12, 25)}))
    assert due(at(2026, 12, 23, 10), 1, "day", christmas) == at(2026, 12, 28, 10)


def test_the_working_clock_position_keeps_working_minutes_not_wall_time():
    # Friday 16:15 is 435 working minutes into the day; on Monday that is 15:45.
    assert due(at(2026, 11, 27, 16, 15), 1, "day") == at(2026, 11, 30, 15, 45)
    # 13:00 and 12:00 are the same working moment; the earliest wall time is the deadline.
    assert due(at(2026, 11, 23, 13), 1, "day") == at(2026, 11, 24, 12)


def test_half_a_day_is_half_of_the_days_working_minutes():
    # 225 minutes from Monday 10:00: 10:00–12:00 (120) and 13:00–14:45 (105).
    assert due(at(2026, 11, 23, 10), "0.5", "day") == at(2026, 11, 23, 14, 45)


def test_120_day_step_of_sop_2_against_a_hand_count():
    # On a plain Monday–Friday calendar, 120 working days are exactly 24 weeks.
    start = at(2027, 1, 4, 9)
    assert due(start, 120, "day") == at(2027, 1, 4, 9) + dt.timedelta(weeks=24)
    assert due(start, 120, "day") == at(2027, 6, 21, 9)
    # Three weekday holidays in between push it three working days on; a Saturday one does not.
    days_off = {dt.date(2027, 3, 8), dt.date(2027, 5, 6), dt.date(2027, 6, 1), dt.date(2027, 5, 1)}
    with_holidays = WorkingCalendar(holidays=frozenset(days_off))
    assert due(start, 120, "day", with_holidays) == at(2027, 6, 24, 9)


def test_120_day_step_matches_a_day_by_day_count():
    start_day = dt.date(2026, 11, 26)
    days_off = frozenset({dt.date(2026, 12, 24), dt.date(2026, 12, 25), dt.date(2027, 1, 1)})
    calendar = WorkingCalendar(holidays=days_off)
    day, counted = start_day, 0
    while counted < 120:
        day += dt.timedelta(days=1)
        counted += day.weekday() < 5 and day not in days_off
    assert due(at(2026, 11, 26, 14), 120, "day", calendar) == at(day.year, day.month, day.day, 14)


# --- Ramadan hours ---------------------------------------------------------------------------


def test_ramadan_hours_replace_the_weekly_hours_on_their_dates():
    # Thursday 14:00–15:00 (Ramadan end of day), then Friday 08:00–09:00.
    assert due(at(2026, 2, 26, 14), 2, "hour", WITH_RAMADAN) == at(2026, 2, 27, 9)
    # The same step outside Ramadan: Thursday 14:00–16:00.
    assert due(at(2026, 4, 2, 14), 2, "hour", WITH_RAMADAN) == at(2026, 4, 2, 16)


def test_ramadan_week_has_32_5_working_hours_and_a_normal_week_37_5():
    ramadan = working_minutes_between(at(2026, 2, 23), at(2026, 3, 2), WITH_RAMADAN)
    normal = working_minutes_between(at(2026, 4, 6), at(2026, 4, 13), WITH_RAMADAN)
    assert (ramadan, normal) == (32 * 60 + 30, 37 * 60 + 30)


def test_a_step_across_the_end_of_ramadan_uses_each_days_hours():
    # Thursday 19 March 14:30–15:00 (Ramadan), Friday 20 March from 07:30 (normal hours).
    assert due(at(2026, 3, 19, 14, 30), 1, "hour", WITH_RAMADAN) == at(2026, 3, 20, 8)


def test_a_position_beyond_a_shorter_ramadan_day_is_that_days_end():
    # Tuesday 17 Feb 15:50 is 440 working minutes in; Wednesday 18 (Ramadan) has only 390.
    assert due(at(2026, 2, 17, 15, 50), 1, "day", WITH_RAMADAN) == at(2026, 2, 18, 15)


# --- working minutes between two moments -----------------------------------------------------


def test_working_minutes_between_counts_only_working_time():
    assert working_minutes_between(at(2026, 11, 26, 15), at(2026, 11, 27, 8, 30), STANDARD) == 120
    assert working_minutes_between(at(2026, 11, 27, 11), at(2026, 11, 27, 13, 30), STANDARD) == 60
    # A full week: 37.5 hours (Perpres 21/2023).
    assert working_minutes_between(at(2026, 11, 23), at(2026, 11, 30), STANDARD) == 2250


def test_working_minutes_between_is_zero_when_the_end_is_not_after_the_start():
    assert working_minutes_between(at(2026, 11, 26, 15), at(2026, 11, 26, 15), STANDARD) == 0
    assert working_minutes_between(at(2026, 11, 26, 15), at(2026, 11, 26, 9), STANDARD) == 0


def test_is_working_moment_uses_half_open_periods():
    assert is_working_moment(at(2026, 11, 23, 7, 30), STANDARD)
    assert not is_working_moment(at(2026, 11, 23, 12), STANDARD)
    assert is_working_moment(at(2026, 11, 23, 13), STANDARD)
    assert not is_working_moment(at(2026, 11, 23, 16), STANDARD)
    assert not is_working_moment(at(2026, 11, 28, 10), STANDARD)  # Saturday


# --- time zones and refusals -----------------------------------------------------------------


def test_results_are_in_wita_whatever_the_zone_of_the_start():
    start = at(2026, 11, 26, 15).astimezone(dt.UTC)
    deadline = add_working_time(start, Decimal(2), "hour", STANDARD)
    assert deadline.utcoffset() == dt.timedelta(hours=8)
    assert deadline == at(2026, 11, 27, 8, 30)


def test_naive_datetimes_unknown_units_and_negative_amounts_are_refused():
    with pytest.raises(ValueError):
        add_working_time(dt.datetime(2026, 11, 26, 15), Decimal(1), "hour", STANDARD)
    with pytest.raises(ValueError):
        add_working_time(at(2026, 11, 26, 15), Decimal(1), "week", STANDARD)
    with pytest.raises(ValueError):
        add_working_time(at(2026, 11, 26, 15), Decimal(-1), "hour", STANDARD)


def test_a_calendar_without_working_days_is_refused_instead_of_looping():
    with pytest.raises(ValueError):
        add_working_time(at(2026, 11, 26, 15), Decimal(1), "hour", WorkingCalendar(weekly={}))


def test_a_day_schedule_rejects_a_break_outside_the_day():
    with pytest.raises(ValueError):
        DaySchedule(t("07:30"), t("16:00"), t("17:00"), t("18:00"))
    with pytest.raises(ValueError):
        DaySchedule(t("16:00"), t("07:30"))
    with pytest.raises(ValueError):
        DaySchedule(t("07:30"), t("16:00"), t("12:00"), None)


# --- properties ------------------------------------------------------------------------------

HOLIDAYS_2026 = frozenset(
    holidays.country_holidays("ID", years=[2026, 2027], categories=("public", "government"))
)
RICH = WorkingCalendar(
    weekly=LEGAL_DEFAULT_WEEKLY, holidays=HOLIDAYS_2026, overrides=[RAMADAN_2026]
)
PLAIN_WITH_HOLIDAYS = WorkingCalendar(weekly=LEGAL_DEFAULT_WEEKLY, holidays=HOLIDAYS_2026)

starts = st.datetimes(
    min_value=dt.datetime(2026, 1, 1), max_value=dt.datetime(2027, 6, 30), timezones=st.just(WITA)
)
units = st.sampled_from(["minute", "hour", "day"])
amounts = st.decimals(min_value=0, max_value=200, places=2)


@settings(max_examples=150, deadline=None)
@given(start=starts, amount=amounts, unit=units)
def test_property_the_deadline_is_never_before_the_start(start, amount, unit):
    assert add_working_time(start, amount, unit, RICH) >= start


@settings(max_examples=150, deadline=None)
@given(start=starts, minutes=st.integers(min_value=0, max_value=20_000))
def test_property_working_minutes_between_undoes_adding_minutes(start, minutes):
    begin = next_working_moment(start, RICH)
    assert is_working_moment(begin, RICH)
    deadline = add_working_time(begin, Decimal(minutes), "minute", RICH)
    assert working_minutes_between(begin, deadline, RICH) == minutes


@settings(max_examples=150, deadline=None)
@given(start=starts, a=amounts, b=amounts, unit=units)
def test_property_more_time_never_gives_an_earlier_deadline(start, a, b, unit):
    low, high = sorted((a, b))
    assert add_working_time(start, low, unit, RICH) <= add_working_time(start, high, unit, RICH)


@settings(max_examples=100, deadline=None)
@given(start=starts, days=st.integers(min_value=0, max_value=130))
def test_property_n_working_days_are_n_full_days_of_working_minutes(start, days):
    # On the legal calendar every working day has 450 minutes (Mon–Thu and Friday alike).
    begin = next_working_moment(start, PLAIN_WITH_HOLIDAYS)
    deadline = add_working_time(begin, Decimal(days), "day", PLAIN_WITH_HOLIDAYS)
    assert working_minutes_between(begin, deadline, PLAIN_WITH_HOLIDAYS) == days * 450


@settings(max_examples=100, deadline=None)
@given(start=starts, amount=amounts, unit=units)
def test_property_a_start_outside_working_time_counts_from_the_next_working_moment(
    start, amount, unit
):
    begin = next_working_moment(start, RICH)
    assert add_working_time(start, amount, unit, RICH) == add_working_time(
        begin, amount, unit, RICH
    )
