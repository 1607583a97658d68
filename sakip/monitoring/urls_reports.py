"""The quarterly and semester report pages (monitoring namespace, mounted at /pengumpulan-data/laporan/)."""

from django.urls import path

from . import views_reports

urlpatterns = [
    path("", views_reports.quarterly_report_list, name="quarterly_report_list"),
    path("<int:pk>/", views_reports.quarterly_report, name="quarterly_report"),
    path("<int:pk>/buat/", views_reports.quarterly_report_create, name="quarterly_report_create"),
    path(
        "<int:pk>/grafik/<slug:name>.png",
        views_reports.quarterly_report_chart,
        name="quarterly_report_chart",
    ),
    path("<int:pk>/semester/", views_reports.semester_report, name="semester_report"),
    path(
        "<int:pk>/semester/buat/",
        views_reports.semester_report_create,
        name="semester_report_create",
    ),
    path(
        "<int:pk>/semester/grafik/<slug:name>.png",
        views_reports.semester_report_chart,
        name="semester_report_chart",
    ),
]
