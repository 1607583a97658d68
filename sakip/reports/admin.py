"""Generated documents, report jobs and the LKjIP's narrative sections are read-only in the admin: a
document is immutable (a new generation is a new row), a job is written by its service and the
worker only, and a narrative section changes only through its service (audited, version-checked)."""

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from .models import AnnualReport, AnnualReportSection, GeneratedDocument, ReportJob


@admin.register(GeneratedDocument)
class GeneratedDocumentAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "kind",
        "year",
        "number",
        "agency",
        "unit",
        "created_by",
        "created_at",
        "published_at",
    )
    # The agency, unit and maker of every row in one query (the maker's name is their employee's).
    list_select_related = ("agency", "unit", "created_by__employee")
    list_filter = ("kind", "year", "agency")
    search_fields = ("title", "number")
    readonly_fields = [f.name for f in GeneratedDocument._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        # The archive keeps every version; a published one is the official document.
        return False


@admin.register(ReportJob)
class ReportJobAdmin(admin.ModelAdmin):
    list_display = (
        "pk",
        "kind",
        "title",
        "agency",
        "status",
        "progress",
        "heartbeat_at",
        "created_by",
        "created_at",
    )
    list_select_related = ("agency", "created_by__employee")
    list_filter = ("status", "kind")
    readonly_fields = [f.name for f in ReportJob._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


class ReadOnlyAdminMixin:
    def has_add_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False


class AnnualReportSectionInline(ReadOnlyAdminMixin, admin.StackedInline):
    model = AnnualReportSection
    extra = 0
    fields = ("key", "text", "updated_by", "updated_at", "version")
    readonly_fields = ("updated_at", "version")


@admin.register(AnnualReport)
class AnnualReportAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("__str__", "agency", "year", "updated_at")
    list_filter = ("year",)
    inlines = [AnnualReportSectionInline]
