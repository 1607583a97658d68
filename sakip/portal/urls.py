"""The public portal, mounted at /publik/ by config/urls.py."""

from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.index, name="index"),
    path("instansi/<int:pk>/", views.agency, name="agency"),
    path("instansi/<int:pk>/renstra/", views.renstra, name="renstra"),
    path("instansi/<int:pk>/iku/", views.iku, name="iku"),
    path("instansi/<int:pk>/rencana-aksi/<int:year>/", views.action_plans, name="action_plans"),
    path("dokumen/<int:pk>/pdf/", views.download, name="download"),
    path("dokumen/<int:pk>/docx/", views.download_docx, name="download_docx"),
]
