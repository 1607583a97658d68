"""Generated documents and report jobs are read-only in the admin: a document is immutable (a new
generation is a new row), and a job is written by its service and the worker only."""

from django.contrib import admin

from .models import GeneratedDocument, ReportJob


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
