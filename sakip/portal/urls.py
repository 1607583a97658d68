"""The public portal, mounted at /publik/ by config/urls.py."""

from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.index, name="index"),
    path("instansi/<int:pk>/", views.agency, name="agency"),
    path("dokumen/<int:pk>/pdf/", views.download, name="download"),
]
