from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The public portal (/publik/): an agency's published SAKIP documents, without login."""

    name = "sakip.portal"
    label = "portal"

    def ready(self) -> None:
        from sakip.core.data_stamp import watch
        from sakip.reports.models import GeneratedDocument

        # The public achievement summary reaches as far as the published reports: it is kept
        # under the data stamp (achievement.kept_achievement_summary), which must move with them.
        watch([GeneratedDocument])
