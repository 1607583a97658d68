"""A whole regency to test and benchmark with: the demo agency copied N times, in bulk.

`generate_regency(agencies=40)` copies Diskominfo (its structure, people, plan, SOPs, a complete
year of SOP 2 with locked periods and accepted submissions, realisasi, monthly progress, budgets,
the RKT in progress, the profile and the published documents) into `agencies` new agencies of the
demo regency, "Dinas Uji 01" to "Dinas Uji 40". Rows are copied with one `bulk_create` per model
(`cloning.py`), foreign keys remapped, unit paths rebuilt, codes and login names made unique — far
faster than replaying the services, and to the application the same rows: each copy's people are
scoped to their own agency, and capaian, inboxes and reports read as the template's.

The command first adds to the demo agency the current year's quarters that are over (through the
services, as load_demo made last year), so the copies hold last year's four quarters and this
year's closed ones: the Renstra starts last year, so no earlier year has targets.

Each copy repeats the plan's objectives (with their indicators, targets, Rencana Aksi, RKT lines
and realisasi) two or three times, so that the regency has about `indicators_per_agency`
indicators per agency (about 2,000 for 40 agencies). A repeat's codes end in "-2", "-3".

Login names are the demo's with the agency's code: `kadis.dinas07`, `staf.evaluasi.dinas07`; the
password is the demo's. Not copied: audit events (the copies have no history) and report jobs;
the copied documents (and evidence files, if any) point to the template's stored files, so a
file deleted through one copy is gone for all: the regency is for tests and benchmarks.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from sakip.accounts.models import User
from sakip.core.signals import rows_written
from sakip.monitoring.models import Realisasi, ReportingPeriod
from sakip.organization.choices import UnitKind
from sakip.organization.models import Employee, Unit
from sakip.planning.models import Indicator
from sakip.procedures.models import Task

from ..data_year import closed_quarters, load_data_year
from ..organization import AGENCY_CODE, REGENCY_CODE
from .cloning import Cloner, Copy, Row
from .steps import REPLICATED, template_steps

PREFIX = "dinas"
NAME = "Dinas Uji"


class RegencyError(Exception):
    """The regency cannot be generated (no demo yet, or already generated)."""


class RegencyExistsError(RegencyError):
    """The regency was generated before: nothing is changed."""


@dataclass(frozen=True)
class RegencySummary:
    """What the regency holds after the generation (the demo agency included)."""

    generated: int
    agencies: int
    units: int
    people: int
    indicators: int
    realisasi: int
    tasks: int
    seconds: float


def agency_code(index: int) -> str:
    return f"{PREFIX}{index:02d}"


def username_for(template_username: str, index: int) -> str:
    """The copy's login name: `kadis` of agency 7 is `kadis.dinas07`."""
    return f"{template_username}.{agency_code(index)}"


def replica_counts(agencies: int, per_agency: int, template_indicators: int) -> list[int]:
    """How many times each copy repeats the plan's objectives: the running total of indicators
    follows `per_agency` per agency (so 40 copies of 22 indicators repeat 2, 3, 2, 2, 2, 3...)."""
    if template_indicators == 0:
        return [1] * agencies

    def total(k: int) -> int:
        return round(k * per_agency / template_indicators)

    return [max(1, total(k) - total(k - 1)) for k in range(1, agencies + 1)]


class _Rewrites:
    """The values each copy must change: codes, names, login names, NIPs, the paths."""

    def __init__(self, template: Unit) -> None:
        self.template = template
        self.used_nips = set(Employee._base_manager.values_list("nip", flat=True))

    @staticmethod
    def name(copy: Copy) -> str:
        return f"{NAME} {copy.index:02d}"

    @staticmethod
    def short_name(copy: Copy) -> str:
        return f"Dinas{copy.index:02d}"

    def unit(self, row: Row, copy: Copy, replica: int) -> None:
        code = agency_code(copy.index)
        old = row["code"]
        rest = old[len(self.template.code) :] if old.startswith(self.template.code) else f"-{old}"
        row["code"] = f"{code}{rest}"
        row["path"] = "/"  # rebuilt once the ids are known
        if row["kind"] == UnitKind.AGENCY:
            row["name"] = self.name(copy)
            row["short_name"] = self.short_name(copy)

    def user(self, row: Row, copy: Copy, replica: int) -> None:
        row["username"] = username_for(row["username"], copy.index)
        row["last_login"] = None
        email = row["email"]
        if "@" in email:
            local, domain = email.split("@", 1)
            row["email"] = f"{local}+{agency_code(copy.index)}@{domain}"

    def employee(self, row: Row, copy: Copy, replica: int) -> None:
        """Same birth date, appointment and sex; the next free sequence number."""
        nip = row["nip"]
        sequence = int(nip[15:18])
        for step in range(1, 1000):
            candidate = f"{nip[:15]}{(sequence - 1 + copy.index * step) % 999 + 1:03d}"
            if candidate not in self.used_nips:
                break
        else:  # pragma: no cover - 999 people born on one day and appointed in one month
            raise RegencyError(f"no free NIP near {nip}")
        self.used_nips.add(candidate)
        row["nip"] = candidate

    def code(self, row: Row, copy: Copy, replica: int) -> None:
        if replica:
            row["code"] = f"{row['code']}-{replica + 1}"

    def titled(self, row: Row, copy: Copy, replica: int) -> None:
        """A run's or a document's title names the agency."""
        row["title"] = row["title"].replace(self.template.name, self.name(copy))

    def document(self, row: Row, copy: Copy, replica: int) -> None:
        """A document's title, and its number ("001/LKjIP/Diskominfo/2025") name the agency."""
        self.titled(row, copy, replica)
        short = self.template.short_name or self.template.code
        row["number"] = row["number"].replace(f"/{short}/", f"/{self.short_name(copy)}/")

    def profile(self, row: Row, copy: Copy, replica: int) -> None:
        """The letterhead's e-mail and website carry the agency's code."""
        for key in ("email", "website"):
            row[key] = row[key].replace(self.template.code, agency_code(copy.index))


def _rebuild_paths(cloner: Cloner, copies: list[Copy]) -> None:
    """Each copied unit's materialized path from its new parent's (parents first)."""
    ids = [new for copy in copies for new in cloner.maps.get((Unit, copy.index, 0), {}).values()]
    units = {u.pk: u for u in Unit._base_manager.filter(pk__in=ids).order_by("pk")}
    parents = {
        u.pk: u for u in Unit._base_manager.filter(pk__in={u.parent_id for u in units.values()})
    }

    def path(unit: Unit) -> str:
        if unit.path == "/":
            parent = units.get(unit.parent_id) or parents.get(unit.parent_id)  # type: ignore[arg-type]
            if parent is not None:
                path(parent)
            unit.path = Unit.path_for(parent, unit.pk)
        return unit.path

    for unit in units.values():
        path(unit)
    Unit._base_manager.bulk_update(list(units.values()), ["path"], batch_size=2000)


def _remap_sources(cloner: Cloner, copies: list[Copy]) -> None:
    """A copied document names its source (the period, the RKT, the LKjIP) by model and id."""
    from sakip.reports.models import GeneratedDocument

    labels: dict[str, type[Model]] = {model._meta.label_lower: model for model, _, _ in cloner.maps}
    changed = []
    for copy in copies:
        new_ids = cloner.maps.get((GeneratedDocument, copy.index, 0), {}).values()
        for document in GeneratedDocument._base_manager.filter(pk__in=list(new_ids)):
            model = labels.get(document.source_type)
            if model is None:
                continue
            document.source_id = str(cloner.new_id(model, copy, int(document.source_id)))
            changed.append(document)
    GeneratedDocument._base_manager.bulk_update(changed, ["source_id"], batch_size=2000)


def _summary(generated: int, regency: Unit, seconds: float) -> RegencySummary:
    inside = {"path__startswith": regency.path}
    return RegencySummary(
        generated=generated,
        agencies=Unit._base_manager.filter(kind=UnitKind.AGENCY, **inside).count(),
        units=Unit._base_manager.filter(**inside).count(),
        people=User._base_manager.filter(
            employee__holdings__position__unit__path__startswith=regency.path
        )
        .distinct()
        .count(),
        indicators=Indicator._base_manager.filter(
            responsible_unit__path__startswith=regency.path
        ).count(),
        realisasi=Realisasi._base_manager.filter(
            submission__unit__path__startswith=regency.path
        ).count(),
        tasks=Task._base_manager.filter(run__agency__path__startswith=regency.path).count(),
        seconds=seconds,
    )


def regency_generated() -> bool:
    return Unit._base_manager.filter(code=agency_code(1)).exists()


def _add_current_year(template: Unit, now: dt.datetime) -> None:
    """The current year's quarters that are over, collected in the demo agency through the
    services (data_year.py) before it is copied: the copies then hold two years of data."""
    quarters = closed_quarters(now.year, now)
    if quarters and not ReportingPeriod.objects.filter(agency=template, year=now.year).exists():
        load_data_year(agency=template, year=now.year, now=now, quarters=quarters)


def generate_regency(
    *,
    agencies: int = 40,
    indicators_per_agency: int = 50,
    with_current_year: bool = False,
    now: dt.datetime | None = None,
) -> RegencySummary:
    """Copy the demo agency `agencies` times into the demo regency (see the module's docstring).

    `with_current_year=True` (the command) first adds to the demo agency the current year's
    quarters that are over by `now`, through the services, so that the copies have more than last
    year's data; without it (tests) the demo agency is copied as it is.
    Refuses (RegencyError) without the demo or when the regency was already generated.
    """
    started = time.monotonic()
    now = now or timezone.now()
    if agencies < 1:
        raise RegencyError(_("Jumlah perangkat daerah minimal 1."))
    with transaction.atomic():
        template = Unit._base_manager.filter(code=AGENCY_CODE).first()
        regency = Unit._base_manager.filter(code=REGENCY_CODE).first()
        if template is None or regency is None:
            raise RegencyError(
                _("Data demo belum dimuat. Muat dulu dengan: python manage.py load_demo")
            )
        if regency_generated():
            raise RegencyExistsError(
                _("Kabupaten uji sudah dibuat (%(code)s ada). Tidak ada yang diubah.")
                % {"code": agency_code(1)}
            )
        if with_current_year:
            _add_current_year(template, now)
        indicators = Indicator._base_manager.filter(
            objective__goal__renstra__agency=template
        ).count()
        copies = [
            Copy(index=i, replicas=r)
            for i, r in enumerate(
                replica_counts(agencies, indicators_per_agency, indicators), start=1
            )
        ]
        rewrites = _Rewrites(template)
        cloner = Cloner(copies, REPLICATED)
        cloner.run(
            template_steps(
                template,
                unit=rewrites.unit,
                user=rewrites.user,
                employee=rewrites.employee,
                code=rewrites.code,
                document=rewrites.document,
                profile=rewrites.profile,
                run=rewrites.titled,
            )
        )
        _rebuild_paths(cloner, copies)
        _remap_sources(cloner, copies)
        # Copied with bulk_create, which sends no post_save: what is kept in the cache under the
        # data stamps must learn of it.
        for model in cloner.created:
            rows_written.send(sender=model)
    return _summary(agencies, regency, time.monotonic() - started)
