"""The Kasubag Umum dan Kepegawaian of the test agency, added to the shared personas."""

from __future__ import annotations

import pytest

from sakip.conftest import Org, _person
from sakip.organization import services as org
from sakip.organization.choices import Role, UnitKind
from sakip.organization.models import Unit


@pytest.fixture
def umpeg(organization: Org) -> Unit:
    unit = org.unit_create(
        actor=None,
        parent=organization.secretariat,
        kind=UnitKind.SUBDIVISION,
        name="Sub Bagian Umum dan Kepegawaian",
        code="umpeg",
    )
    _person(
        organization.users,
        "kasubag.umum",
        unit,
        "Kasubag Umum dan Kepegawaian",
        Role.KASUBAG_GENERAL,
        head=True,
    )
    return unit
