"""Load the SOP definitions shipped in procedures/*.toml for one agency or every agency.

    python manage.py load_sops                       # every agency (OPD) in the database
    python manage.py load_sops --agency diskominfo   # one agency, by its unit code

    python manage.py load_sops --revise              # also revise SOPs loaded from older files

Idempotent: an SOP the agency already has (same code) is left as it is, revisions included. When
its steps' lanes or fan-out differ from the file (a product decision changed how a step runs),
the command says so; with --revise it makes a new revision, effective today, that takes the
file's lanes and fan-out and keeps the office's texts and times.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from sakip.organization.choices import UnitKind
from sakip.organization.models import Unit
from sakip.procedures.definitions import (
    DEFINITIONS_DIR,
    STRUCTURE_DIFFERS,
    STRUCTURE_DONE,
    LoadResult,
    definition_files,
    load_definition,
    parse_definition,
    revise_structure,
    structure_updates,
)


class Command(BaseCommand):
    help = "Memuat SOP bawaan (procedures/*.toml) untuk perangkat daerah."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--agency",
            metavar="KODE_UNIT",
            help="Kode unit perangkat daerah; tanpa pilihan ini semua perangkat daerah dimuati.",
        )
        parser.add_argument(
            "--revise",
            action="store_true",
            help="Buat revisi baru bagi SOP yang pelaksana atau pembagian tugas langkahnya "
            "berbeda dari berkas bawaan.",
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
            for path in definition_files():
                try:
                    result = load_definition(path, agency=agency, actor=None)
                except ValidationError as exc:
                    raise CommandError("\n".join(exc.messages)) from exc
                if result.created:
                    self.stdout.write(self.style.SUCCESS(result.message))
                    continue
                self.stdout.write(result.message)
                self._structure(result, path, agency, revise=options["revise"])

    def _structure(self, result: LoadResult, path: Any, agency: Unit, *, revise: bool) -> None:
        names = {"title": result.revision.title, "agency": agency.name}
        if revise:
            revision, problems = revise_structure(
                sop=result.sop, path=path, actor=None, today=timezone.localdate()
            )
            if revision is not None:
                done = STRUCTURE_DONE % {
                    **names,
                    "revision": revision.revision,
                    "note": revision.change_note,
                }
                self.stdout.write(self.style.SUCCESS(str(done)))
        else:
            updates, problems = structure_updates(result.revision, parse_definition(path))
            if updates:
                steps = ", ".join(str(u.number) for u in updates)
                self.stdout.write(
                    self.style.WARNING(str(STRUCTURE_DIFFERS % {**names, "steps": steps}))
                )
        for problem in problems:
            self.stdout.write(self.style.WARNING(problem))
