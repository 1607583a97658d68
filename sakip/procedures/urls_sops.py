"""SOP definitions and their official sheets, under /prosedur/sop/ (namespace "procedures").

Pages of one SOP are addressed by a revision: the sheet shows that revision as signed; the edit page
always works on the latest one.
"""

from django.urls import path

from . import views_sops

urlpatterns = [
    path("", views_sops.sop_list, name="sop_list"),
    path("<int:pk>/", views_sops.sop_sheet, name="sop_sheet"),
    path("<int:pk>/pdf/", views_sops.sop_sheet_pdf, name="sop_sheet_pdf"),
    path("<int:pk>/riwayat/", views_sops.sop_history, name="sop_history"),
    path("<int:pk>/ubah/", views_sops.sop_edit, name="sop_edit"),
]
