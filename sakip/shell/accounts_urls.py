from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import accounts_views as views

app_name = "accounts"

urlpatterns = [
    path("masuk/", views.SakipLoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("profil/", views.profile, name="profile"),
    path(
        "kata-sandi/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_change.html",
            success_url=reverse_lazy("accounts:password_change_done"),
        ),
        name="password_change",
    ),
    path(
        "kata-sandi/selesai/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="accounts/password_change_done.html"
        ),
        name="password_change_done",
    ),
]
