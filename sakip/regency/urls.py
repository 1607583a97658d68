"""The regency view, mounted at /kabupaten/ (namespace "regency")."""

from django.urls import path

from . import views

app_name = "regency"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("instansi/<int:pk>/", views.agency, name="agency"),
]
