from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "sakip.audit"
    label = "audit"
