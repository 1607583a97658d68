"""People, their accounts and the positions they hold (issue 10).

The administrator and the Kasubag Umum dan Kepegawaian (their own agency) manage people and their
holdings; accounts are the administrator's only. Everyone else gets 404 (access.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from sakip.accounts.types import AuthenticatedHttpRequest
from sakip.core.forms import PlanForm
from sakip.organization import services as org
from sakip.organization.models import Employee

from . import selectors
from .access import can_administer, require_administrator, require_people_administrator
from .accounts import account_create, account_set_active, account_set_password
from .forms import AccountForm, HoldingEndForm, PasswordForm, PersonForm, PersonHoldingForm
from .selectors import holding_state

PAGE_SIZE = 25

PERSON_SAVED = _("Data pegawai telah disimpan.")
ACCOUNT_CREATED = _(
    "Akun %(username)s telah dibuat. Sampaikan nama pengguna dan kata sandi awalnya kepada "
    "pemiliknya secara langsung."
)
PASSWORD_SET = _("Kata sandi baru telah disimpan; sesi lama akun ini berakhir.")
DEACTIVATED = _("Akun telah dinonaktifkan; pemiliknya tidak dapat masuk lagi.")
ACTIVATED = _("Akun telah diaktifkan kembali.")
HOLDING_SAVED = _("Pengangkatan telah disimpan.")
HOLDING_ENDED = _("Masa jabatan telah diakhiri.")


def _run(form: PlanForm, call: Callable[[], Any]) -> Any:
    """Run a service; on a refusal put its messages next to the fields (typed values stay)."""
    try:
        return call()
    except ValidationError as exc:
        form.add_service_error(exc)
        return None


@login_required
def people_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_people_administrator(request.user)
    query = request.GET.get("q", "").strip()
    people = selectors.search_people(request.user, query)
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "administration/people_list.html",
        {"page": page, "q": query, "filter_query": urlencode({"q": query}) if query else ""},
    )


def _person_form_page(
    request: AuthenticatedHttpRequest, form: PersonForm, **context: Any
) -> HttpResponse:
    return render(request, "administration/person_form.html", {"form": form, **context})


@login_required
def person_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_people_administrator(request.user)
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = _run(
            form,
            lambda: org.employee_create(
                actor=request.user,
                nip=data["nip"],
                name=data["name"],
                front_title=data["front_title"],
                back_title=data["back_title"],
                rank=data["rank"],
                email=data["email"],
            ),
        )
        if person is not None:
            messages.success(request, PERSON_SAVED)
            return redirect("administration:person_detail", pk=person.pk)
    return _person_form_page(request, form, title=_("Tambah pegawai"))


@login_required
def person_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    require_people_administrator(request.user)
    person = selectors.person_for_change(request.user, pk)
    form = PersonForm(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = _run(
            form,
            lambda: org.employee_update(
                actor=request.user,
                employee=person,
                expected_version=form.expected_version,
                nip=data["nip"],
                name=data["name"],
                front_title=data["front_title"],
                back_title=data["back_title"],
                rank=data["rank"],
                email=data["email"],
            ),
        )
        if saved is not None:
            messages.success(request, PERSON_SAVED)
            return redirect("administration:person_detail", pk=person.pk)
    return _person_form_page(request, form, title=_("Ubah data pegawai"), person=person)


@login_required
def person_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    require_people_administrator(request.user)
    person = selectors.person_for_change(request.user, pk)
    today = timezone.localdate()
    holdings = list(person.holdings.select_related("position__unit").order_by("-start_date", "-pk"))
    for holding in holdings:
        holding.state = holding_state(holding, today)  # type: ignore[attr-defined]
    return render(
        request,
        "administration/person_detail.html",
        {
            "person": person,
            "holdings": holdings,
            "history": selectors.person_history(person),
            "manages_accounts": can_administer(request.user),
        },
    )


@login_required
def person_holding_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Give a person a position: definitive, Plt or Plh, for a period."""
    require_people_administrator(request.user)
    person = selectors.person_for_change(request.user, pk)
    positions = (
        selectors.positions_for(request.user)
        .filter(unit__in=selectors.open_units_for(request.user))
        .select_related("unit")
        .order_by("unit__path", "-is_unit_head", "title")
    )
    form = PersonHoldingForm(request.POST or None, positions=positions)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        holding = _run(
            form,
            lambda: org.holding_create(
                actor=request.user,
                position=data["position"],
                employee=person,
                kind=data["kind"],
                start_date=data["start_date"],
                end_date=data["end_date"],
            ),
        )
        if holding is not None:
            messages.success(request, HOLDING_SAVED)
            return redirect("administration:person_detail", pk=person.pk)
    return render(
        request,
        "administration/simple_form.html",
        {
            "form": form,
            "title": _("Angkat dalam jabatan"),
            "subject": person.display_name,
            "back_url": person_url(person),
        },
    )


def person_url(person: Employee) -> str:
    return reverse("administration:person_detail", args=[person.pk])


def _next_or(request: AuthenticatedHttpRequest, default: str) -> str:
    """Back to the page the action came from (the position's page), only within this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@login_required
def holding_end(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    require_people_administrator(request.user)
    holding = selectors.holding_for_change(request.user, pk)
    form = HoldingEndForm(
        request.POST or None,
        initial={"end_date": holding.end_date or timezone.localdate(), "version": holding.version},
    )
    if request.method == "POST" and form.is_valid():
        saved = _run(
            form,
            lambda: org.holding_end(
                actor=request.user,
                holding=holding,
                end_date=form.cleaned_data["end_date"],
                expected_version=form.expected_version,
            ),
        )
        if saved is not None:
            messages.success(request, HOLDING_ENDED)
            return redirect(_next_or(request, person_url(holding.employee)))
    return render(
        request,
        "administration/simple_form.html",
        {
            "form": form,
            "title": _("Akhiri masa jabatan"),
            "subject": str(holding),
            "back_url": _next_or(request, person_url(holding.employee)),
            "next": request.GET.get("next", ""),
            "note": _(
                "Sesudah hari terakhir itu pemangku tidak lagi mendapat tugas dan hak akses "
                "jabatan ini."
            ),
        },
    )


# --- accounts (the administrator's) ----------------------------------------------------------


@login_required
def account_create_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    require_administrator(request.user)
    person = selectors.person_for_change(request.user, pk)
    if person.user_id is not None:
        return redirect("administration:person_detail", pk=person.pk)
    form = AccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = _run(
            form,
            lambda: account_create(
                actor=request.user,
                employee=person,
                username=data["username"],
                password=data["password1"],
            ),
        )
        if user is not None:
            messages.success(request, ACCOUNT_CREATED % {"username": user.username})
            return redirect("administration:person_detail", pk=person.pk)
    return render(
        request,
        "administration/simple_form.html",
        {
            "form": form,
            "title": _("Buat akun"),
            "subject": person.display_name,
            "back_url": person_url(person),
        },
    )


def _account_of(request: AuthenticatedHttpRequest, pk: int) -> tuple[Employee, Any]:
    require_administrator(request.user)
    person = selectors.person_for_change(request.user, pk)
    if person.user_id is None:
        raise Http404
    return person, selectors.account_for_change(request.user, person.user_id)


@login_required
def account_password(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person, account = _account_of(request, pk)
    form = PasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        saved = _run(
            form,
            lambda: account_set_password(
                actor=request.user, account=account, password=form.cleaned_data["password1"]
            ),
        )
        if saved is not None:
            messages.success(request, PASSWORD_SET)
            return redirect("administration:person_detail", pk=person.pk)
    return render(
        request,
        "administration/simple_form.html",
        {
            "form": form,
            "title": _("Atur ulang kata sandi"),
            "subject": f"{person.display_name} ({account.username})",
            "back_url": person_url(person),
        },
    )


def _set_active(request: AuthenticatedHttpRequest, pk: int, active: bool) -> HttpResponse:
    person, account = _account_of(request, pk)
    try:
        account_set_active(actor=request.user, account=account, active=active)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, ACTIVATED if active else DEACTIVATED)
    return redirect("administration:person_detail", pk=person.pk)


@login_required
@require_POST
def account_deactivate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _set_active(request, pk, False)


@login_required
@require_POST
def account_activate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _set_active(request, pk, True)
