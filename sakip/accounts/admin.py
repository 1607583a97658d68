from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import User


@admin.register(User)
class SakipUserAdmin(UserAdmin):
    fieldsets = (*(UserAdmin.fieldsets or ()), ("e-SAKIP", {"fields": ("full_name",)}))
