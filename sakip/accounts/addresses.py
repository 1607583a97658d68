"""Where to write to a person: one rule for notifications and password resets."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import User


def email_address(user: User) -> str:
    """The user's own address, else the address on their employee record, else none."""
    if user.email:
        return str(user.email)
    employee = getattr(user, "employee", None)
    return str(employee.email) if employee is not None and employee.email else ""
