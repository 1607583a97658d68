from django.http import HttpRequest, HttpResponse


def plan_tree(request: HttpRequest) -> HttpResponse:
    return HttpResponse("")
