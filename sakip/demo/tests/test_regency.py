"""The generated regency (issue 11): the demo agency copied in bulk, and to the application each
copy is an agency like the demo's — its people see their own agency only, its capaian is the
template's, its people's inboxes work."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from sakip.accounts.models import User
from sakip.conftest import rows_built_once
from sakip.demo.data_year import closed_quarters
from sakip.demo.loader import load_demo
from sakip.demo.regency import RegencyError, generate_regency, regency_generated, username_for
from sakip.measurement import Period
from sakip.monitoring.capaian import indicator_results
from sakip.monitoring.models import PeriodStatus, Realisasi, ReportingPeriod, SubmissionStatus
from sakip.organization.choices import UnitKind
from sakip.organization.models import Employee, Unit
from sakip.planning.models import Indicator
from sakip.procedures.choices import TaskStatus
from sakip.procedures.models import Task

PASSWORD = "rahasia-demo"
AGENCIES = 3


def _build() -> None:
    load_demo(password=PASSWORD)
    generate_regency(agencies=AGENCIES, with_current_year=True)


@pytest.fixture(scope="module")
def regency_built(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo and three copies, built once for the module; each test's writes are rolled back."""
    media = tmp_path_factory.mktemp("media")  # the demo's emblem
    with override_settings(MEDIA_ROOT=media), rows_built_once(django_db_blocker, _build):
        yield


@pytest.fixture
def regency(db, regency_built) -> list[Unit]:
    """The demo agency, then the copies."""
    return [Unit.objects.get(code=code) for code in ("diskominfo", "dinas01", "dinas02", "dinas03")]


def _indicators(agency: Unit):
    return Indicator.objects.filter(objective__goal__renstra__agency=agency)


def _people(agency: Unit):
    return User.objects.filter(employee__holdings__position__unit__path__startswith=agency.path)


def test_the_copies_have_their_own_units_people_and_about_fifty_indicators_each(regency):
    template, *copies = regency
    assert [a.name for a in copies] == ["Dinas Uji 01", "Dinas Uji 02", "Dinas Uji 03"]
    assert Unit.objects.filter(kind=UnitKind.AGENCY, code__startswith="dinas").count() == AGENCIES
    template_units = Unit.objects.filter(path__startswith=template.path).count()
    template_people = set(_people(template).values_list("username", flat=True))
    template_codes = set(_indicators(template).values_list("code", flat=True))
    total = 0
    for index, agency in enumerate(copies, start=1):
        # The same tree under the copy, every unit's path under the agency's.
        units = Unit.objects.filter(path__startswith=agency.path)
        assert units.count() == template_units
        assert all(u.code.startswith(f"dinas{index:02d}") for u in units)
        # The same people, with their own login names (and NIPs).
        people = set(_people(agency).values_list("username", flat=True))
        assert people == {f"{name}.dinas{index:02d}" for name in template_people}
        # The plan's objectives repeated: codes "X", "X-2" (and "X-3").
        codes = list(_indicators(agency).values_list("code", flat=True))
        repeats = len(codes) // len(template_codes)
        assert repeats in (2, 3)
        expected = template_codes | {
            f"{code}-{r}" for code in template_codes for r in range(2, repeats + 1)
        }
        assert Counter(codes) == Counter(expected)
        total += len(codes)
    # About 50 indicators per agency: within half a template's plan of 3 × 50.
    assert abs(total - 50 * AGENCIES) <= len(template_codes) / 2
    usernames = list(User.objects.values_list("username", flat=True))
    assert len(usernames) == len(set(usernames))
    nips = list(Employee.objects.values_list("nip", flat=True))
    assert len(nips) == len(set(nips))


def test_a_copy_has_the_demo_year_locked_and_accepted(regency):
    template, copy, *_ = regency
    year = timezone.now().year - 1
    periods = ReportingPeriod.objects.filter(agency=copy, year=year).order_by("quarter")
    assert [(p.quarter, p.status) for p in periods] == [
        (q, PeriodStatus.LOCKED) for q in (1, 2, 3, 4)
    ]
    # Every submission accepted, by the copy's own people.
    for period in periods:
        statuses = {s.status for s in period.submissions.all()}
        assert statuses == {SubmissionStatus.ACCEPTED}
        for submission in period.submissions.select_related("reviewed_by", "unit"):
            assert submission.unit.path.startswith(copy.path)
            assert submission.reviewed_by.username.endswith(".dinas01")
    # Realisasi for the copy's indicators only (the template's and its repeats).
    rows = Realisasi.objects.filter(submission__period__agency=copy)
    assert not rows.exclude(indicator__objective__goal__renstra__agency=copy).exists()
    template_rows = Realisasi.objects.filter(submission__period__agency=template).count()
    repeats = _indicators(copy).count() // _indicators(template).count()
    assert rows.count() == template_rows * repeats


def test_the_copies_hold_this_years_closed_quarters_too(regency):
    now = timezone.now()
    closed = closed_quarters(now.year, now)
    for agency in regency:
        periods = ReportingPeriod.objects.filter(agency=agency, year=now.year)
        assert sorted(periods.values_list("quarter", flat=True)) == list(closed)
        assert not periods.exclude(status=PeriodStatus.LOCKED).exists()


@pytest.mark.parametrize(
    ("today", "year", "closed"),
    [
        # TW I opens from 8 April, TW II 2 July, TW III 2 October, TW IV 5 January of the next
        # year; each is over 45 days later.
        (dt.date(2026, 5, 22), 2026, ()),
        (dt.date(2026, 5, 23), 2026, (1,)),
        (dt.date(2026, 12, 5), 2026, (1, 2, 3)),
        (dt.date(2027, 2, 18), 2026, (1, 2, 3)),
        (dt.date(2027, 2, 19), 2026, (1, 2, 3, 4)),
    ],
)
def test_closed_quarters(today, year, closed):
    now = dt.datetime.combine(today, dt.time(12), tzinfo=dt.UTC)
    assert closed_quarters(year, now) == closed


def test_the_head_of_a_copy_sees_only_their_own_agency(regency, client):
    template, first, second, _ = regency
    kadis = User.objects.get(username=username_for("kadis", 1))
    visible = Indicator.objects.restrict(kadis, "view")
    assert visible.count() == _indicators(first).count()
    assert not visible.exclude(objective__goal__renstra__agency=first).exists()

    client.force_login(kadis)
    own = _indicators(first).order_by("pk").first()
    assert client.get(reverse("planning:indicator_detail", args=[own.pk])).status_code == 200
    for other in (template, second):
        foreign = _indicators(other).order_by("pk").first()
        url = reverse("planning:indicator_detail", args=[foreign.pk])
        assert client.get(url).status_code == 404


def _by_code(agency: Unit, year: int, quarter: int) -> dict[str, tuple]:
    results = indicator_results(agency=agency, year=year, period=Period.quarter(quarter))
    return {
        r.indicator.code: (r.target, r.realisasi, r.capaian.display, r.category_key)
        for r in results
    }


def test_a_copys_capaian_is_the_templates(regency):
    template, copy, *_ = regency
    year = timezone.now().year - 1
    expected = _by_code(template, year, 4)
    assert len(expected) == _indicators(template).count()
    assert any(value[2] is not None for value in expected.values())
    got = _by_code(copy, year, 4)
    for code, measured in got.items():
        base = code.rsplit("-", 1)[0] if code not in expected else code
        assert measured == expected[base], code
    assert set(expected) <= set(got)


def test_a_copied_persons_inbox_lists_their_tasks(regency, client):
    _, copy, *_ = regency
    open_tasks = Task.objects.filter(run__agency=copy, status=TaskStatus.OPEN)
    assert open_tasks.exists()
    first = open_tasks.order_by("pk").first()
    assert first is not None
    person = first.assignee
    assert person.username.endswith(".dinas01")
    client.force_login(person)
    response = client.get(reverse("procedures:inbox"))
    assert response.status_code == 200
    page = response.content.decode()
    mine = open_tasks.filter(assignee=person)
    for task in mine:
        assert reverse("procedures:task_detail", args=[task.pk]) in page
    other = Task.objects.filter(status=TaskStatus.OPEN).exclude(assignee=person).first()
    assert other is not None
    assert reverse("procedures:task_detail", args=[other.pk]) + '"' not in page
    assert client.get(reverse("procedures:task_detail", args=[mine[0].pk])).status_code == 200


def test_a_second_generation_is_refused(regency):
    assert regency_generated()
    with pytest.raises(RegencyError):
        generate_regency(agencies=1)


def test_a_second_run_of_the_command_changes_nothing(regency):
    units = Unit.objects.count()
    out = StringIO()
    call_command("generate_regency", "--agencies", "1", stdout=out)
    assert "Kabupaten uji sudah dibuat" in out.getvalue()
    assert Unit.objects.count() == units


def test_a_copied_person_logs_in_with_the_demo_password(regency, client):
    assert client.login(username=username_for("staf.evaluasi", 2), password=PASSWORD)
    profile = regency[2].profile
    assert profile.email == "dinas02@balangankab.go.id"
