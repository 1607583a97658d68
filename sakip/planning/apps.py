from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "sakip.planning"
    label = "planning"

    def ready(self) -> None:
        # SOP 1's step handlers and workflow hooks register themselves on import.
        from sakip.core.data_stamp import TASKS, watch

        from .models import Renstra
        from .rkt import handlers  # noqa: F401
        from .rkt_models import RktForm

        # Pages keep the Renstra (its title, years and agency) under the figures' stamp.
        watch([Renstra])
        # The inbox keeps its tasks' work pages, which are the units' RKT forms.
        watch([RktForm], TASKS)
