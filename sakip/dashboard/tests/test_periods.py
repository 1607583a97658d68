"""The period switch: a semester counts once both its quarters are in."""

import pytest

from sakip.dashboard.figures import PERIOD_QUARTER, PERIOD_SEMESTER, PERIOD_YEAR, period_for
from sakip.measurement import Period


@pytest.mark.parametrize(
    ("latest", "semester"),
    [(1, None), (2, Period.semester(1)), (3, Period.semester(1)), (4, Period.semester(2))],
)
def test_the_semester_is_the_latest_complete_one(latest, semester):
    # With TW III in, semester II holds one quarter of realisasi against two of targets: the
    # dashboard shows semester I (as the semester report would), not a half-empty semester II.
    assert period_for(PERIOD_SEMESTER, latest) == semester


def test_quarter_and_year_to_date_follow_the_latest_quarter():
    assert period_for(PERIOD_QUARTER, 3) == Period.quarter(3)
    assert period_for(PERIOD_YEAR, 3) == Period.to_date(3)
    assert period_for(PERIOD_SEMESTER, None) is None
