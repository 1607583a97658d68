"""The working calendar (mounted at /prosedur/kalender/ in the "procedures" namespace)."""

from django.urls import path

from . import views_calendar as views

urlpatterns = [
    path("", views.holiday_list, name="holiday_list"),
    path("libur/baru/", views.holiday_create, name="holiday_create"),
    path("libur/<int:pk>/ubah/", views.holiday_update, name="holiday_update"),
    path("libur/<int:pk>/hapus/", views.holiday_delete, name="holiday_delete"),
    path("jam-kerja/baru/", views.schedule_create, name="schedule_create"),
    path("jam-kerja/<int:pk>/", views.schedule_detail, name="schedule_detail"),
    path("jam-kerja/<int:pk>/ubah/", views.schedule_update, name="schedule_update"),
    path("jam-kerja/<int:pk>/hapus/", views.schedule_delete, name="schedule_delete"),
]
