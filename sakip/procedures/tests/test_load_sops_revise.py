"""An installation that loaded SOP 2 before its step 1 became the Kasubbag's data request
(DOMAIN.md §1, decision on SOP 2 step 1) is brought to the shipped structure by a new revision,
`load_sops --revise`, keeping the office's own texts; without --revise the command says so."""

import datetime
import io
from typing import Any

import pytest
from django.core.management import call_command

from sakip.procedures.choices import FanOut
from sakip.procedures.definitions import (
    DEFINITIONS_DIR,
    load_definition,
    revise_structure,
)
from sakip.procedures.models import Sop, SopRevision
from sakip.procedures.services_sops import latest_revision, sop_revise

pytestmark = pytest.mark.django_db

SOP2 = DEFINITIONS_DIR / "sop-pengumpulan-data-kinerja.toml"
TODAY = datetime.date(2026, 12, 7)


def _latest(sop: Sop) -> SopRevision:
    revision = latest_revision(sop)
    assert revision is not None
    return revision


@pytest.fixture
def old_sop2(organization):
    """SOP 2 as loaded before: step 1 per unit in the relative Kepala Bidang lane, with a text the
    office corrected in a revision of its own."""
    sop = load_definition(SOP2, agency=organization.agency, actor=None).sop
    first = _latest(sop)
    kabid = first.lanes.get(name="Kepala Bidang")
    steps: list[dict[str, Any]] = [{} for _ in range(first.steps.count())]
    steps[0] = {"lane": kabid.order, "fan_out": FanOut.PER_UNIT, "activity": "Teks kantor"}
    sop_revise(
        actor=None,
        sop=sop,
        effective_date=first.effective_date,
        change_note="Susunan lama",
        identity={},
        steps=steps,
    )
    return sop


def test_revise_takes_the_shipped_lane_and_fan_out_and_keeps_the_texts(old_sop2):
    revision, problems = revise_structure(sop=old_sop2, path=SOP2, actor=None, today=TODAY)
    assert problems == []
    assert revision is not None and revision.revision == 3
    assert revision.effective_date == TODAY
    step1 = revision.steps.select_related("lane").get(number=1)
    assert step1.lane.name == "Kasubbag Perencanaan dan Keuangan"
    assert step1.fan_out == FanOut.REQUEST
    assert step1.activity == "Teks kantor"  # the office's own correction stays
    assert "langkah 1" in revision.change_note
    # Done once: nothing differs any more.
    again, problems = revise_structure(sop=old_sop2, path=SOP2, actor=None, today=TODAY)
    assert again is None and problems == []


def test_the_command_reports_the_difference_and_revises_on_request(old_sop2, organization):
    out = io.StringIO()
    call_command("load_sops", agency=organization.agency.code, stdout=out)
    assert "berbeda susunan langkahnya dari berkas bawaan (langkah 1)" in out.getvalue()
    assert _latest(Sop.objects.get(pk=old_sop2.pk)).revision == 2

    out = io.StringIO()
    call_command("load_sops", agency=organization.agency.code, revise=True, stdout=out)
    assert "revisi 3 dibuat" in out.getvalue()
    assert _latest(Sop.objects.get(pk=old_sop2.pk)).revision == 3
