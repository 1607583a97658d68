"""The year the user is looking at, chosen in the top bar and kept in the session."""

from django.http import HttpRequest
from django.utils import timezone

SESSION_KEY = "sakip_year"
MIN_YEAR, MAX_YEAR = 2000, 2100


def selected_year(request: HttpRequest) -> int:
    value = request.session.get(SESSION_KEY)
    if isinstance(value, int) and MIN_YEAR <= value <= MAX_YEAR:
        return value
    return timezone.localdate().year


def year_from_query(request: HttpRequest) -> int | None:
    """The year asked for with ?year= when it is a plausible year, else None (no filter)."""
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return None
    return year if MIN_YEAR <= year <= MAX_YEAR else None


def set_selected_year(request: HttpRequest, year: int) -> None:
    if MIN_YEAR <= year <= MAX_YEAR:
        request.session[SESSION_KEY] = year


def year_choices(current: int) -> list[int]:
    """A window around the selected year; wide enough for a Renstra and the years before it."""
    this_year = timezone.localdate().year
    first = min(current, this_year) - 5
    last = max(current, this_year) + 4
    return list(range(first, last + 1))
