import contextlib

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from sakip.organization.access import access_for

from .years import set_selected_year


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Everyone lands where their work is; until the inbox exists, that is the plan."""
    access = access_for(request.user)
    if access.is_admin and not access.roles:
        return redirect("admin:index")
    if access.roles or access.is_admin:
        return redirect("planning:tree")
    return render(request, "core/no_role.html")


@require_POST
@login_required
def choose_year(request: HttpRequest) -> HttpResponse:
    with contextlib.suppress(ValueError):
        set_selected_year(request, int(request.POST.get("year", "")))
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return redirect(target)
