from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from sakip.accounts.forms import LoginForm
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
