"""Inbox, runs, tasks, output files and compliance (mounted at /prosedur/, namespace "procedures")."""

from django.urls import path

from . import views_runs as views

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("notifikasi/<int:pk>/baca/", views.notification_read, name="notification_read"),
    path("notifikasi/baca-semua/", views.notifications_read_all, name="notifications_read_all"),
    path("pelaksanaan/", views.run_list, name="run_list"),
    path("pelaksanaan/baru/", views.run_start, name="run_start"),
    path("pelaksanaan/<int:pk>/", views.run_detail, name="run_detail"),
    path("tugas/<int:pk>/", views.task_detail, name="task_detail"),
    path("tugas/<int:pk>/selesai/", views.task_complete, name="task_complete"),
    path("tugas/<int:pk>/kembalikan/", views.task_return, name="task_return"),
    path("berkas/<int:pk>/", views.task_file, name="task_file"),
    path("kepatuhan/", views.compliance, name="compliance"),
    path("kepatuhan/xlsx/", views.compliance_xlsx, name="compliance_xlsx"),
]
