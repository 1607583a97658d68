from django.apps import AppConfig


class AdministrationConfig(AppConfig):
    name = "sakip.administration"
    label = "administration"
