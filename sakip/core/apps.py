from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sakip.core"
    label = "core"

    def ready(self) -> None:
        from django.core.signals import request_finished, request_started
        from django.db import connections
        from django.db.backends.signals import connection_created

        from . import data_stamp
        from .nul import install

        # Every database connection refuses a NUL in a query parameter (sakip/core/nul.py).
        connection_created.connect(install, dispatch_uid="sakip.core.nul.install")
        for connection in connections.all(initialized_only=True):
            install(None, connection)
        # A request reads the data stamps' tokens once (core/data_stamp.py).
        request_started.connect(data_stamp.request_started, dispatch_uid="data-stamp:start")
        request_finished.connect(data_stamp.request_finished, dispatch_uid="data-stamp:end")
