from django.apps import AppConfig


class OrganizationConfig(AppConfig):
    name = "sakip.organization"
    label = "organization"

    def ready(self) -> None:
        from sakip.core.data_stamp import PEOPLE, watch

        from .models import Employee, Position, PositionHolding, Unit

        # A user's holdings are kept under the people stamp (access._kept_holding_rows): it must
        # move with everything they are read from.
        watch([PositionHolding, Position, Employee, Unit], PEOPLE)
