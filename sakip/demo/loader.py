"""Loading the whole demo once, in one transaction, through the services (so it is audited)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from sakip.accounts.models import User
from sakip.organization.models import Unit
from sakip.planning.models import Renstra

from .data_year import load_data_year
from .organization import AGENCY_CODE, REGENCY_CODE, load_people, load_units
from .people import ADMIN_EMAIL, ADMIN_FULL_NAME, ADMIN_USERNAME, LOGIN_ORDER
from .plan import load_plan
from .profile import load_profile
from .publication import load_publications
from .sop_run import load_calendar_and_sops, load_sop_run


class DemoConflictError(Exception):
    """Some demo login names are already taken by accounts that are not the demo's."""

    def __init__(self, usernames: list[str]) -> None:
        super().__init__(", ".join(usernames))
        self.usernames = usernames


@dataclass(frozen=True)
class DemoSummary:
    users: int
    units: int
    renstra: Renstra


def demo_loaded() -> bool:
    """The demo is there once its regency exists (the regency unit code is unique)."""
    return Unit.objects.filter(code=REGENCY_CODE).exists()


def _admin(password_hash: str) -> User:
    """The installation's administrator; an existing `admin` account is kept as it is."""
    admin = User.objects.filter(username=ADMIN_USERNAME).first()
    if admin is None:
        admin = User.objects.create(
            username=ADMIN_USERNAME,
            password=password_hash,
            full_name=ADMIN_FULL_NAME,
            email=ADMIN_EMAIL,
            is_staff=True,
            is_superuser=True,
        )
    return admin


def load_demo(
    *,
    password: str,
    with_sop_run: bool = True,
    with_data_year: bool = True,
    with_publication: bool = False,
) -> DemoSummary | None:
    """Create the demo organization, people and plan; None if the demo is already loaded.

    The administrator is the actor of every audit event, so the history reads "created by admin".
    `with_sop_run=False` leaves out the SOP 1 run in progress (browser tests start their own);
    `with_data_year=False` leaves out last year's SOP 2 quarters (tests that build their own).
    `with_publication=True` (the `load_demo` command) also generates and publishes last year's
    quarterly reports and LKjIP: seconds of rendering that most tests do without.
    """
    with transaction.atomic():
        if demo_loaded():
            return None
        taken = sorted(
            User.objects.filter(username__in=LOGIN_ORDER)
            .exclude(username=ADMIN_USERNAME)
            .values_list("username", flat=True)
        )
        if taken:
            raise DemoConflictError(taken)
        password_hash = make_password(password)
        admin = _admin(password_hash)
        units = load_units(actor=admin)
        users = load_people(actor=admin, units=units, password_hash=password_hash)
        renstra = load_plan(actor=admin, units=units)
        agency = units[AGENCY_CODE]
        load_profile(actor=admin, agency=agency)
        now = timezone.now()
        load_calendar_and_sops(
            actor=admin, agency=agency, years=[now.year - 1, now.year, now.year + 1]
        )
        # Last year's four quarters of SOP 2, complete: the reports have a full year to show.
        if with_data_year:
            load_data_year(agency=agency, year=now.year - 1, now=now)
            if with_publication:
                load_publications(agency=agency, year=now.year - 1, now=now)
        if with_sop_run:
            load_sop_run(agency=agency, now=now)
    return DemoSummary(users=len(users) + 1, units=len(units), renstra=renstra)
