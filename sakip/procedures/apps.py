from django.apps import AppConfig


class ProceduresConfig(AppConfig):
    name = "sakip.procedures"
    label = "procedures"
