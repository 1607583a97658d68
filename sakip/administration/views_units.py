"""The unit tree, the positions of a unit with their holders, and the agency profile (issue 10).

The tree is changed (add, rename, move, close) by the administrator only; the Kasubag Umum dan
Kepegawaian reads their agency's tree to reach its positions, which they manage with their
holders. The agency profile is the administrator's.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sakip.accounts.types import AuthenticatedHttpRequest
from sakip.organization import services as org
from sakip.organization.choices import UnitKind
from sakip.organization.models import Unit
from sakip.organization.selectors import active_holdings

from . import selectors
from .access import can_administer, require_administrator, require_people_administrator
from .forms import (
    HoldingForm,
    PositionForm,
    ProfileForm,
    UnitCloseForm,
    UnitForm,
    UnitMoveForm,
)
from .selectors import holding_state
from .views_people import _run

UNIT_SAVED = _("Unit telah disimpan.")
UNIT_MOVED = _("Unit telah dipindahkan beserta unit di bawahnya.")
UNIT_CLOSED = _("Unit telah ditutup.")
POSITION_SAVED = _("Jabatan telah disimpan.")
HOLDING_SAVED = _("Pengangkatan telah disimpan.")
PROFILE_SAVED = _("Profil perangkat daerah telah disimpan.")
AGENCY_ELSEWHERE = _(
    "Perangkat daerah dibuat lewat “Tambah perangkat daerah” di halaman Unit dan jabatan, agar "
    "profil dan SOP-nya ikut dibuat."
)


def _unit_url(unit: Unit) -> str:
    return reverse("administration:unit_detail", args=[unit.pk])


@login_required
def unit_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_people_administrator(request.user)
    units = list(selectors.units_for(request.user))
    base = min((u.depth for u in units), default=0)
    today = timezone.localdate()
    rows = [{"unit": u, "indent": u.depth - base, "closed": u.is_closed_on(today)} for u in units]
    return render(
        request,
        "administration/unit_list.html",
        {"rows": rows, "manages_tree": can_administer(request.user)},
    )


@login_required
def unit_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    require_people_administrator(request.user)
    unit = selectors.unit_for_change(request.user, pk)
    positions = list(
        selectors.positions_for(request.user)
        .filter(unit=unit)
        .select_related("superior__unit")
        .order_by("-is_unit_head", "title")
    )
    holders: dict[int, list[Any]] = {}
    for holding in active_holdings().filter(position__in=positions).select_related("employee"):
        holders.setdefault(holding.position_id, []).append(holding)
    for position in positions:
        position.current_holdings = holders.get(position.pk, [])  # type: ignore[attr-defined]
    children = selectors.units_for(request.user).filter(parent=unit).order_by("order", "name")
    return render(
        request,
        "administration/unit_detail.html",
        {
            "unit": unit,
            "closed": unit.is_closed_on(timezone.localdate()),
            "positions": positions,
            "children": children,
            "history": selectors.history_of(unit),
            "manages_tree": can_administer(request.user),
        },
    )


@login_required
def unit_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_administrator(request.user)
    parent = None
    parent_id = request.GET.get("parent", "")
    if parent_id.isdigit():
        parent = selectors.unit_for_change(request.user, int(parent_id))
    form = UnitForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and form.cleaned_data["kind"] == UnitKind.AGENCY
    ):
        # An agency needs its profile and SOPs too: the agency page creates them with it.
        form.add_error("kind", AGENCY_ELSEWHERE)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        unit = _run(
            form,
            lambda: org.unit_create(
                actor=request.user,
                parent=parent,
                kind=data["kind"],
                name=data["name"],
                short_name=data["short_name"],
                code=data["code"],
                order=data["order"] or 0,
            ),
        )
        if unit is not None:
            messages.success(request, UNIT_SAVED)
            return redirect(_unit_url(unit))
    return render(
        request,
        "administration/simple_form.html",
        {
            "form": form,
            "title": _("Tambah unit"),
            "subject": parent.name if parent else _("Unit teratas"),
            "back_url": _unit_url(parent) if parent else reverse("administration:unit_list"),
        },
    )


@login_required
def unit_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    require_administrator(request.user)
    unit = selectors.unit_for_change(request.user, pk)
    form = UnitForm(request.POST or None, unit=unit)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = _run(
            form,
            lambda: org.unit_update(
                actor=request.user,
                unit=unit,
                expected_version=form.expected_version,
                name=data["name"],
                short_name=data["short_name"],
                code=data["code"],
                kind=data["kind"],
                order=data["order"] or 0,
            ),
        )
        if saved is not None:
            messages.success(request, UNIT_SAVED)
            return redirect(_unit_url(unit))
    return render(
        request,
        "administration/simple_form.html",
        {
            "form": form,
            "title": _("Ubah unit"),
            "subject": unit.name,
            "back_url": _unit_url(unit),
        },
    )


@login_required
def unit_move(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    require_administrator(request.user)
    unit = selectors.unit_for_change(request.user, pk)
    parents = (
        selectors.open_units_for(request.user).exclude(path__startswith=unit.path).order_by("path")
    )
    form = UnitMoveForm(request.POST or None, parents=parents, unit=unit)
    if request.method == "POST" and form.is_valid():
        saved = _run(
            form,
            lambda: org.unit_move(
                actor=request.user,
                unit=unit,
                parent=form.cleaned_data["parent"],
                expected_version=form.expected_version,
            ),
        )
        if saved is not None:
            messages.success(request, UNIT_MOVED)
            return redirect(_unit_url(unit))
    return render(
        request,
        "administration/simple_form.html",
        {
            "form": form,
            "title": _("Pindahkan unit"),
            "subject": unit.name,
            "back_url": _unit_url(unit),
            "note": _("Unit di bawahnya, jabatan dan pemangkunya ikut pindah."),
        },
    )


@login_required
def unit_close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    require_administrator(request.user)
    unit = selectors.unit_for_change(request.user, pk)
    form = UnitCloseForm(
        request.POST or None, initial={"end_date": timezone.localdate(), "version": unit.version}
    )
    if request.method == "POST" and form.is_valid():
        saved = _run(
            form,
            lambda: org.unit_close(
                actor=request.user,
                unit=unit,
                end_date=form.cleaned_data["end_date"],
                expected_version=form.expected_version,
            ),
        )
        if saved is not None:
            messages.success(request, UNIT_CLOSED)
            return redirect(_unit_url(unit))
    return render(
        request,
        "administration/simple_form.html",
        {
            "form": form,
            "title": _("Tutup unit"),
            "subject": unit.name,
            "back_url": _unit_url(unit),
            "note": _(
                "Unit yang ditutup tetap tercatat beserta rencana, dokumen dan riwayatnya, tetapi "
                "tidak lagi ditawarkan untuk jabatan baru. Akhiri dahulu masa jabatan para "
                "pemangkunya."
            ),
            "confirm": _("Tutup unit ini? Unit tidak lagi ditawarkan untuk jabatan baru."),
        },
    )


# --- positions ---------------------------------------------------------------------------------


def _superiors(request: AuthenticatedHttpRequest, exclude: Any = None) -> Any:
    positions = selectors.positions_for(request.user).select_related("unit").order_by("unit__path")
    return positions.exclude(pk=exclude.pk) if exclude is not None else positions


@login_required
def position_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    require_people_administrator(request.user)
    unit = selectors.unit_for_change(request.user, pk)
    form = PositionForm(request.POST or None, superiors=_superiors(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        position = _run(
            form,
            lambda: org.position_create(
                actor=request.user,
                unit=unit,
                title=data["title"],
                role=data["role"],
                is_unit_head=data["is_unit_head"],
                superior=data["superior"],
            ),
        )
        if position is not None:
            messages.success(request, POSITION_SAVED)
            return redirect("administration:position_detail", pk=position.pk)
    return render(
        request,
        "administration/simple_form.html",
        {
            "form": form,
            "title": _("Tambah jabatan"),
            "subject": unit.name,
            "back_url": _unit_url(unit),
        },
    )


@login_required
def position_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    require_people_administrator(request.user)
    position = selectors.position_for_change(request.user, pk)
    today = timezone.localdate()
    holdings = list(position.holdings.select_related("employee").order_by("-start_date", "-pk"))
    for holding in holdings:
        holding.state = holding_state(holding, today)  # type: ignore[attr-defined]
    history = selectors.history_of(position)
    for holding in holdings:
        history += selectors.history_of(holding)
    history.sort(key=lambda e: e.at, reverse=True)
    return render(
        request,
        "administration/position_detail.html",
        {"position": position, "holdings": holdings, "history": history},
    )


@login_required
def position_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    require_people_administrator(request.user)
    position = selectors.position_for_change(request.user, pk)
    form = PositionForm(
        request.POST or None, superiors=_superiors(request, exclude=position), position=position
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = _run(
            form,
            lambda: org.position_update(
                actor=request.user,
                position=position,
                expected_version=form.expected_version,
                title=data["title"],
                role=data["role"],
                is_unit_head=data["is_unit_head"],
                superior=data["superior"],
            ),
        )
        if saved is not None:
            messages.success(request, POSITION_SAVED)
            return redirect("administration:position_detail", pk=position.pk)
    return render(
        request,
        "administration/simple_form.html",
        {
            "form": form,
            "title": _("Ubah jabatan"),
            "subject": f"{position.title} — {position.unit.name}",
            "back_url": reverse("administration:position_detail", args=[position.pk]),
        },
    )


@login_required
def holding_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Appoint someone to this position: definitive, Plt or Plh, for a period."""
    require_people_administrator(request.user)
    position = selectors.position_for_change(request.user, pk)
    people = selectors.people_for(request.user).order_by("name")
    form = HoldingForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        holding = _run(
            form,
            lambda: org.holding_create(
                actor=request.user,
                position=position,
                employee=data["employee"],
                kind=data["kind"],
                start_date=data["start_date"],
                end_date=data["end_date"],
            ),
        )
        if holding is not None:
            messages.success(request, HOLDING_SAVED)
            return redirect("administration:position_detail", pk=position.pk)
    return render(
        request,
        "administration/simple_form.html",
        {
            "form": form,
            "title": _("Angkat pemangku jabatan"),
            "subject": f"{position.title} — {position.unit.name}",
            "back_url": reverse("administration:position_detail", args=[position.pk]),
        },
    )


# --- agency profile ---------------------------------------------------------------------------


@login_required
def profile_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_administrator(request.user)
    agencies = list(selectors.agencies_for(request.user).select_related("profile"))
    return render(request, "administration/profile_list.html", {"agencies": agencies})


@login_required
def profile_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    require_administrator(request.user)
    agency = selectors.unit_for_change(request.user, pk)
    if agency.kind != UnitKind.AGENCY:
        raise Http404
    profile = selectors.profile_of(agency)
    form = ProfileForm(request.POST or None, request.FILES or None, profile=profile)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = _run(
            form,
            lambda: org.agency_profile_save(
                actor=request.user,
                agency=agency,
                expected_version=form.expected_version,
                data={name: data[name] for name in ProfileForm.FIELDS},
            ),
        )
        if saved is not None:
            upload = data.get("emblem")
            if upload or data.get("emblem_remove"):
                org.agency_profile_emblem_set(actor=request.user, profile=saved, upload=upload)
            messages.success(request, PROFILE_SAVED)
            return redirect("administration:profile_edit", pk=agency.pk)
    return render(
        request,
        "administration/profile_form.html",
        {
            "form": form,
            "agency": agency,
            "profile": profile,
            "history": selectors.history_of(profile) if profile else [],
        },
    )


@login_required
def profile_emblem(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    """The stored emblem, for the profile page's preview (uploads are never served directly)."""
    require_administrator(request.user)
    agency = selectors.unit_for_change(request.user, pk)
    profile = selectors.profile_of(agency)
    if profile is None or not profile.emblem:
        raise Http404
    content_type = "image/png" if profile.emblem.name.lower().endswith(".png") else "image/jpeg"
    return FileResponse(profile.emblem.open("rb"), content_type=content_type)
