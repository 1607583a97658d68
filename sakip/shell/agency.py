"""The agency shown in the top bar."""

from sakip.organization.access import UserAccess


def shell_agency_name(access: UserAccess) -> str:
    """The agency name for the top bar: the one agency the user works in, if exactly one (read
    with the user's access, no query of its own)."""
    if len(access.agency_ids) != 1:
        return ""
    return access.agency_names.get(next(iter(access.agency_ids)), "")
