"""Load the SOP definitions shipped in procedures/*.toml for one agency or every agency.

    python manage.py load_sops                       # every agency (OPD) in the database
    python manage.py load_sops --agency diskominfo   # one agency, by its unit code

Idempotent: an SOP the agency already has (same code) is left as it is, revisions included.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from sakip.organization.choices import UnitKind
from sakip.organization.models import Unit
from sakip.procedures.definitions import DEFINITIONS_DIR, definition_files, load_definitions


class Command(BaseCommand):
    help = "Memuat SOP bawaan (procedures/*.toml) untuk perangkat daerah."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--agency",
            metavar="KODE_UNIT",
            help="Kode unit perangkat daerah; tanpa pilihan ini semua perangkat daerah dimuati.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        code = options.get("agency")
        if code:
            agency = Unit.objects.filter(code=code).first()
            if agency is None or agency.kind != UnitKind.AGENCY:
                raise CommandError(
                    f"Tidak ada perangkat daerah dengan kode unit “{code}”. "
                    "Lihat kode unit pada halaman Struktur Organisasi."
                )
            agencies = [agency]
        else:
            agencies = list(Unit.objects.filter(kind=UnitKind.AGENCY).order_by("path"))
            if not agencies:
                self.stdout.write(
                    "Belum ada perangkat daerah dalam basis data, jadi tidak ada yang dimuati SOP. "
                    "Buat struktur organisasi lebih dahulu (atau muat data demo), lalu jalankan "
                    "perintah ini lagi; pilih satu perangkat daerah dengan --agency <kode unit>."
                )
                return
        if not definition_files():
            raise CommandError(f"Tidak ada berkas SOP (*.toml) di {DEFINITIONS_DIR}.")
        for agency in agencies:
            try:
                load_definitions(
                    agency=agency,
                    actor=None,
                    on_result=lambda result: self.stdout.write(
                        self.style.SUCCESS(result.message) if result.created else result.message
                    ),
                )
            except ValidationError as exc:
                raise CommandError("\n".join(exc.messages)) from exc
