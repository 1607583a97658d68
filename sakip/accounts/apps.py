from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sakip.accounts"
    label = "accounts"
