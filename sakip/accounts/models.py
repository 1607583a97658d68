"""Login accounts. Organizational facts about a person live in organization.Employee."""

from typing import ClassVar

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from .querysets import UserManager


class User(AbstractUser):
    """A login account; custom from the first migration so it can grow without a rewrite."""

    full_name = models.CharField(_("nama lengkap"), max_length=200, blank=True)

    objects: ClassVar[UserManager] = UserManager()

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        employee = getattr(self, "employee", None)
        if employee is not None:
            return employee.display_name
        return self.full_name or self.username
