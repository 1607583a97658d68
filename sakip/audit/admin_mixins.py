"""Django admin changes are state changes too: record them like the services do."""

from typing import Any

from django.contrib import admin
from django.db import models
from django.forms.models import model_to_dict
from django.http import HttpRequest

from sakip.accounts.models import User

from .services import audit_record, diff


def admin_actor(request: HttpRequest) -> User | None:
    """The signed-in administrator (the admin lets no one else in); None otherwise, as
    audit_record would record it."""
    return request.user if isinstance(request.user, User) else None


class AuditedAdmin(admin.ModelAdmin):
    """A ModelAdmin whose saves and deletes write audit events with before → after values."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        before = (
            {k: str(v) for k, v in model_to_dict(type(obj).objects.get(pk=obj.pk)).items()}
            if change
            else {}
        )
        super().save_model(request, obj, form, change)
        after = {k: str(v) for k, v in model_to_dict(obj).items()}
        audit_record(
            actor=admin_actor(request),
            instance=obj,
            action="update" if change else "create",
            changes=diff(before, after),
            note="admin",
        )

    def delete_model(self, request: HttpRequest, obj: models.Model) -> None:
        audit_record(actor=admin_actor(request), instance=obj, action="delete", note="admin")
        super().delete_model(request, obj)
