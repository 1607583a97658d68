"""Reads of the reports app: what each official document says, and the archive.

One data-preparation function per document (`rkt_document_data`, `pk_document_data`): the DOCX and the
PDF renderers only lay out what these return, so both files always say the same thing.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby
from typing import Any

from django.db.models import Exists, Model, OuterRef, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from sakip.accounts.types import Viewer
from sakip.core import data_stamp
from sakip.core.formats import format_date_id, format_money_id
from sakip.core.kept import kept_under
from sakip.organization.letterhead import Letterhead, letterhead_for
from sakip.organization.models import Unit
from sakip.organization.nip import format_nip
from sakip.planning.models import (
    PerformanceAgreement,
    RktActivityLine,
    RktDocument,
    RktForm,
    RktIndicatorLine,
)
from sakip.planning.rkt import agreements as pk

from .access import documents_for
from .models import DocumentKind, GeneratedDocument, ReportJob

# --- document data ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Signature:
    """A signature block: "Pihak Pertama," / title / (space to sign) / name / NIP."""

    heading: str
    title: str
    name: str
    nip: str  # printed form "NIP. 19710823 199303 1 005", or "" (a regent has none)


@dataclass(frozen=True)
class IndicatorRow:
    name: str
    target: str  # "80–90"
    unit_of_measure: str  # "%"
    target_text: str  # "80–90 %"


@dataclass(frozen=True)
class ObjectiveGroup:
    """One strategic objective with its indicators: the objective cell spans their rows."""

    no: int
    objective: str
    indicators: list[IndicatorRow]


@dataclass(frozen=True)
class BudgetRow:
    no: str  # "1" for a program, "" for its activities
    name: str
    budget_text: str
    is_program: bool
    note: str = ""


@dataclass(frozen=True)
class UnitSection:
    title: str
    objectives: list[ObjectiveGroup]
    budget: list[BudgetRow]
    budget_total_text: str


@dataclass(frozen=True)
class RktData:
    letterhead: Letterhead
    title_lines: list[str]
    number: str
    sections: list[UnitSection]
    total_text: str
    place_date: str
    signature: Signature
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PartyRow:
    name: str
    nip: str  # "19710823 199303 1 005" (the label "NIP" is in its own column), or ""
    title: str


@dataclass(frozen=True)
class PkData:
    letterhead: Letterhead
    title_lines: list[str]
    number: str
    opening: str
    first_party: PartyRow
    first_party_role: str
    second_party: PartyRow
    second_party_role: str
    commitments: list[str]
    place_date: str
    left_signature: Signature  # pihak kedua (the superior) signs on the left
    right_signature: Signature  # pihak pertama on the right
    attachment_title_lines: list[str]
    objectives: list[ObjectiveGroup]
    budget: list[BudgetRow]
    total_text: str
    headers: dict[str, str] = field(default_factory=dict)


def _headers() -> dict[str, str]:
    """Column headings shared by both renderers (translated once, in the document language)."""
    return {
        # "No" alone is Django's "Tidak" (yes/no) in the Indonesian catalog: give it a context.
        "no": pgettext("nomor urut pada kolom tabel", "No"),
        "objective": _("Sasaran Strategis"),
        "indicator": _("Indikator Kinerja"),
        "target": _("Target"),
        "unit": _("Satuan"),
        "program": _("Program/Kegiatan"),
        "budget": _("Anggaran"),
        "note": _("Keterangan"),
        "total": _("Jumlah"),
        "grand_total": _("Jumlah anggaran seluruh unit"),
        "number": _("Nomor"),
        "name": _("Nama"),
        "nip": _("NIP"),
        "position": _("Jabatan"),
        "page": _("Halaman"),
        "page_of": _("dari"),
    }


def printed_nip(nip: str) -> str:
    return f"NIP. {format_nip(nip)}" if nip else ""


def place_date(letterhead: Letterhead, day: datetime.date) -> str:
    """ "Paringin, 25 November 2026"; only the date when no city is known."""
    date_text = format_date_id(day)
    return f"{letterhead.city}, {date_text}" if letterhead.city else date_text


def objective_groups(lines: list[dict[str, Any]]) -> list[ObjectiveGroup]:
    """Performance lines (sorted by objective) grouped under their objective, numbered 1, 2, …"""
    groups = []
    for no, (_key, grouped) in enumerate(
        groupby(lines, key=lambda line: (line["objective_id"], line["objective"])), start=1
    ):
        rows = list(grouped)
        groups.append(
            ObjectiveGroup(
                no=no,
                objective=rows[0]["objective"],
                indicators=[
                    IndicatorRow(
                        name=row["indicator"],
                        target=row["target"],
                        unit_of_measure=row["unit_of_measure"],
                        target_text=row["target_text"],
                    )
                    for row in rows
                ],
            )
        )
    return groups


def budget_rows(lines: list[dict[str, Any]]) -> list[BudgetRow]:
    rows = []
    number = 0
    for line in lines:
        is_program = line["level"] == "program"
        if is_program:
            number += 1
        rows.append(
            BudgetRow(
                no=str(number) if is_program else "",
                name=line["name"],
                budget_text=line["budget_text"],
                is_program=is_program,
                note=line.get("note", ""),
            )
        )
    return rows


def rkt_document_data(rkt: RktDocument, *, on: datetime.date) -> RktData:
    """The compiled RKT: one section per unit form, in tree order, signed by the agency head."""
    agency = rkt.agency
    letterhead = letterhead_for(agency)
    forms = list(RktForm.objects.filter(document=rkt).select_related("unit").order_by("unit__path"))
    indicator_lines = list(
        RktIndicatorLine.objects.filter(form__document=rkt).select_related("indicator__objective")
    )
    activity_lines = list(
        RktActivityLine.objects.filter(form__document=rkt).select_related(
            "sub_activity__activity__program"
        )
    )
    sections = []
    # The agency's own IKU come first: no unit form carries them, yet they head the RKT.
    agency_lines = pk.agency_performance_lines(rkt, indicator_lines)
    if agency_lines:
        sections.append(
            UnitSection(
                title=_("Tingkat Perangkat Daerah (Indikator Kinerja Utama)"),
                objectives=objective_groups(agency_lines),
                budget=[],
                budget_total_text="",
            )
        )
    grand_total = Decimal(0)
    for form in forms:
        performance = pk.form_performance_lines(
            [line for line in indicator_lines if line.form_id == form.pk], rkt.year
        )
        budget = pk.budget_lines([line for line in activity_lines if line.form_id == form.pk])
        total = pk.budget_total(budget)
        grand_total += total
        sections.append(
            UnitSection(
                title=form.unit.name,
                objectives=objective_groups(performance),
                budget=budget_rows(budget),
                budget_total_text=format_money_id(total),
            )
        )
    head = pk.official_party(pk.agency_head_position(agency), agency, on=on)
    return RktData(
        letterhead=letterhead,
        title_lines=[
            _("RENCANA KINERJA TAHUNAN"),
            agency.name.upper(),
            _("TAHUN %(year)s") % {"year": rkt.year},
        ],
        number=rkt.number,
        sections=sections,
        total_text=format_money_id(grand_total),
        place_date=place_date(letterhead, on),
        signature=Signature(
            heading="", title=head.title, name=head.name, nip=printed_nip(head.nip)
        ),
        headers=_headers(),
    )


# PermenPAN-RB 53/2014, Lampiran I: the wording of the agreement page.
def _opening() -> str:
    return _(
        "Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan, dan akuntabel "
        "serta berorientasi pada hasil, kami yang bertanda tangan di bawah ini:"
    )


def _commitments() -> list[str]:
    return [
        _(
            "Pihak pertama berjanji akan mewujudkan target kinerja yang seharusnya sesuai lampiran "
            "perjanjian ini, dalam rangka mencapai target kinerja jangka menengah seperti yang telah "
            "ditetapkan dalam dokumen perencanaan. Keberhasilan dan kegagalan pencapaian target "
            "kinerja tersebut menjadi tanggung jawab kami."
        ),
        _(
            "Pihak kedua akan melakukan supervisi yang diperlukan serta akan melakukan evaluasi "
            "terhadap capaian kinerja dari perjanjian ini dan mengambil tindakan yang diperlukan "
            "dalam rangka pemberian penghargaan dan sanksi."
        ),
    ]


def pk_document_data(agreement: PerformanceAgreement, *, number: str, on: datetime.date) -> PkData:
    """One official's PK: the agreement page and its attachment (objectives, targets, budget)."""
    rkt = agreement.rkt
    agency: Unit = rkt.agency
    letterhead = letterhead_for(agency)
    title_lines = [_("PERJANJIAN KINERJA TAHUN %(year)s") % {"year": rkt.year}]
    if agreement.unit_id != agency.pk:
        title_lines.append(agreement.unit.name.upper())
    title_lines.append(agency.name.upper())
    budget = list(agreement.budget_lines)
    first = PartyRow(
        agreement.first_party_name,
        format_nip(agreement.first_party_nip) if agreement.first_party_nip else "",
        agreement.first_party_title,
    )
    second = PartyRow(
        agreement.second_party_name,
        format_nip(agreement.second_party_nip) if agreement.second_party_nip else "",
        agreement.second_party_title,
    )
    return PkData(
        letterhead=letterhead,
        title_lines=title_lines,
        number=number,
        opening=_opening(),
        first_party=first,
        first_party_role=_("Selanjutnya disebut pihak pertama."),
        second_party=second,
        second_party_role=_("Selaku atasan pihak pertama, selanjutnya disebut pihak kedua."),
        commitments=_commitments(),
        place_date=place_date(letterhead, on),
        left_signature=Signature(
            _("Pihak Kedua,"),
            second.title,
            second.name,
            printed_nip(agreement.second_party_nip),
        ),
        right_signature=Signature(
            _("Pihak Pertama,"), first.title, first.name, printed_nip(agreement.first_party_nip)
        ),
        attachment_title_lines=[
            _("LAMPIRAN PERJANJIAN KINERJA TAHUN %(year)s") % {"year": rkt.year},
            *title_lines[1:],
        ],
        objectives=objective_groups(list(agreement.performance_lines)),
        budget=budget_rows(budget),
        total_text=format_money_id(pk.budget_total(budget)),
        headers=_headers(),
    )


# --- the archive -----------------------------------------------------------------------------


def archive_documents(
    user: Viewer, *, year: int | None = None, kind: str | None = None
) -> QuerySet[GeneratedDocument]:
    """The documents a user may see, newest first, with who made them (one query per page).

    `superseded` marks a document that a later publication of the same source replaced.
    """
    newer = GeneratedDocument.objects.annotate(unit_key=Coalesce("unit_id", Value(0))).filter(
        kind=OuterRef("kind"),
        source_type=OuterRef("source_type"),
        source_id=OuterRef("source_id"),
        unit_key=OuterRef("unit_key"),
        pk__gt=OuterRef("pk"),
    )
    documents = (
        documents_for(user)
        .select_related("agency", "unit", "created_by__employee", "published_by__employee")
        .annotate(unit_key=Coalesce("unit_id", Value(0)))
        .annotate(superseded=Exists(newer))
    )
    if year:
        documents = documents.filter(year=year)
    if kind in DocumentKind.values:
        documents = documents.filter(kind=kind)
    return documents.order_by("-created_at", "-pk")


def active_jobs(user: Viewer, *, kind: str, **params: int | str) -> list[ReportJob]:
    """The user's queued or running jobs of ``kind`` whose params include ``params`` (e.g.
    ``period=12``), oldest first: what the report page shows as "Sedang dibuat". A job silent for
    longer than the stall time is not among them: its page shows it stopped."""
    jobs = ReportJob.objects.active().filter(created_by_id=getattr(user, "pk", None), kind=kind)
    # The params compared here, not in SQL: a person has a handful of jobs on their way at most,
    # and a JSON lookup per param was compiled on every view of a report page (issue 12).
    return [
        job
        for job in jobs.order_by("created_at", "pk")
        if all(job.params.get(key) == value for key, value in params.items())
    ]


RECENT_JOB_DAYS = 7


def recent_jobs(user: Viewer, *, limit: int = 5) -> list[ReportJob]:
    """The user's latest jobs of the last week, newest first (the archive's "Proses" list)."""
    since = timezone.now() - datetime.timedelta(days=RECENT_JOB_DAYS)
    return list(
        ReportJob.objects.filter(created_by_id=getattr(user, "pk", None), created_at__gte=since)
        .select_related("document")
        .order_by("-created_at", "-pk")[:limit]
    )


def archive_years(user: Viewer) -> list[int]:
    return list(documents_for(user).order_by("-year").values_list("year", flat=True).distinct())


def document_versions(kind: str, source: Model) -> list[GeneratedDocument]:
    """The generated versions of ``kind`` made from ``source`` (a report's page lists them), newest
    first, with who made and who published them, and why a draft may not be published
    (``publication_block``; a constant number of queries)."""
    from .publishing import with_publication_blocks  # publishing reads its rules from the apps

    def computed() -> list[GeneratedDocument]:
        versions = list(
            GeneratedDocument.objects.filter(
                kind=kind, source_type=source._meta.label_lower, source_id=str(source.pk)
            )
            .select_related("created_by__employee", "published_by__employee")
            .order_by("-created_at", "-pk")
        )
        with_publication_blocks(versions)
        return versions

    # Kept until the figures (documents and the periods the blocks read) or the people change;
    # the blocks' reasons are written in the page's language.
    return kept_under(
        (data_stamp.FIGURES, data_stamp.PEOPLE),
        f"document-versions-1:{kind}:{source._meta.label_lower}:{source.pk}:{get_language()}",
        list,
        computed,
    )


_UNSAFE = re.compile(r"[^0-9A-Za-z]+")


def slug(text: str) -> str:
    """Letters and digits joined by "-", case kept ("Bidang IKP" -> "Bidang-IKP")."""
    return _UNSAFE.sub("-", text).strip("-")


def agency_short(agency: Unit) -> str:
    """The agency's name in document numbers and file names: its short name, else its code."""
    return agency.short_name or agency.code


# The numbered performance reports: "003/LKT/Diskominfo/2026/TW II" is downloaded as
# "LKT-2026-TW-II-Diskominfo-003.pdf", so that periods and versions are told apart.
REPORT_FILE_PREFIX: dict[str, str] = {
    DocumentKind.QUARTERLY: "LKT",
    DocumentKind.SEMESTER: "LKS",
    DocumentKind.ANNUAL: "LKjIP",
}


def download_filename(document: GeneratedDocument, extension: str) -> str:
    """ "RKT-2027-Diskominfo.docx"; a PK names its unit: "PK-2027-Diskominfo-Bidang-IKP.pdf"; a
    performance report its period and version: "LKS-2026-Semester-I-Diskominfo-001.pdf"."""
    agency = document.agency
    prefix = REPORT_FILE_PREFIX.get(document.kind)
    if prefix is not None:
        # Number: sequence/code/agency/year[/period] (report_services, semester, annual services).
        number = document.number.split("/") if document.number else []
        period = number[4] if len(number) > 4 else ""
        sequence = number[0] if number else str(document.pk)
        parts = [prefix, str(document.year), slug(period), slug(agency_short(agency)), sequence]
        return f"{'-'.join(p for p in parts if p)}.{extension}"
    parts = [document.kind.upper(), str(document.year), slug(agency_short(agency))]
    if document.unit_id and document.unit_id != document.agency_id and document.unit:
        parts.append(slug(document.unit.short_name or document.unit.name))
    return f"{'-'.join(p for p in parts if p)}.{extension}"
