from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sakip.core"
    label = "core"

    def ready(self) -> None:
        from django.db import connections
        from django.db.backends.signals import connection_created

        from .nul import install

        # Every database connection refuses a NUL in a query parameter (sakip/core/nul.py).
        connection_created.connect(install, dispatch_uid="sakip.core.nul.install")
        for connection in connections.all(initialized_only=True):
            install(None, connection)
