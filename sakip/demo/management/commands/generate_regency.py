"""`manage.py generate_regency`: the demo agency copied into a regency of ~40 agencies, to test and
benchmark with (sakip/demo/regency)."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from sakip.demo.regency import (
    RegencyError,
    RegencyExistsError,
    generate_regency,
    username_for,
)


class Command(BaseCommand):
    # argparse needs a plain str (a lazy string breaks `manage.py help`).
    help = (
        "Membuat kabupaten uji: perangkat daerah demo disalin N kali (pegawai, rencana, data "
        "setahun, pelaksanaan SOP, dokumen) untuk pengujian dan pengukuran kinerja. Perlu data "
        "demo (load_demo); tidak dijalankan dua kali."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--agencies", type=int, default=40, help="jumlah perangkat daerah salinan (40)"
        )
        parser.add_argument(
            "--indicators-per-agency",
            type=int,
            default=50,
            help="kira-kira sekian indikator per perangkat daerah (50): sasaran rencana diulang",
        )

        parser.add_argument(
            "--last-year-only",
            action="store_true",
            help=(
                "salin data demo apa adanya (tahun lalu saja), tanpa menambahkan triwulan tahun "
                "berjalan yang sudah lewat"
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # The copies' accounts share the demo's public password: never in a production database.
        if not settings.DEMO_MODE:
            raise CommandError(
                _(
                    "Kabupaten uji hanya dapat dibuat dalam mode demo. Jalankan dengan "
                    "DEMO_MODE=true (misalnya melalui `make regency`)."
                )
            )
        try:
            summary = generate_regency(
                agencies=options["agencies"],
                indicators_per_agency=options["indicators_per_agency"],
                with_current_year=not options["last_year_only"],
            )
        except RegencyExistsError as exc:
            self.stdout.write(str(exc))
            return
        except RegencyError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Kabupaten uji dibuat: %(generated)d perangkat daerah baru dalam %(seconds).1f "
                    "detik. Isinya kini %(agencies)d perangkat daerah, %(units)d unit, %(people)d "
                    "pegawai, %(indicators)d indikator, %(realisasi)d baris realisasi, %(tasks)d "
                    "tugas."
                )
                % {
                    "generated": summary.generated,
                    "seconds": summary.seconds,
                    "agencies": summary.agencies,
                    "units": summary.units,
                    "people": summary.people,
                    "indicators": summary.indicators,
                    "realisasi": summary.realisasi,
                    "tasks": summary.tasks,
                }
            )
        )
        self.stdout.write(
            _("Akun: nama pengguna demo ditambah kode perangkat daerah, misalnya %(example)s.")
            % {"example": username_for("kadis", 7)}
        )
