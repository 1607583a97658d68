from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "sakip.planning"
    label = "planning"

    def ready(self) -> None:
        # SOP 1's step handlers and workflow hooks register themselves on import.
        from .rkt import handlers  # noqa: F401
