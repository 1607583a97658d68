"""The LKjIP pages (SOP 2 step 9), reports namespace, mounted at /pengumpulan-data/lkjip/ by
sakip.reports.urls."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.annual_report_list, name="annual_report_list"),
    path("<int:year>/", views.annual_report, name="annual_report"),
    path("<int:year>/buat/", views.annual_report_create, name="annual_report_create"),
    path(
        "<int:year>/grafik/<slug:name>.png",
        views.annual_report_chart,
        name="annual_report_chart",
    ),
    path("<int:year>/bagian/<str:key>/", views.annual_section_edit, name="annual_section_edit"),
    path(
        "<int:year>/bagian/<str:key>/kembalikan/",
        views.annual_section_reset,
        name="annual_section_reset",
    ),
]
