"""Quarterly data collection (SOP 2); the Excel round trip keeps its own url module."""

from django.urls import include, path

app_name = "monitoring"

urlpatterns = [
    path("", include("sakip.monitoring.urls_cycle")),
    path("excel/", include("sakip.monitoring.excel.urls")),
    path("laporan/", include("sakip.monitoring.urls_reports")),
]
