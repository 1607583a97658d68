from django.apps import AppConfig


class ShellConfig(AppConfig):
    """The application shell: home and landing, the year picker, the top bar and navigation
    (context processor), the login and profile pages. It sits on top of the domain apps."""

    name = "sakip.shell"
    label = "shell"

    def ready(self) -> None:
        # Connects the login signal that opens the year picker on the latest year with data.
        from . import years  # noqa: F401
