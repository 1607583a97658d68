from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The public portal (/publik/): an agency's published SAKIP documents, without login."""

    name = "sakip.portal"
    label = "portal"
