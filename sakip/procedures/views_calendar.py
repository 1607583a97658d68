"""The working calendar pages: the holiday list with the working hours, and holiday add/edit/delete.

Everyone logged in may read the list; planners (Kasubag, planning staff) and administrators manage
holidays, everyone else gets 404 on the write pages. Deletion is POST-only.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from sakip.accounts.types import AuthenticatedHttpRequest
from sakip.core.years import selected_year, year_from_query
from sakip.organization.access import access_for

from . import selectors_calendar as selectors
from . import services_calendar as services
from .forms_calendar import HolidayForm
from .models import Holiday

SAVED = _("Hari libur telah disimpan.")
DELETED = _("Hari libur telah dihapus.")
# The consequence named by the delete confirmation (UX.md "Workflow actions").
DELETE_CONSEQUENCE = _(
    "Tenggat tugas yang sudah dihitung tidak berubah; tenggat baru akan menghitung tanggal ini sebagai hari kerja."
)


def _year(request: HttpRequest) -> int:
    return year_from_query(request) or selected_year(request)


def _list_url(year: int) -> str:
    return f"{reverse('procedures:holiday_list')}?year={year}"


@login_required
def holiday_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Holidays of one year with their kind, and the working hours deadlines are counted in."""
    year = _year(request)
    can_manage = selectors.can_manage_holidays(request.user)
    agencies = selectors.holiday_agencies(request.user) if can_manage else []
    return render(
        request,
        "procedures/calendar/holiday_list.html",
        {
            "year": year,
            "years": selectors.holiday_years(request.user, year),
            "holidays": selectors.holidays_of_year(request.user, year),
            "schedules": selectors.default_schedules(),
            "can_manage": can_manage,
            "manage_agency_ids": {agency.pk for agency in agencies},
            "delete_consequence": DELETE_CONSEQUENCE,
        },
    )


def _save(form: HolidayForm, call: Any) -> Holiday | None:
    """Run a service; on a refusal put its messages on the form (typed values stay)."""
    try:
        return call()
    except ValidationError as exc:
        form.add_service_error(exc)
        return None


def _form_page(request: HttpRequest, form: HolidayForm, **context: Any) -> HttpResponse:
    return render(request, "procedures/calendar/holiday_form.html", {"form": form, **context})


@login_required
def holiday_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not selectors.can_manage_holidays(request.user):
        raise Http404
    agencies = selectors.holiday_agencies(request.user)
    form = HolidayForm(
        request.POST or None, agencies=agencies, allow_shared=access_for(request.user).is_admin
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        holiday = _save(
            form,
            lambda: services.holiday_create(
                actor=request.user,
                date=data["date"],
                name=data["name"],
                kind=data["kind"],
                agency=data["agency"],
            ),
        )
        if holiday is not None:
            messages.success(request, SAVED)
            return redirect(_list_url(holiday.date.year))
    return _form_page(
        request, form, title=_("Tambah hari libur"), back_url=_list_url(_year(request))
    )


@login_required
def holiday_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    holiday = selectors.holiday_for_change(request.user, pk)
    agencies = selectors.holiday_agencies(request.user)
    form = HolidayForm(
        request.POST or None,
        agencies=agencies,
        holiday=holiday,
        allow_shared=access_for(request.user).is_admin,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = _save(
            form,
            lambda: services.holiday_update(
                actor=request.user,
                holiday=holiday,
                expected_version=form.expected_version,
                date=data["date"],
                name=data["name"],
                kind=data["kind"],
                agency=data["agency"],
            ),
        )
        if saved is not None:
            messages.success(request, SAVED)
            return redirect(_list_url(saved.date.year))
    return _form_page(
        request,
        form,
        title=_("Ubah hari libur"),
        holiday=holiday,
        back_url=_list_url(holiday.date.year),
        delete_consequence=DELETE_CONSEQUENCE,
    )


@login_required
@require_POST
def holiday_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    holiday = selectors.holiday_for_change(request.user, pk)
    year = holiday.date.year
    services.holiday_delete(actor=request.user, holiday=holiday)
    messages.success(request, DELETED)
    return redirect(_list_url(year))
