"""The dashboard, mounted at /dasbor/ by config/urls.py."""

from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("", views.dashboard, name="home"),
    path("ekspor/", views.dashboard_xlsx, name="export"),
]
