import math

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from sakip.accounts.forms import LoginForm
from sakip.accounts.middleware import mark_active, seconds_left
from sakip.accounts.types import AuthenticatedHttpRequest
from sakip.organization.access import access_for
from sakip.organization.selectors import active_holdings

from .demo_accounts import demo_accounts


class SakipLoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        context = super().get_context_data(**kwargs)
        if settings.DEMO_MODE:
            context["demo_accounts"] = demo_accounts()
            context["demo_password"] = settings.DEMO_PASSWORD
        context["signed_out_idle"] = self.request.GET.get("idle") == "1"
        context["idle_minutes"] = settings.SESSION_IDLE_TIMEOUT_SECONDS // 60
        return context


@login_required
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    employee = getattr(request.user, "employee", None)
    holdings = (
        active_holdings()
        .filter(employee=employee)
        .select_related("position__unit", "position__superior")
        if employee
        else []
    )
    return render(
        request,
        "accounts/profile.html",
        {"employee": employee, "holdings": holdings, "access": access_for(request.user)},
    )


@require_http_methods(["GET", "POST"])
def session_status(request: HttpRequest) -> HttpResponse:
    """How long the signed-in session has left (GET, asked by the page without counting as
    activity), or "I am still here" (POST, the page's report of typing and clicks)."""
    if not request.user.is_authenticated:
        return JsonResponse({"seconds_left": 0}, status=401)
    if request.method == "POST":
        mark_active(request)
        return HttpResponse(status=204)
    left = seconds_left(request)
    return JsonResponse({"seconds_left": None if left is None else max(0, math.ceil(left))})
