"""Request guards of every page: the language (Indonesian unless the user picked English) and the
refusal of NUL characters in query strings."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .errors import bad_request
from .nul import NulCharacterError, query_has_nul


class IgnoreBrowserLanguageMiddleware:
    """Drop Accept-Language so that LocaleMiddleware falls back to Indonesian.

    Civil servants' browsers are often set to English; the product's language is Indonesian, and
    English is an explicit choice (stored in the language cookie by Django's set_language view).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class RefuseNulMiddleware:
    """A NUL character in the query string (a filter, a search box, ?q=) is answered with the
    Indonesian 400 page before any view runs: no view has to think of it, and it never reaches a
    database query (PostgreSQL answered 500). Posted forms are left to their fields, which say
    so next to the input; sakip.core.nul guards the database behind them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if query_has_nul(request.GET):
            return bad_request(request, NulCharacterError("NUL in the query string"))
        return self.get_response(request)
