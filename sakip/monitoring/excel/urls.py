"""The quarterly Excel round trip; included into the monitoring namespace at /pengumpulan-data/excel/."""

from django.urls import path

from . import views

urlpatterns = [
    path("<int:pk>/templat/", views.template_view, name="excel_template"),
    path("<int:pk>/unggah/", views.upload_view, name="excel_upload"),
    path("<int:pk>/terapkan/", views.confirm_view, name="excel_confirm"),
]
