"""The quarterly and semester report pages (reports namespace, mounted at
/pengumpulan-data/laporan/ by sakip.reports.urls)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.quarterly_report_list, name="quarterly_report_list"),
    path("<int:pk>/", views.quarterly_report, name="quarterly_report"),
    path("<int:pk>/buat/", views.quarterly_report_create, name="quarterly_report_create"),
    path(
        "<int:pk>/grafik/<slug:name>.png",
        views.quarterly_report_chart,
        name="quarterly_report_chart",
    ),
    path("<int:pk>/semester/", views.semester_report, name="semester_report"),
    path(
        "<int:pk>/semester/buat/",
        views.semester_report_create,
        name="semester_report_create",
    ),
    path(
        "<int:pk>/semester/grafik/<slug:name>.png",
        views.semester_report_chart,
        name="semester_report_chart",
    ),
]
