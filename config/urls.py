from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("akun/", include("sakip.shell.accounts_urls")),
    path("administrasi/", include("sakip.administration.urls")),
    # The public portal: published documents, no login (sakip/portal).
    path("publik/", include("sakip.portal.urls")),
    path("rencana/", include("sakip.planning.urls")),
    path("organisasi/", include("sakip.organization.urls")),
    path("prosedur/", include("sakip.procedures.urls")),
    path("pengumpulan-data/", include("sakip.monitoring.urls")),
    path("dasbor/", include("sakip.dashboard.urls")),
    # The regency view for the Bagian Organisasi (sakip/regency).
    path("kabupaten/", include("sakip.regency.urls")),
    # The archive (/dokumen/) and the report pages under /pengumpulan-data/ (sakip/reports/urls.py).
    path("", include("sakip.reports.urls")),
    path("", include("sakip.shell.urls")),
]

# The app's own error pages, in the layout and the chosen language (sakip/core/errors.py).
handler400 = "sakip.core.errors.bad_request"
handler403 = "sakip.core.errors.permission_denied"
handler404 = "sakip.core.errors.page_not_found"
handler500 = "sakip.core.errors.server_error"
