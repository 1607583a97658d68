from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sakip.accounts"
    label = "accounts"

    def ready(self) -> None:
        # Connects the login signal that starts the idle clock of a new session.
        from . import middleware  # noqa: F401
