"""The demo data: loaded once, the personas of UX.md with their roles, valid NIPs, a full plan."""

import datetime
import io
import re
from collections.abc import Iterator
from decimal import Decimal
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from sakip.accounts.models import User
from sakip.audit.models import AuditEvent
from sakip.conftest import rows_built_once
from sakip.demo.people import PEOPLE
from sakip.demo.regency import generate_regency
from sakip.organization.choices import HoldingKind, Role, UnitKind
from sakip.organization.models import Employee, PositionHolding, Unit
from sakip.organization.nip import parse_nip, validate_nip
from sakip.organization.selectors import active_holdings
from sakip.planning.choices import Aggregation, Polarity, TargetKind
from sakip.planning.models import Budget, Indicator, Program, Renstra, SubActivity
from sakip.reports.annual.models import AnnualReport
from sakip.reports.models import DocumentKind, GeneratedDocument
from sakip.shell.demo_accounts import demo_accounts

pytestmark = pytest.mark.django_db

# UX.md personas table: login → role of the position held today.
EXPECTED_ROLES = {
    "kadis": Role.AGENCY_HEAD,
    "sekretaris": Role.SECRETARY,
    "kasubag.umum": Role.KASUBAG_GENERAL,
    "kasubag.renkeu": Role.KASUBAG_PLANNING,
    "staf.evaluasi": Role.PLANNING_STAFF,
    "kabid.ikp": Role.DIVISION_HEAD,
    "kabid.aptika": Role.DIVISION_HEAD,
    "kabid.statistik": Role.DIVISION_HEAD,
    "kabid.persandian": Role.DIVISION_HEAD,
    "bagor": Role.REGENCY_VIEWER,
}
BIDANG = (
    "Bidang Informasi dan Komunikasi Publik",
    "Bidang Aplikasi Informatika",
    "Bidang Statistik",
    "Bidang Persandian",
)


def load() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="class")
def loaded_once(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[str]:
    # The command publishes last year's documents: their files go to a folder of their own.
    media = tmp_path_factory.mktemp("media")
    with override_settings(MEDIA_ROOT=media), rows_built_once(django_db_blocker, load) as output:
        yield output


def _parent_name(unit: Unit) -> str:
    assert unit.parent is not None
    return unit.parent.name


def _portal_rows(client) -> dict[str, str]:
    """The portal index's table: agency name → the number shown beside it."""
    page = client.get(reverse("portal:index")).content.decode()
    rows = re.findall(
        r'<a href="/publik/instansi/\d+/">([^<]+)</a></td>\s*<td[^>]*>(\d+)</td>', page
    )
    return dict(rows)


def _pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _lkjip(agency: Unit) -> GeneratedDocument:
    year = timezone.now().year - 1
    return GeneratedDocument.objects.get(agency=agency, kind=DocumentKind.ANNUAL, year=year)


def roles_today() -> dict[str, list[PositionHolding]]:
    holdings: dict[str, list[PositionHolding]] = {}
    for holding in active_holdings().select_related("employee__user", "position__unit__parent"):
        if holding.employee.user is not None:
            holdings.setdefault(holding.employee.user.username, []).append(holding)
    return holdings


def test_demo_logins_without_data_says_how_to_load_it():
    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert "python manage.py load_demo" in out.getvalue()


def test_load_demo_refuses_outside_demo_mode(settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError):
        load()
    assert not Unit.objects.exists()


def test_load_demo_refuses_when_a_persona_login_is_taken():
    User.objects.create_user(username="kadis", password="x-rahasia-123")
    with pytest.raises(CommandError, match="kadis"):
        load()
    assert not Unit.objects.exists()


def test_the_demo_holds_last_years_four_locked_quarters(db):
    from django.utils import timezone

    from sakip.demo.loader import load_demo
    from sakip.monitoring.models import PeriodStatus, ReportingPeriod

    load_demo(password="x")
    last_year = timezone.localdate().year - 1
    periods = ReportingPeriod.objects.filter(year=last_year).order_by("quarter")
    assert [(p.quarter, p.status) for p in periods] == [
        (q, PeriodStatus.LOCKED) for q in (1, 2, 3, 4)
    ]


class TestTheLoadedDemo:
    """The demo loaded once for the tests that only read it (a load takes seconds); what a test
    writes is rolled back after it. The tests that load it themselves are outside the class."""

    @pytest.fixture
    def demo(self, loaded_once: str) -> str:
        return loaded_once

    def test_every_persona_holds_a_position_of_the_expected_role(self, demo):
        holdings = roles_today()
        for username, role in EXPECTED_ROLES.items():
            assert [h.position.role for h in holdings[username]] == [role], username

        assert holdings["kasubag.umum"][0].position.unit.name == "Sub Bagian Umum dan Kepegawaian"
        assert (
            holdings["staf.evaluasi"][0].position.unit.name == "Sub Bagian Perencanaan dan Keuangan"
        )
        bagor_unit = holdings["bagor"][0].position.unit
        assert bagor_unit.kind == UnitKind.REGENCY_OFFICE
        assert bagor_unit.parent is not None
        assert bagor_unit.parent.code == "kab-balangan"

        # One or two Kepala Seksi and at least one employee in every bidang.
        for bidang in BIDANG:
            kasi = [
                u
                for u, hs in holdings.items()
                if u.startswith("kasi.")
                and hs[0].position.role == Role.SECTION_HEAD
                and _parent_name(hs[0].position.unit) == bidang
            ]
            pegawai = [
                u
                for u, hs in holdings.items()
                if u.startswith("pegawai.")
                and hs[0].position.role == Role.EMPLOYEE
                and bidang in (hs[0].position.unit.name, _parent_name(hs[0].position.unit))
            ]
            assert 1 <= len(kasi) <= 2, bidang
            assert pegawai, bidang

        admin = User.objects.get(username="admin")
        assert admin.is_superuser and admin.is_staff

    def test_heads_report_to_the_head_of_the_parent_unit(self, demo):
        holdings = roles_today()
        kadis = holdings["kadis"][0].position
        assert holdings["kabid.ikp"][0].position.superior == kadis
        assert holdings["kasi.infopublik"][0].position.superior == holdings["kabid.ikp"][0].position
        staf = holdings["staf.evaluasi"][0].position
        assert staf.superior == holdings["kasubag.renkeu"][0].position

    def test_kabid_statistik_is_acting_after_the_definitive_head_retired(self, demo):
        holding = roles_today()["kabid.statistik"][0]
        assert holding.kind == HoldingKind.PLT
        assert str(holding).startswith("Plt. Kepala Bidang Statistik")
        retired = PositionHolding.objects.get(
            position=holding.position, kind=HoldingKind.DEFINITIVE
        )
        assert retired.end_date is not None and retired.end_date < holding.start_date
        assert retired.employee.user is None
        assert holding.start_date.year in (2024, 2025)

    def test_running_twice_creates_nothing_more(self, demo):
        models = (User, Unit, Employee, Indicator, Budget, AuditEvent)
        before = {m.__name__: m.objects.count() for m in models}

        output = load()

        assert "Data demo sudah ada." in output
        assert {m.__name__: m.objects.count() for m in models} == before

    def test_every_nip_is_valid_and_its_sex_digit_matches_the_person(self, demo):
        declared = {p.nip.replace(" ", ""): p.sex for p in PEOPLE}
        employees = list(Employee.objects.all())
        assert len(employees) == len(PEOPLE)
        sequences = set()
        for employee in employees:
            validate_nip(employee.nip)
            parsed = parse_nip(employee.nip)
            assert parsed.sex == declared[employee.nip] == employee.sex, employee
            # Appointed as a civil servant at 18 or older.
            appointed = datetime.date(parsed.appointment_year, parsed.appointment_month, 28)
            assert (appointed - parsed.birth_date).days >= 18 * 365, employee
            sequences.add(parsed.sequence)
        assert len(sequences) == len(employees)

    def test_the_renstra_is_a_full_five_year_plan(self, demo):
        renstra = Renstra.objects.get(agency__code="diskominfo")
        assert (renstra.start_year, renstra.end_year) == (2025, 2029)
        assert 3 <= renstra.goals.count() <= 4
        indicators = list(
            Indicator.objects.filter(objective__goal__renstra=renstra)
            .select_related("responsible_unit", "parent__responsible_unit")
            .prefetch_related("targets")
        )
        assert 15 <= len(indicators) <= 25
        assert any(i.polarity == Polarity.LOWER for i in indicators)
        assert {i.aggregation for i in indicators} == set(Aggregation.values)

        ranges = [i for i in indicators if i.target_kind == TargetKind.RANGE]
        assert ranges
        assert all(t.high is not None and t.low < t.high for i in ranges for t in i.targets.all())

        for indicator in indicators:
            assert [t.year for t in indicator.targets.all()] == renstra.years, indicator
            assert indicator.end_target_low is not None, indicator
            assert indicator.definition and indicator.data_source, indicator

        ikus = [i for i in indicators if i.is_iku]
        assert ikus and all(i.responsible_unit.kind == UnitKind.AGENCY for i in ikus)
        # Cascading: bidang indicators under an agency IKU, and seksi indicators under a bidang one.
        assert any(
            i.responsible_unit.kind == UnitKind.DIVISION
            and i.parent is not None
            and i.parent.is_iku
            for i in indicators
        )
        assert any(
            i.responsible_unit.kind == UnitKind.SECTION
            and i.parent is not None
            and i.parent.responsible_unit.kind == UnitKind.DIVISION
            for i in indicators
        )

    def test_every_program_serves_objectives_and_carries_a_budget_for_every_year(self, demo):
        programs = Program.objects.prefetch_related("objectives", "activities__sub_activities")
        assert {p.code for p in programs} >= {"2.16.01", "2.16.02", "2.16.03", "2.17.02", "2.20.02"}
        for program in programs:
            assert program.objectives.exists(), program
            assert 2 <= program.activities.count() <= 4, program
            for activity in program.activities.all():
                assert 1 <= activity.sub_activities.count() <= 3, activity
        for sub in SubActivity.objects.prefetch_related("budgets"):
            assert [b.year for b in sub.budgets.all()] == [2025, 2026, 2027, 2028, 2029], sub

    def test_the_budget_example_sub_activity_exists(self, demo):
        budget = Budget.objects.select_related("sub_activity").get(
            year=2025, pagu=Decimal("1004422800")
        )
        assert budget.sub_activity.name == "Penyelenggaraan Sistem Jaringan Intra Pemerintah Daerah"

    def test_the_load_is_audited_as_done_by_the_administrator(self, demo):
        admin = User.objects.get(username="admin")
        events = AuditEvent.objects.filter(object_type="planning.indicator", action="create")
        assert events.count() == Indicator.objects.count()
        assert set(events.values_list("actor", flat=True)) == {admin.pk}

    def test_every_demo_login_authenticates_with_the_demo_password(self, demo, client):
        usernames = [row["username"] for row in demo_accounts()]
        assert set(EXPECTED_ROLES) | {"admin"} <= set(usernames)
        for username in usernames:
            assert client.login(username=username, password=settings.DEMO_PASSWORD), username
            client.logout()

    def test_demo_logins_prints_the_accounts_and_the_password(self, demo):
        out = StringIO()
        call_command("demo_logins", stdout=out)
        text = out.getvalue()
        assert f"Akun demo (kata sandi: {settings.DEMO_PASSWORD})" in text
        assert "Nama pengguna" in text and "Jabatan" in text
        lines = text.splitlines()
        kabid = next(line for line in lines if line.startswith("kabid.statistik "))
        assert "Plt. Kepala Bidang Statistik" in kabid and "Bidang Statistik" in kabid
        # Listed in the order of the personas table: the administrator, then the agency head.
        usernames = [line.split()[0] for line in lines[3:]]
        assert usernames[:3] == ["admin", "kadis", "sekretaris"]
        assert usernames[-1] == "bagor"

    # --- the published documents (the command publishes; `load_demo()` does not) ---

    def test_the_portal_lists_the_demo_agency_with_its_documents(self, demo, client):
        agency = Unit.objects.get(code="diskominfo")
        # Last year's four locked quarters give four quarterly reports, and the year its LKjIP.
        assert _portal_rows(client)[agency.name] == "5"
        page = client.get(reverse("portal:agency", args=[agency.pk])).content.decode()
        lkjip = _lkjip(agency)
        assert reverse("portal:download", args=[lkjip.pk]) in page

    def test_anyone_downloads_the_demo_lkjip(self, demo, client):
        agency = Unit.objects.get(code="diskominfo")
        response = client.get(reverse("portal:download", args=[_lkjip(agency).pk]))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        text = _pdf_text(b"".join(response.streaming_content))
        assert "LAPORAN KINERJA INSTANSI PEMERINTAH" in text
        assert " ".join(agency.name.upper().split()) in text.upper()

    def test_a_generated_agency_has_the_published_documents_too(self, demo, client):
        generate_regency(agencies=1)
        copy = Unit.objects.get(code="dinas01")
        assert _portal_rows(client)[copy.name] == "5"
        lkjip = _lkjip(copy)
        # The copy's document names the copy's own LKjIP (not the template's) as its source.
        assert lkjip.source_type == AnnualReport._meta.label_lower
        assert AnnualReport.objects.get(pk=int(lkjip.source_id)).agency == copy
        assert lkjip.title.endswith(copy.name)
        assert lkjip.number == f"001/LKjIP/{copy.short_name}/{lkjip.year}"
        # Its file is the template's stored PDF.
        response = client.get(reverse("portal:download", args=[lkjip.pk]))
        assert response.status_code == 200
        assert "LAPORAN KINERJA INSTANSI PEMERINTAH" in _pdf_text(
            b"".join(response.streaming_content)
        )
