"""Login accounts of people, managed by the administrator: create one for a person, deactivate and
reactivate it, set a new password. Every change is audited on the account (never the password
itself); the person's page shows the events with their own.
"""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from sakip.accounts.models import User
from sakip.accounts.types import Actor
from sakip.audit.services import audit_record
from sakip.organization.models import Employee

USERNAME_TAKEN = _("Nama pengguna ini sudah dipakai akun lain.")
USERNAME_INVALID = _(
    "Nama pengguna hanya boleh berisi huruf, angka dan tanda . @ + - _ (tanpa spasi), mis. "
    "budi.santoso."
)
ALREADY_HAS_ACCOUNT = _("Pegawai ini sudah mempunyai akun: %(username)s.")
OWN_ACCOUNT = _("Anda tidak dapat menonaktifkan akun Anda sendiri.")


def _check_password(password: str, user: User) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password1": exc.error_list}) from None


def account_create(*, actor: Actor, employee: Employee, username: str, password: str) -> User:
    """An account for a person, with the password the administrator set (they hand it over)."""
    username = username.strip()
    with transaction.atomic():
        person = Employee.objects.select_for_update().get(pk=employee.pk)
        if person.user_id is not None:
            assert person.user is not None
            raise ValidationError(
                {"username": ALREADY_HAS_ACCOUNT % {"username": person.user.username}},
                code="has_account",
            )
        try:
            UnicodeUsernameValidator()(username)
        except ValidationError:
            raise ValidationError({"username": USERNAME_INVALID}, code="username") from None
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError({"username": USERNAME_TAKEN}, code="username_taken")
        user = User(
            username=username, full_name=person.display_name, email=person.email, is_active=True
        )
        _check_password(password, user)
        user.set_password(password)
        user.save()
        person.user = user
        person.version += 1
        person.save(update_fields=["user", "version", "updated_at"])
        audit_record(
            actor=actor,
            instance=user,
            action="account_create",
            changes={"username": [None, username], "employee": [None, str(person)]},
        )
    return user


def account_set_active(*, actor: Actor, account: User, active: bool) -> User:
    """Deactivate (the person can no longer log in; history stays) or reactivate an account."""
    if not active and actor is not None and actor.pk == account.pk:
        raise ValidationError(OWN_ACCOUNT, code="own")
    with transaction.atomic():
        current = User.objects.select_for_update().get(pk=account.pk)
        if current.is_active == active:
            return current
        current.is_active = active
        current.save(update_fields=["is_active"])
        audit_record(
            actor=actor,
            instance=current,
            action="account_activate" if active else "account_deactivate",
            changes={"is_active": [not active, active]},
        )
    return current


def account_set_password(*, actor: Actor, account: User, password: str) -> User:
    """Set a new password chosen by the administrator (the person's sessions end with it)."""
    with transaction.atomic():
        current = User.objects.select_for_update().get(pk=account.pk)
        _check_password(password, current)
        current.set_password(password)
        current.save(update_fields=["password"])
        audit_record(actor=actor, instance=current, action="password_reset")
    return current
