"""The login backend: Django's, with the signed-in user read together with their employee row."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from .models import User


class UserWithEmployeeBackend(ModelBackend):
    """Every signed-in page shows the user's name, which is their employee's
    (`User.display_name`): read in the same query as the user instead of one more per request."""

    def get_user(self, user_id: Any) -> User | None:
        user = User.objects.select_related("employee").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
