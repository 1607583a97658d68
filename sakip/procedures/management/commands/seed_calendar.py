"""`manage.py seed_calendar [--years 2025 2026 2027]`: default working hours and the holiday table.

Creates the installation-wide "Jam kerja standar" (Perpres 21/2023; Keppres 68/1995) if missing and
adds the national holidays and cuti bersama of the years from the `holidays` package. Safe to run
again: existing rows are left as they are.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sakip.procedures.choices import HolidayKind
from sakip.procedures.services_calendar import default_schedule_ensure, holidays_seed


class Command(BaseCommand):
    # argparse needs a plain str (a lazy string breaks `manage.py help`).
    help = (
        "Membuat jam kerja standar (bila belum ada) dan mengisi tabel hari libur dengan libur "
        "nasional dan cuti bersama dari paket holidays."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--years",
            nargs="+",
            type=int,
            metavar="TAHUN",
            help="Tahun yang diisi; bawaan: tahun ini dan tahun depan.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        this_year = timezone.localdate().year
        years = options["years"] or [this_year, this_year + 1]
        with transaction.atomic():
            schedule, created = default_schedule_ensure()
            counts = holidays_seed(years=years)
        if created:
            self.stdout.write(_("Jam kerja “%(name)s” dibuat.") % {"name": schedule.name})
        else:
            self.stdout.write(_("Jam kerja “%(name)s” sudah ada.") % {"name": schedule.name})
        for count in counts:
            self.stdout.write(
                _(
                    "Tahun %(year)s: %(national)s libur nasional dan %(leave)s cuti bersama "
                    "ditambahkan; %(skipped)s tanggal sudah tercatat."
                )
                % {
                    "year": count.year,
                    "national": count.added.get(HolidayKind.NATIONAL.value, 0),
                    "leave": count.added.get(HolidayKind.COLLECTIVE_LEAVE.value, 0),
                    "skipped": count.skipped,
                }
            )
