from django.apps import AppConfig


class OrganizationConfig(AppConfig):
    name = "sakip.organization"
    label = "organization"
