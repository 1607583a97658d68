from django.urls import path

from . import views

app_name = "administration"

urlpatterns = [
    path("", views.home, name="home"),
    path("akun-terkunci/", views.lockout_list, name="lockout_list"),
    path("akun-terkunci/<int:pk>/buka/", views.lockout_lift_view, name="lockout_lift"),
]
