from django.urls import include, path

from . import views

app_name = "planning"

urlpatterns = [
    path("", views.plan_tree, name="tree"),
    path("excel/", include("sakip.planning.excel.urls")),
]
