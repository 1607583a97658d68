"""Administration in the app, in Indonesian (issue 10): the administrator's pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sakip.accounts.types import AuthenticatedHttpRequest

from .access import can_administer, require_administrator, require_people_administrator
from .lockouts import current_lockouts, lockout_lift


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_people_administrator(request.user)
    is_admin = can_administer(request.user)
    return render(
        request,
        "administration/home.html",
        {"is_admin": is_admin, "lockouts": current_lockouts() if is_admin else []},
    )


@login_required
def lockout_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_administrator(request.user)
    return render(request, "administration/lockouts.html", {"lockouts": current_lockouts()})


@login_required
@require_POST
def lockout_lift_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    require_administrator(request.user)
    if lockout_lift(actor=request.user, attempt_id=pk):
        messages.success(request, _("Kunci sudah dibuka; akun dapat masuk lagi."))
    else:
        messages.info(request, _("Kunci ini sudah terbuka sebelumnya."))
    return redirect("administration:lockout_list")
