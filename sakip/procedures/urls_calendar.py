"""The working calendar (mounted at /prosedur/kalender/ in the "procedures" namespace)."""

from django.urls import path

from . import views_calendar as views

urlpatterns = [
    path("", views.holiday_list, name="holiday_list"),
    path("libur/baru/", views.holiday_create, name="holiday_create"),
    path("libur/<int:pk>/ubah/", views.holiday_update, name="holiday_update"),
    path("libur/<int:pk>/hapus/", views.holiday_delete, name="holiday_delete"),
]
