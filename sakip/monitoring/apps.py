from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "sakip.monitoring"
    label = "monitoring"

    def ready(self) -> None:
        # SOP 2's quarterly step handlers and workflow hooks register themselves on import, and
        # so does the rule that keeps out-of-date report versions from being published.
        from . import handlers, publication  # noqa: F401
