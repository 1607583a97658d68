"""Password reset by e-mail: Django's flow, with the address the office actually keeps.

A person's address may be on their account or only on their employee record (the notifications
use the same rule), and the mail goes through the task queue after the commit, never inside the
request (docs/decisions/0006: a slow mail server must not hold a page).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.contrib.auth.forms import PasswordResetForm
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template import loader
from django_tasks import task

from .addresses import email_address
from .models import User


@task()
def send_password_reset_mail_task(subject: str, body: str, to: str) -> None:
    EmailMultiAlternatives(subject, body, None, [to]).send()


class SakipPasswordResetForm(PasswordResetForm):
    """Finds active accounts by either address and queues the mail instead of sending it."""

    def get_users(self, email: str) -> Iterator[User]:  # type: ignore[override]
        candidates = User.objects.filter(
            Q(email__iexact=email) | Q(email="", employee__email__iexact=email), is_active=True
        ).select_related("employee")
        for user in candidates:
            if user.has_usable_password() and email_address(user).lower() == email.lower():
                yield user

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        # Django addresses the account's own e-mail field, which may be empty: write to the
        # address the person was found by.
        address = email_address(context["user"]) or to_email
        transaction.on_commit(
            lambda: send_password_reset_mail_task.enqueue(subject=subject, body=body, to=address)
        )
