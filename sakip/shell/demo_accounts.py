"""The demo personas listed on the login page while demo mode is on (UX.md)."""

from typing import Any

from sakip.organization.selectors import active_holdings


def demo_accounts() -> list[dict[str, Any]]:
    """One row per demo login with its position, in the order of the unit tree."""
    from sakip.accounts.models import User

    rows: list[dict[str, Any]] = []
    holdings = (
        active_holdings()
        .select_related("employee__user", "position__unit")
        .order_by("position__unit__path", "-position__is_unit_head", "position__title")
    )
    seen: set[int] = set()
    for holding in holdings:
        user = holding.employee.user
        if user is None or user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        rows.append(
            {
                "username": user.username,
                "position": str(holding),
                "unit": holding.position.unit.name,
            }
        )
    for admin in User.objects.filter(is_superuser=True, is_active=True).order_by("username"):
        if admin.pk not in seen:
            rows.insert(0, {"username": admin.username, "position": "Administrator", "unit": ""})
    return rows
