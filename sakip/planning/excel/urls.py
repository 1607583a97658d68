"""Excel export and import of the plan; included into the planning namespace at /rencana/excel/."""

from django.urls import path

from . import views

urlpatterns = [
    path("ekspor/", views.export_view, name="export"),
    path("impor/", views.import_view, name="import"),
    path("impor/terapkan/", views.import_confirm_view, name="import_confirm"),
    path("impor/proses/<int:pk>/", views.import_job_view, name="import_job"),
]
