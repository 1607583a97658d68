"""A new agency (perangkat daerah) in one step (issue 10): the unit under the regency, its agency
profile, and the SOPs shipped in procedures/*.toml loaded for it through the same loader as
`manage.py load_sops` (docs/decisions/0012: one file serves every agency). All or nothing, every
part audited by its own service. The working calendar is the installation's (decision 0004: an
agency without rows of its own reads the shared rows), so a new agency needs none of its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from sakip.accounts.types import Actor
from sakip.organization import services as org
from sakip.organization.choices import UnitKind
from sakip.organization.models import AgencyProfile, Unit
from sakip.procedures.definitions import LoadResult, definition_files, load_definitions

NOT_A_REGENCY = _("Perangkat daerah dibuat di bawah pemerintah kabupaten; pilih kabupatennya.")
NO_SOP_FILES = _(
    "Berkas SOP bawaan (procedures/*.toml) tidak ditemukan pada instalasi ini, sehingga "
    "perangkat daerah belum dapat menjalankan SOP. Pasang ulang aplikasi atau hubungi pengelola "
    "instalasi; tidak ada yang disimpan."
)
SOP_FILE_INVALID = _(
    "SOP bawaan tidak dapat dimuat: %(problem)s Tidak ada yang disimpan; hubungi pengelola "
    "instalasi."
)


def regency_profile_defaults(regency: Unit) -> dict[str, Any]:
    """What a new agency's profile most likely shares with the other agencies of its regency:
    the letterhead's first line, the signature city and the regent."""
    profile = (
        AgencyProfile.objects.filter(agency__path__startswith=regency.path)
        .order_by("agency__path")
        .first()
    )
    if profile is None:
        return {"regency_name": str(regency.name).upper()}
    return {
        name: getattr(profile, name)
        for name in ("regency_name", "city", "regent_title", "regent_name")
    }


def agency_create(
    *,
    actor: Actor,
    regency: Unit,
    name: str,
    code: str,
    short_name: str = "",
    order: int = 0,
    profile: Mapping[str, Any],
) -> tuple[Unit, list[LoadResult]]:
    """Create an agency ready to run both SOPs once its positions are filled: the unit, its
    profile (letterhead, city, regent) and the shipped SOPs. Nothing is written on a refusal."""
    if regency.kind != UnitKind.REGENCY:
        raise ValidationError({"regency": NOT_A_REGENCY}, code="not_regency")
    if not definition_files():
        # Checked before anything is written: an agency without its SOPs is not what was asked.
        raise ValidationError(NO_SOP_FILES, code="no_sop_files")
    with transaction.atomic():
        agency = org.unit_create(
            actor=actor,
            parent=regency,
            kind=UnitKind.AGENCY,
            name=name.strip(),
            code=code.strip().lower(),
            short_name=short_name.strip(),
            order=order,
        )
        org.agency_profile_save(actor=actor, agency=agency, data=profile)
        try:
            results = load_definitions(agency=agency, actor=actor)
        except ValidationError as exc:
            raise ValidationError(
                SOP_FILE_INVALID % {"problem": " ".join(exc.messages)}, code="sop_invalid"
            ) from None
    return agency, results
