from django.apps import AppConfig


class RegencyConfig(AppConfig):
    """The regency view (/kabupaten/): the settled results of every agency side by side, for the
    Bagian Organisasi of the Setda (issue 11)."""

    name = "sakip.regency"
    label = "regency"
