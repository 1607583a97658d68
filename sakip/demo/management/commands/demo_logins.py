"""`manage.py demo_logins`: the demo accounts and their password, as printed by `make run`."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from sakip.demo.people import LOGIN_ORDER
from sakip.shell.demo_accounts import demo_accounts


def _ordered(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The personas in the order of UX.md (by role); other accounts after them, as given."""
    rank = {username: index for index, username in enumerate(LOGIN_ORDER)}
    return sorted(rows, key=lambda row: rank.get(row["username"], len(rank)))


class Command(BaseCommand):
    # argparse needs a plain str (a lazy string breaks `manage.py help`).
    help = "Menampilkan akun demo beserta jabatan, unit, dan kata sandinya."

    def handle(self, *args: Any, **options: Any) -> None:
        rows = _ordered(demo_accounts())
        if not rows:
            self.stdout.write(
                _("Belum ada akun demo. Muat data demo dengan: python manage.py load_demo")
            )
            return
        headings = {"username": _("Nama pengguna"), "position": _("Jabatan"), "unit": _("Unit")}
        columns = list(headings)
        widths = {
            key: max(len(headings[key]), *(len(str(row[key])) for row in rows)) for key in columns
        }

        def line(values: dict[str, Any]) -> str:
            return "  ".join(str(values[key]).ljust(widths[key]) for key in columns).rstrip()

        self.stdout.write(
            self.style.MIGRATE_HEADING(
                _("Akun demo (kata sandi: %(password)s)") % {"password": settings.DEMO_PASSWORD}
            )
        )
        self.stdout.write(line(headings))
        self.stdout.write(line({key: "-" * widths[key] for key in columns}))
        for row in rows:
            self.stdout.write(line(row))
