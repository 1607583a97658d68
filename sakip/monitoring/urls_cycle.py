"""The quarterly cycle (SOP 2 steps 1–2), monitoring namespace, mounted at /pengumpulan-data/."""

from django.urls import path

from . import views_cycle as views

urlpatterns = [
    path("", views.period_list, name="period_list"),
    path("buka/", views.period_open, name="period_open"),
    path("<int:pk>/", views.period_detail, name="period_detail"),
    path("<int:pk>/kunci/", views.period_lock, name="period_lock"),
    path("<int:pk>/buka-kembali/", views.period_reopen, name="period_reopen"),
    path("<int:pk>/terima-laporan/", views.receipt_acknowledge, name="receipt_acknowledge"),
    path(
        "<int:period_pk>/unit/<int:unit_pk>/",
        views.submission_detail,
        name="submission_detail",
    ),
    path(
        "<int:period_pk>/unit/<int:unit_pk>/verifikasi/",
        views.submission_review,
        name="submission_review",
    ),
    path("bukti/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("bukti/<int:pk>/hapus/", views.evidence_delete, name="evidence_delete"),
]
