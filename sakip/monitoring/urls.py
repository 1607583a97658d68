"""Quarterly data collection (SOP 2); the Excel round trip keeps its own url module. The report
pages under /pengumpulan-data/laporan/ and /pengumpulan-data/lkjip/ belong to sakip.reports."""

from django.urls import include, path

app_name = "monitoring"

urlpatterns = [
    path("", include("sakip.monitoring.urls_cycle")),
    path("excel/", include("sakip.monitoring.excel.urls")),
]
