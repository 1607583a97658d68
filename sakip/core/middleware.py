"""Language choice: Indonesian unless the user picked English."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


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
