from django.apps import AppConfig


class DashboardConfig(AppConfig):
    """The dashboard (/dasbor/): capaian, trends, risks, data collection and budget, read-only."""

    name = "sakip.dashboard"
    label = "dashboard"
