"""Reminders before Mutu Baku deadlines and escalation after them; run it from cron, e.g. every
15 minutes during working hours: `*/15 7-17 * * 1-5 manage.py send_reminders`. Idempotent."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from sakip.procedures.notifications import reminder_before_minutes, send_reminders


class Command(BaseCommand):
    help = "Kirim pengingat tenggat tugas SOP dan eskalasi tugas yang terlambat ke atasan."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--now",
            help="Waktu acuan (ISO 8601, mis. 2026-11-27T08:30+08:00) untuk uji coba dan demo.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        if options.get("now"):
            try:
                now = datetime.datetime.fromisoformat(options["now"])
            except ValueError as error:
                raise CommandError(f"--now: {error}") from error
            if timezone.is_naive(now):
                now = timezone.make_aware(now)
        result = send_reminders(now=now)
        self.stdout.write(
            f"reminders={result.reminded} overdue={result.overdue} "
            f"escalations={result.escalations} "
            f"(threshold {reminder_before_minutes()} working minutes, now {now.isoformat()})"
        )
