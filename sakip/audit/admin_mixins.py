"""Django admin changes are state changes too: record them like the services do."""

from typing import Any

from django.contrib import admin
from django.forms.models import model_to_dict

from .services import audit_record, diff


class AuditedAdmin(admin.ModelAdmin):
    """A ModelAdmin whose saves and deletes write audit events with before → after values."""

    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        before = (
            {k: str(v) for k, v in model_to_dict(type(obj).objects.get(pk=obj.pk)).items()}
            if change
            else {}
        )
        super().save_model(request, obj, form, change)
        after = {k: str(v) for k, v in model_to_dict(obj).items()}
        audit_record(
            actor=request.user,
            instance=obj,
            action="update" if change else "create",
            changes=diff(before, after),
            note="admin",
        )

    def delete_model(self, request: Any, obj: Any) -> None:
        audit_record(actor=request.user, instance=obj, action="delete", note="admin")
        super().delete_model(request, obj)
