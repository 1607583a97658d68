"""Quarterly data collection (SOP 2); the Excel round trip, the reports and the LKjIP keep their own
url modules."""

from django.urls import include, path

app_name = "monitoring"

urlpatterns = [
    path("lkjip/", include("sakip.monitoring.urls_annual")),
    path("", include("sakip.monitoring.urls_cycle")),
    path("excel/", include("sakip.monitoring.excel.urls")),
    path("laporan/", include("sakip.monitoring.urls_reports")),
]
