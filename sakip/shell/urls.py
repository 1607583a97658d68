from django.urls import path

from . import views

app_name = "shell"

urlpatterns = [
    path("", views.home, name="home"),
    path("tahun/", views.choose_year, name="choose_year"),
]
