from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo agency (UX.md personas): the top layer, it loads data through every app's
    services and is imported by none of them."""

    name = "sakip.demo"
    label = "demo"
