"""What every page of the shell needs: the user's navigation and the selected year."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from sakip.core.years import selected_year, year_choices
from sakip.organization.access import access_for

from .agency import shell_agency_name
from .menu import menu_for


def shell(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    if not user.is_authenticated:
        return {"demo_mode": settings.DEMO_MODE}
    access = access_for(user)
    year = selected_year(request)
    return {
        "demo_mode": settings.DEMO_MODE,
        "access": access,
        "selected_year": year,
        "year_choices": year_choices(year),
        "shell_agency_name": shell_agency_name(access),
        "shell_menu": menu_for(access),
        "idle_timeout_seconds": settings.SESSION_IDLE_TIMEOUT_SECONDS,
        "idle_warning_seconds": settings.SESSION_IDLE_WARNING_SECONDS,
    }
