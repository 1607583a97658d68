"""The working calendar pages: the holiday list with the working hours, holiday add/edit/delete,
and the dated working schedules (Ramadan hours): detail with history, add/edit/delete.

Everyone logged in may read the list and the schedules; planners (Kasubag, planning staff) and
administrators manage holidays and dated schedules, everyone else gets 404 on the write pages.
Deletion is POST-only.
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
from .forms_calendar import HolidayForm, WorkScheduleForm
from .models import WorkSchedule

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
            "schedules": selectors.schedules_for_list(request.user, year),
            "can_manage": can_manage,
            "manage_agency_ids": {agency.pk for agency in agencies},
            "delete_consequence": DELETE_CONSEQUENCE,
            "schedule_delete_consequence": SCHEDULE_DELETE_CONSEQUENCE,
        },
    )


def _save(form: HolidayForm | WorkScheduleForm, call: Any) -> Any:
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


# --- dated working schedules (Ramadan hours) -------------------------------------------------

SCHEDULE_SAVED = _("Jam kerja telah disimpan.")
SCHEDULE_DELETED = _("Jam kerja telah dihapus.")
SCHEDULE_SAVE_CONSEQUENCE = _(
    "Tenggat tugas yang sudah dihitung tidak berubah; hanya tenggat yang dihitung sesudah ini "
    "memakai jam kerja ini."
)
SCHEDULE_DELETE_CONSEQUENCE = _(
    "Tenggat tugas yang sudah dihitung tidak berubah; tenggat baru pada tanggal-tanggal ini akan "
    "dihitung dengan jam kerja biasa."
)


def _schedule_year(schedule: WorkSchedule) -> int | None:
    day = schedule.valid_from or schedule.valid_to
    return day.year if day else None


def _schedule_form_page(
    request: HttpRequest, form: WorkScheduleForm, **context: Any
) -> HttpResponse:
    return render(
        request,
        "procedures/calendar/schedule_form.html",
        {"form": form, "save_consequence": SCHEDULE_SAVE_CONSEQUENCE, **context},
    )


@login_required
def schedule_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A schedule's hours per weekday and its history; the actions for those who manage it."""
    schedule = selectors.schedule_for_view(request.user, pk)
    can_change = selectors.can_change_schedule(request.user, schedule)
    return render(
        request,
        "procedures/calendar/schedule_detail.html",
        {
            "schedule": schedule,
            "view": selectors.schedule_view(schedule, can_change=can_change),
            "history": selectors.schedule_history(schedule),
            "back_url": _list_url(_schedule_year(schedule) or _year(request)),
            "delete_consequence": SCHEDULE_DELETE_CONSEQUENCE,
        },
    )


@login_required
def schedule_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not selectors.can_manage_holidays(request.user):
        raise Http404
    form = WorkScheduleForm(
        request.POST or None,
        agencies=selectors.holiday_agencies(request.user),
        allow_shared=access_for(request.user).is_admin,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        schedule = _save(
            form,
            lambda: services.work_schedule_create(
                actor=request.user,
                name=data["name"],
                agency=data["agency"],
                valid_from=data["valid_from"],
                valid_to=data["valid_to"],
                days=form.days,
            ),
        )
        if schedule is not None:
            messages.success(request, SCHEDULE_SAVED)
            return redirect("procedures:schedule_detail", pk=schedule.pk)
    return _schedule_form_page(
        request, form, title=_("Tambah jam kerja khusus"), back_url=_list_url(_year(request))
    )


@login_required
def schedule_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    schedule = selectors.schedule_for_change(request.user, pk)
    form = WorkScheduleForm(
        request.POST or None,
        agencies=selectors.holiday_agencies(request.user),
        schedule=schedule,
        allow_shared=access_for(request.user).is_admin,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = _save(
            form,
            lambda: services.work_schedule_update(
                actor=request.user,
                schedule=schedule,
                expected_version=form.expected_version,
                name=data["name"],
                agency=data["agency"],
                valid_from=data["valid_from"],
                valid_to=data["valid_to"],
                days=form.days,
            ),
        )
        if saved is not None:
            messages.success(request, SCHEDULE_SAVED)
            return redirect("procedures:schedule_detail", pk=saved.pk)
    return _schedule_form_page(
        request,
        form,
        title=_("Ubah jam kerja khusus"),
        schedule=schedule,
        back_url=reverse("procedures:schedule_detail", args=[schedule.pk]),
        delete_consequence=SCHEDULE_DELETE_CONSEQUENCE,
    )


@login_required
@require_POST
def schedule_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    schedule = selectors.schedule_for_change(request.user, pk)
    year = _schedule_year(schedule) or _year(request)
    services.work_schedule_delete(actor=request.user, schedule=schedule)
    messages.success(request, SCHEDULE_DELETED)
    return redirect(_list_url(year))
