"""Session rules of a government system: sign out the idle, keep signed-in pages out of caches."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import resolve_url
from django.utils.cache import add_never_cache_headers

#: Session key: when the person last did something (seconds since the epoch).
LAST_ACTIVITY = "sakip_last_activity"
#: A request the page makes on its own (asking how long the session has left) sends this header;
#: it is not the person's activity and does not extend the session.
PASSIVE_HEADER = "HTTP_X_SAKIP_PASSIVE"
#: Activity is written to the session at most this often, so that pages do not write the session
#: on every request.
WRITE_EVERY_SECONDS = 30


def idle_timeout_seconds() -> int:
    return int(settings.SESSION_IDLE_TIMEOUT_SECONDS)


def seconds_left(request: HttpRequest, now: float | None = None) -> float | None:
    """How long the signed-in session has before it ends for idleness; None without a limit."""
    timeout = idle_timeout_seconds()
    if timeout <= 0:
        return None
    last = request.session.get(LAST_ACTIVITY)
    if not isinstance(last, int | float):
        return float(timeout)
    return timeout - ((now if now is not None else time.time()) - last)


def mark_active(request: HttpRequest, now: float | None = None) -> None:
    request.session[LAST_ACTIVITY] = now if now is not None else time.time()


@receiver(user_logged_in)
def _start_the_clock(sender: Any, request: HttpRequest | None, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        mark_active(request)


def _signed_out_response(request: HttpRequest) -> HttpResponse:
    """Where a request of an expired session goes: the login page, which says why and leads
    back to the page the person was on (for a page's own request, the page it came from)."""
    login = resolve_url(settings.LOGIN_URL)
    query = {"idle": "1"}
    if request.headers.get("HX-Request"):
        current = urlsplit(request.headers.get("HX-Current-URL", ""))
        if current.path:
            query["next"] = current.path + (f"?{current.query}" if current.query else "")
        response = HttpResponse(status=204)
        response["HX-Redirect"] = f"{login}?{urlencode(query)}"
        return response
    if request.META.get(PASSIVE_HEADER) or request.headers.get("Accept") == "application/json":
        # sakip.js adds the page it is on as `next`.
        return JsonResponse({"seconds_left": 0, "login_url": f"{login}?idle=1"}, status=401)
    if request.method == "GET":
        query["next"] = request.get_full_path()
    return HttpResponseRedirect(f"{login}?{urlencode(query)}")


class IdleTimeoutMiddleware:
    """Sign out a person who has been idle longer than SESSION_IDLE_TIMEOUT_SECONDS (set in minutes).

    Every request the person makes counts as activity; the page also reports typing and clicks
    (sakip.js), so nobody is signed out in the middle of filling a long form. Passive requests
    (the page asking how long is left) do not count.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and idle_timeout_seconds() > 0:
            now = time.time()
            left = seconds_left(request, now)
            if left is not None and left <= 0:
                logout(request)
                return _signed_out_response(request)
            last = request.session.get(LAST_ACTIVITY)
            stale = not isinstance(last, int | float) or now - last >= WRITE_EVERY_SECONDS
            if stale and not request.META.get(PASSIVE_HEADER):
                mark_active(request, now)
        return self.get_response(request)


class NoStoreWhenSignedInMiddleware:
    """A signed-in page or file must not stay in a browser's or a proxy's cache: after logout on a
    shared office computer, Back must not show the last person's data."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.user.is_authenticated:
            add_never_cache_headers(response)
        return response
