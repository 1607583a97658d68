"""Django's admin, for superusers only: every office task has its page in the app
(sakip.administration), so a staff flag alone opens nothing here."""

from __future__ import annotations

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest


class SuperuserAdminSite(AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and user.is_superuser)


class SuperuserAdminConfig(AdminConfig):
    default_site = "sakip.shell.admin_site.SuperuserAdminSite"
