"""Generated documents are read-only in the admin: they are immutable, a new generation is a new row."""

from django.contrib import admin

from .models import GeneratedDocument


@admin.register(GeneratedDocument)
class GeneratedDocumentAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "year", "number", "agency", "unit", "created_by", "created_at")
    list_filter = ("kind", "year", "agency")
    search_fields = ("title", "number")
    readonly_fields = [f.name for f in GeneratedDocument._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
