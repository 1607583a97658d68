from django import forms
from django.contrib import admin

from sakip.audit.admin_mixins import AuditedAdmin

from .models import AgencyProfile, Employee, Position, PositionHolding, Unit
from .nip import normalize_nip, validate_nip


@admin.register(Unit)
class UnitAdmin(AuditedAdmin):
    list_display = ("name", "kind", "code", "parent")
    list_filter = ("kind",)
    search_fields = ("name", "code")
    readonly_fields = ("path",)

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        # Keep the materialized path right when a unit is created or moved in the admin.
        super().save_model(request, obj, form, change)
        path = Unit.path_for(obj.parent, obj.pk)
        if obj.path != path:
            old = obj.path
            Unit.objects.filter(pk=obj.pk).update(path=path)
            for child in (
                Unit.objects.filter(path__startswith=old).exclude(pk=obj.pk) if old else []
            ):
                Unit.objects.filter(pk=child.pk).update(path=path + child.path[len(old) :])


class HoldingInline(admin.TabularInline):
    model = PositionHolding
    extra = 0


@admin.register(Position)
class PositionAdmin(AuditedAdmin):
    list_display = ("title", "unit", "role", "is_unit_head", "superior")
    list_filter = ("role",)
    search_fields = ("title", "unit__name")
    inlines = [HoldingInline]


class EmployeeAdminForm(forms.ModelForm):
    class Meta:
        model = Employee
        fields = ("user", "nip", "name", "front_title", "back_title", "rank", "sex", "email")

    # Accept the printed form "19710823 199303 1 005" and store the 18 digits.
    nip = forms.CharField(label="NIP", max_length=24)

    def clean_nip(self) -> str:
        nip = normalize_nip(self.cleaned_data["nip"])
        validate_nip(nip)
        return nip


@admin.register(Employee)
class EmployeeAdmin(AuditedAdmin):
    form = EmployeeAdminForm
    list_display = ("display_name", "nip_display", "rank", "user")
    search_fields = ("name", "nip")


@admin.register(PositionHolding)
class PositionHoldingAdmin(AuditedAdmin):
    list_display = ("position", "employee", "kind", "start_date", "end_date")
    list_filter = ("kind",)


@admin.register(AgencyProfile)
class AgencyProfileAdmin(AuditedAdmin):
    """The agency's letterhead and settings (explanation threshold, the units' data-entry time)."""

    list_display = ("agency", "city", "explanation_threshold", "data_entry_days")
