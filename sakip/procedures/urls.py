"""Procedures: inbox, runs and tasks, SOP definitions and documents, the working calendar.

Each part keeps its own url module; they share the "procedures" namespace.
"""

from django.urls import include, path

app_name = "procedures"

urlpatterns = [
    path("", include("sakip.procedures.urls_runs")),
    path("sop/", include("sakip.procedures.urls_sops")),
    path("kalender/", include("sakip.procedures.urls_calendar")),
]
