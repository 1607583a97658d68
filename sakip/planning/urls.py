from django.urls import include, path

from . import views

app_name = "planning"

urlpatterns = [
    path("", views.plan_tree, name="tree"),
    path("renstra/baru/", views.renstra_create, name="renstra_create"),
    path("renstra/<int:pk>/ubah/", views.renstra_update, name="renstra_update"),
    path("tujuan/baru/", views.goal_create, name="goal_create"),
    path("tujuan/<int:pk>/ubah/", views.goal_update, name="goal_update"),
    path("sasaran/baru/", views.objective_create, name="objective_create"),
    path("sasaran/<int:pk>/ubah/", views.objective_update, name="objective_update"),
    path("indikator/baru/", views.indicator_create, name="indicator_create"),
    path("indikator/<int:pk>/", views.indicator_detail, name="indicator_detail"),
    path("indikator/<int:pk>/ubah/", views.indicator_update, name="indicator_update"),
    path("program/baru/", views.program_create, name="program_create"),
    path("program/<int:pk>/ubah/", views.program_update, name="program_update"),
    path("kegiatan/baru/", views.activity_create, name="activity_create"),
    path("kegiatan/<int:pk>/ubah/", views.activity_update, name="activity_update"),
    path("sub-kegiatan/baru/", views.sub_activity_create, name="sub_activity_create"),
    path("sub-kegiatan/<int:pk>/ubah/", views.sub_activity_update, name="sub_activity_update"),
    path("excel/", include("sakip.planning.excel.urls")),
    path("rkt/", include("sakip.planning.rkt.urls")),
    path("rencana-aksi/", include("sakip.planning.action_plan.urls")),
]
