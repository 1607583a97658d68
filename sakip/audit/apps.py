from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "sakip.audit"
    label = "audit"

    def ready(self) -> None:
        from sakip.core.locking import register_last_editor

        from .selectors import last_editor_name

        # A refused racing edit names who saved in between (sakip/core/locking.py).
        register_last_editor(last_editor_name)
