from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from sakip.accounts.types import AuthenticatedHttpRequest

from .selectors import organization_chart


@login_required
def structure(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The unit tree the user may see, with each position, its holder and direct superior."""
    return render(
        request, "organization/structure.html", {"units": organization_chart(request.user)}
    )
