from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("akun/", include("sakip.accounts.urls")),
    path("rencana/", include("sakip.planning.urls")),
    path("organisasi/", include("sakip.organization.urls")),
    path("prosedur/", include("sakip.procedures.urls")),
    path("pengumpulan-data/", include("sakip.monitoring.urls")),
    path("dokumen/", include("sakip.reports.urls")),
    path("", include("sakip.core.urls")),
]
