"""Every document page, one namespace (``reports:``), mounted at the site root by config/urls.py.

The archive lives under /dokumen/. The quarterly, semester and annual (LKjIP) report pages keep the
addresses they had under the quarterly data collection (/pengumpulan-data/laporan/…,
/pengumpulan-data/lkjip/…), where the people of SOP 2 find them; only their code lives here.
"""

from django.urls import include, path

from . import views

app_name = "reports"

archive_patterns = [
    path("", views.archive, name="archive"),
    path("<int:pk>/docx/", views.download_docx, name="download_docx"),
    path("<int:pk>/pdf/", views.download_pdf, name="download_pdf"),
    path("<int:pk>/xlsx/", views.download_xlsx, name="download_xlsx"),
    path("<int:pk>/terbitkan/", views.publish, name="publish"),
    path("proses/<int:pk>/", views.job, name="job"),
    path("proses/<int:pk>/coba-lagi/", views.job_retry, name="job_retry"),
]

urlpatterns = [
    path("dokumen/", include(archive_patterns)),
    path("pengumpulan-data/laporan/", include("sakip.reports.quarterly.urls")),
    path("pengumpulan-data/lkjip/", include("sakip.reports.annual.urls")),
]
