from django.apps import AppConfig


class ProceduresConfig(AppConfig):
    name = "sakip.procedures"
    label = "procedures"

    def ready(self) -> None:
        from sakip.core.data_stamp import CALENDAR, TASKS, watch

        from .models import (
            Holiday,
            Notification,
            ProcedureRun,
            Sop,
            SopLane,
            SopRevision,
            SopStep,
            Task,
            WorkSchedule,
            WorkScheduleDay,
        )

        # What the inbox, the dashboard's task cards and the compliance page are computed from
        # (core/data_stamp.py): the tasks, their notifications and runs, and the SOP they follow.
        watch([Task, Notification, ProcedureRun, Sop, SopRevision, SopLane, SopStep], TASKS)
        # What a deadline's working time is computed from.
        watch([WorkSchedule, WorkScheduleDay, Holiday], CALENDAR)
