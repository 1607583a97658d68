"""`manage.py load_demo`: the client's demo data (Diskominfo Kabupaten Balangan), loaded once."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings
from django.utils.translation import gettext as _

from sakip.demo.loader import DemoConflictError, load_demo


class Command(BaseCommand):
    # argparse needs a plain str (a lazy string breaks `manage.py help`).
    help = (
        "Memuat data demo Dinas Komunikasi, Informatika, Statistik dan Persandian Kabupaten "
        "Balangan (sekali saja; menjalankannya lagi tidak mengubah apa pun)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        # The demo creates a superuser whose password is public: never in a production database.
        if not settings.DEMO_MODE:
            raise CommandError(
                _(
                    "Data demo hanya dapat dimuat dalam mode demo. Jalankan dengan DEMO_MODE=true "
                    "(misalnya melalui `make run`)."
                )
            )
        try:
            # The demo's people are fictional: their reminders must not leave the machine.
            with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
                summary = load_demo(password=settings.DEMO_PASSWORD, with_publication=True)
        except DemoConflictError as exc:
            raise CommandError(
                _(
                    "Nama pengguna berikut sudah dipakai akun lain: %(names)s. Data demo tidak dimuat."
                )
                % {"names": ", ".join(exc.usernames)}
            ) from None
        if summary is None:
            self.stdout.write(_("Data demo sudah ada."))
            return
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Data demo dimuat: %(users)d akun, %(units)d unit, %(renstra)s. "
                    "Lihat akun demo dengan: python manage.py demo_logins"
                )
                % {"users": summary.users, "units": summary.units, "renstra": summary.renstra}
            )
        )
