import contextlib

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from sakip.accounts.types import AuthenticatedHttpRequest
from sakip.core.years import set_selected_year
from sakip.dashboard.selectors import LANDING_ROLES as DASHBOARD_LANDING_ROLES
from sakip.organization.access import access_for
from sakip.organization.choices import KASUBAG_ROLES, Role

# Roles that work in SOP lanes and so start their day in the inbox.
LANE_ROLES = {
    Role.SECRETARY,
    *KASUBAG_ROLES,
    Role.DIVISION_HEAD,
    Role.SECTION_HEAD,
    Role.PLANNING_STAFF,
    Role.EMPLOYEE,
}


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Everyone lands where their work is (UX.md): the dashboard for the agency head, the
    Sekretaris and the planning staff, the inbox for the other people in SOP lanes, the regency
    view for the regency viewer, the administration for a bare administrator."""
    access = access_for(request.user)
    if access.is_admin and not access.roles:
        return redirect("administration:home")
    # The dashboard's readers land on it; their tasks are a card there (sakip.dashboard).
    if access.roles & DASHBOARD_LANDING_ROLES:
        return redirect("dashboard:home")
    if Role.REGENCY_VIEWER in access.roles and not access.roles & LANE_ROLES:
        return redirect("regency:overview")
    if access.roles:
        return redirect("procedures:inbox")
    return render(request, "core/no_role.html")


@require_POST
@login_required
def choose_year(request: AuthenticatedHttpRequest) -> HttpResponse:
    with contextlib.suppress(ValueError):
        set_selected_year(request, int(request.POST.get("year", "")))
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return redirect(target)
