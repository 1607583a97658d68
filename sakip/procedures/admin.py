"""Django admin of the procedures app.

SOP revisions are read-only here: an SOP changes through its edit page, which creates a new
revision (services_sops.sop_revise). Runs, tasks and notifications are records of what happened and
are read-only too. Working hours and holidays are settings, editable and audited.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.forms.models import model_to_dict
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from sakip.audit.admin_mixins import AuditedAdmin, admin_actor
from sakip.audit.services import audit_record, diff

from .models import (
    Holiday,
    Notification,
    ProcedureRun,
    Sop,
    SopLane,
    SopRevision,
    SopStep,
    Task,
    TaskFile,
    WorkSchedule,
    WorkScheduleDay,
)


class ReadOnlyAdminMixin:
    """View only: no add, change or delete (the records are written by services)."""

    def has_add_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False


class ReadOnlyInline(ReadOnlyAdminMixin, admin.TabularInline):
    extra = 0
    show_change_link = False


class SopLaneInline(ReadOnlyInline):
    model = SopLane
    fields = ("order", "name", "role", "relative")


class SopStepInline(ReadOnlyInline):
    model = SopStep
    fk_name = "revision"
    fields = (
        "number",
        "activity",
        "lane",
        "requirements",
        "duration_value",
        "duration_unit",
        "output",
        "symbol",
        "fan_out",
        "repeat",
        "return_to",
        "action",
    )


class SopRevisionInline(ReadOnlyInline):
    model = SopRevision
    fields = ("revision", "number", "title", "effective_date", "created_by", "change_note")
    show_change_link = True


@admin.register(Sop)
class SopAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("__str__", "code", "agency", "workflow")
    list_filter = ("workflow", "agency")
    search_fields = ("code", "revisions__title", "revisions__number")
    inlines = [SopRevisionInline]


@admin.register(SopRevision)
class SopRevisionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("title", "revision", "number", "effective_date", "sop")
    list_filter = ("sop__agency",)
    search_fields = ("title", "number")
    list_select_related = ("sop",)
    inlines = [SopLaneInline, SopStepInline]


class TaskInline(ReadOnlyInline):
    model = Task
    fields = ("step", "unit", "assignee", "round", "status", "deadline", "completed_at", "outcome")


@admin.register(ProcedureRun)
class ProcedureRunAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("title", "agency", "year", "quarter", "status", "started_at", "completed_at")
    list_filter = ("status", "agency", "year")
    search_fields = ("title",)
    date_hierarchy = "started_at"
    inlines = [TaskInline]


class TaskFileInline(ReadOnlyInline):
    model = TaskFile
    fields = ("name", "uploaded_by", "uploaded_at")


@admin.register(Task)
class TaskAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("__str__", "assignee", "status", "deadline", "completed_at", "outcome")
    list_filter = ("status", "outcome", "run__agency")
    search_fields = ("run__title", "step__activity", "assignee__username")
    list_select_related = ("run", "step", "unit", "assignee")
    inlines = [TaskFileInline]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("user", "kind", "message", "created_at", "read_at", "emailed_at")
    list_filter = ("kind",)
    search_fields = ("user__username", "message")
    list_select_related = ("user",)


class WorkScheduleDayInline(admin.TabularInline):
    model = WorkScheduleDay
    extra = 0


@admin.register(WorkSchedule)
class WorkScheduleAdmin(AuditedAdmin):
    list_display = ("name", "agency", "valid_from", "valid_to")
    list_filter = ("agency",)
    exclude = ("version",)  # the optimistic-locking counter is not typed in
    inlines = [WorkScheduleDayInline]

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """The weekday rows are part of the schedule: audit their changes on the schedule."""
        before = {
            str(day.pk): {k: str(v) for k, v in model_to_dict(day).items()}
            for day in formset.queryset
        }
        super().save_formset(request, form, formset, change)
        after = {
            str(day.pk): {k: str(v) for k, v in model_to_dict(day).items()}
            for day in WorkScheduleDay.objects.filter(schedule=form.instance)
        }
        changes = diff(before, after)
        if changes:
            audit_record(
                actor=admin_actor(request),
                instance=form.instance,
                action="update",
                changes={_day_key(k): v for k, v in changes.items()},
                note="admin",
            )


def _day_key(pk: str) -> str:
    return str(_("hari kerja #%(pk)s") % {"pk": pk})


@admin.register(Holiday)
class HolidayAdmin(AuditedAdmin):
    list_display = ("date", "name", "kind", "agency")
    exclude = ("version",)
    list_filter = ("kind", "agency")
    search_fields = ("name",)
    date_hierarchy = "date"
