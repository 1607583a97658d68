"""Django admin of the quarterly data: read-only records.

Periods, submissions, realisasi, evidence, monthly progress and receipts change only through the
services (audited, with their state rules: a locked quarter
refuses every change), so the admin shows them and changes nothing. Evidence files are not linked from here: they are served
only by the access-checked download view.
"""

from __future__ import annotations

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from .models import (
    Evidence,
    MonthlyProgress,
    Realisasi,
    ReportingPeriod,
    ReportReceipt,
    UnitSubmission,
)


class ReadOnlyAdminMixin:
    def has_add_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False


class SubmissionInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = UnitSubmission
    extra = 0
    fields = ("unit", "status", "submitted_at", "reviewed_at")


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("__str__", "agency", "status", "deadline", "locked_at")
    list_select_related = ("agency",)
    list_filter = ("year", "quarter", "status")
    inlines = [SubmissionInline]


class RealisasiInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Realisasi
    extra = 0
    fields = ("indicator", "value", "problems", "solutions", "review_note")


@admin.register(UnitSubmission)
class UnitSubmissionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("__str__", "unit", "status", "submitted_at", "reviewed_at")
    # __str__ names the period and the unit: joined, not read per row.
    list_select_related = ("period", "unit")
    list_filter = ("status", "period__year", "period__quarter")
    inlines = [RealisasiInline]


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("name", "realisasi", "content_type", "size", "uploaded_by", "uploaded_at")
    list_select_related = (
        "realisasi__indicator",
        "realisasi__submission__period",
        "uploaded_by__employee",
    )
    exclude = ("file",)


@admin.register(MonthlyProgress)
class MonthlyProgressAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("submission", "sub_activity", "month", "physical_percent", "budget_spent")
    list_select_related = ("submission__period", "submission__unit", "sub_activity")


@admin.register(ReportReceipt)
class ReportReceiptAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("period", "kind", "user", "sent_at", "acknowledged_at")
    list_select_related = ("period", "user__employee")
