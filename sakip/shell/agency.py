"""The agency shown in the top bar."""

from typing import Any

from sakip.organization.models import Unit


def shell_agency_name(access: Any) -> str:
    """The agency name for the top bar: the one agency the user works in, if exactly one."""
    if len(access.agency_ids) != 1:
        return ""
    unit = Unit.objects.filter(pk=next(iter(access.agency_ids))).only("name").first()
    return unit.name if unit else ""
