"""SOP 1 screens, mounted at /rencana/rkt/ inside the "planning" namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.rkt_list, name="rkt_list"),
    path("<int:pk>/", views.rkt_detail, name="rkt_detail"),
    path("formulir/<int:pk>/", views.rkt_form, name="rkt_form"),
    path("formulir/<int:pk>/terima-sosialisasi/", views.rkt_acknowledge, name="rkt_acknowledge"),
    path("formulir/<int:pk>/selesai-isi/", views.rkt_fill_complete, name="rkt_fill_complete"),
    path("formulir/<int:pk>/kirim/", views.rkt_submit, name="rkt_submit"),
    path("formulir/<int:pk>/periksa/", views.rkt_review, name="rkt_review"),
    path("sosialisasi/<int:pk>/", views.rkt_socialization, name="rkt_socialization"),
]
