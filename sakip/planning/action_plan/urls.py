"""Rencana Aksi screens, mounted at /rencana/rencana-aksi/ inside the "planning" namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.action_plan_list, name="action_plan_list"),
    path("baru/", views.action_plan_create, name="action_plan_create"),
    path("<int:pk>/", views.action_plan_detail, name="action_plan_detail"),
    path("<int:pk>/ajukan/", views.action_plan_submit, name="action_plan_submit"),
    path("<int:pk>/setujui/", views.action_plan_accept, name="action_plan_accept"),
    path("<int:pk>/kembalikan/", views.action_plan_return, name="action_plan_return"),
    path("<int:pk>/tambah-indikator/", views.action_plan_sync, name="action_plan_sync"),
    path("<int:pk>/unduh-excel/", views.action_plan_export, name="action_plan_export"),
    path("<int:pk>/unggah-excel/", views.action_plan_import, name="action_plan_import"),
    path(
        "<int:pk>/unggah-excel/terapkan/",
        views.action_plan_import_confirm,
        name="action_plan_import_confirm",
    ),
]
