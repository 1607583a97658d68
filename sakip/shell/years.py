"""The year a person sees first: the latest year with performance data, not an empty new year.

In January nothing has been collected for the new year yet, and a demo loaded in December shows
last year's completed cycle: opening on the calendar year would show empty pages. At login the
year picker is set to the latest year, up to this one, in which the person's agencies opened a
quarter; without any, this year. The person's own choice in the top bar holds for the session.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.db.models import Max
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone

from sakip.accounts.types import Viewer
from sakip.core.years import set_selected_year
from sakip.monitoring.models import ReportingPeriod


def latest_data_year(user: Viewer) -> int:
    this_year = timezone.localdate().year
    latest = (
        ReportingPeriod.objects.restrict(user, "view")
        .filter(year__lte=this_year)
        .aggregate(latest=Max("year"))["latest"]
    )
    return int(latest) if latest is not None else this_year


@receiver(user_logged_in)
def _open_on_the_latest_year(
    sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any
) -> None:
    if request is not None and hasattr(request, "session"):
        set_selected_year(request, latest_data_year(user))
