"""A completed year of SOP 2 (Pengumpulan Data Kinerja) for the demo, through the services.

For one year of the Renstra (the lead passes the previous year, whose targets exist):

- every plan unit gets a Rencana Aksi whose quarterly targets follow each indicator's aggregation
  (incremental: the annual target split in four; cumulative: 25/50/75/100 %; average and latest:
  the annual target every quarter; ranges kept), submitted in January and accepted;
- TW I–IV are opened by the Kasubbag Perencanaan dan Keuangan at 08:00 WITA on the first working
  day from 8 April, 2 July, 2 October and 5 January of the next year; opening sends the data
  request (SOP 2 step 1, done at once) with the units' due date, the agency's default of 5 working
  days (DOMAIN.md §1, decision on SOP 2 step 1);
- every unit enters realisasi (a deterministic mix of categories, with kendala/solusi wherever the
  quarter's capaian is under the agency's threshold) and the monthly progress of its
  sub-activities, and sends it within a few working days; three units in the year send after the
  due date; one submission is returned and fixed (a task in the unit head's inbox); the planning
  staff review each submission soon after it arrives, complete the recap step (which locks the
  quarter) and the steps after it, each a little while after it opens: the year's SOP compliance
  is high but not perfect (step 3's "2 menit" as written cannot be met).

Everything is backdated through the services' and the engine's `now`; nothing is random.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError

from sakip.accounts.models import User
from sakip.measurement import ROMAN, Polarity, Target, compute_capaian
from sakip.monitoring import access as monitoring_access
from sakip.monitoring import selectors as monitoring_selectors
from sakip.monitoring import services as monitoring
from sakip.monitoring.capaian import agency_settings
from sakip.monitoring.models import ReportingPeriod, UnitSubmission
from sakip.organization.models import Unit
from sakip.organization.selectors import active_holdings
from sakip.planning.action_plan import access as plan_access
from sakip.planning.action_plan import selectors as plan_selectors
from sakip.planning.action_plan import services as action_plan
from sakip.planning.action_plan_models import ActionPlan, ActionPlanStatus, QuarterTarget
from sakip.planning.choices import Aggregation
from sakip.planning.models import Budget
from sakip.procedures import engine
from sakip.procedures.calendar import calendar_for
from sakip.procedures.choices import TaskStatus
from sakip.procedures.models import Task
from sakip.procedures.working_time import WorkingCalendar, add_working_time, is_working_moment

PLANNER = "staf.evaluasi"
# Step 1 of SOP 2 is the Kasubbag's: opening the quarter sends the data request.
OPENER = "kasubag.renkeu"
QUARTERS = (1, 2, 3, 4)
HUNDRED = Decimal(100)
CENT = Decimal("0.01")
# Units of measure counted in whole numbers.
PERCENT_LIKE = {"%", "indeks", "nilai", "skor"}

# (month, day) from which each quarter's opening day is sought; TW IV opens in the next year.
OPENING = {1: (4, 8), 2: (7, 2), 3: (10, 2), 4: (1, 5)}

# Realisasi as a fraction of the quarter's target, TW I–IV (for a cumulative or latest indicator
# the year's capaian is TW IV's). Mostly on target; a few weaker indicators give the year its
# Tinggi, Sedang, Rendah and Sangat Rendah.
DEFAULT_RATIOS = ("1.00", "1.02", "1.01", "1.03")
RATIOS: dict[str, tuple[str, str, str, str]] = {
    "APT.1": ("0.96", "0.98", "1.00", "1.04"),  # Sangat Tinggi after a slow start
    "APT.1.1": ("0.67", "0.40", "0.38", "0.40"),  # Sangat Rendah
    "APT.2.1": ("0.99", "1.00", "0.995", "1.01"),  # Sangat Tinggi (average)
    "IKP.1.1": ("0.92", "1.05", "1.10", "1.02"),  # Sangat Tinggi (sum)
    "IKP.2": ("1.00", "1.00", "1.00", "1.00"),
    "IKP.3": ("0.90", "0.88", "0.87", "0.86"),  # Tinggi
    "STA.1": ("0.70", "0.62", "0.60", "0.58"),  # Rendah
    "STA.1.1": ("0.95", "0.90", "0.86", "0.84"),  # Tinggi
    "STA.2": ("1.00", "1.00", "1.00", "1.00"),
    "PSN.2": ("0.80", "0.76", "0.72", "0.70"),  # Sedang
    "SEK.1": ("0.86", "0.86", "0.87", "0.87"),  # Tinggi
    "SEK.2": ("0.90", "0.95", "0.97", "0.99"),  # Sangat Tinggi
    "SEK.3": ("1.00", "1.02", "1.03", "1.05"),
}
# Lower-is-better indicators: realisasi given directly, around the target.
LOWER_VALUES: dict[str, tuple[int, int, int, int]] = {"PSN.1": (2, 4, 3, 3)}

# Kendala and solusi where the capaian falls short (per indicator code).
EXPLANATIONS: dict[str, tuple[str, str]] = {
    "APT.1": (
        "Beberapa perangkat daerah belum menyerahkan data layanan untuk dimasukkan ke katalog "
        "layanan SPBE.",
        "Surat permintaan data kedua dikirim dan pendampingan pengisian katalog dijadwalkan.",
    ),
    "APT.1.1": (
        "Integrasi aplikasi menunggu kesiapan API dari penyedia aplikasi pusat dan perangkat "
        "daerah pengampu.",
        "Koordinasi teknis dengan penyedia aplikasi dan penyusunan jadwal integrasi bersama.",
    ),
    "APT.2.1": (
        "Gangguan listrik PLN dan pemeliharaan UPS menyebabkan layanan pusat data terhenti "
        "beberapa jam.",
        "Pengadaan genset cadangan dan jadwal pemeliharaan di luar jam layanan.",
    ),
    "IKP.1.1": (
        "Produksi konten terhambat karena pengelola media sosial sedang mengikuti pelatihan.",
        "Penjadwalan konten mingguan dan pembagian tugas antarstaf pengelola media.",
    ),
    "IKP.3": (
        "Sebagian aduan SP4N-LAPOR! memerlukan tindak lanjut perangkat daerah lain yang belum "
        "merespons.",
        "Penyampaian surat pengingat kepada admin perangkat daerah dan rapat koordinasi bulanan.",
    ),
    "STA.1": (
        "Banyak perangkat daerah belum menunjuk walidata pendukung sehingga data sektoral "
        "terlambat disampaikan.",
        "Mendorong penetapan walidata pendukung melalui surat Sekretaris Daerah dan bimbingan "
        "teknis.",
    ),
    "STA.1.1": (
        "Dataset yang masuk belum memenuhi standar data dan metadata Satu Data Indonesia.",
        "Verifikasi dan pendampingan perbaikan metadata bersama produsen data.",
    ),
    "PSN.1": (
        "Terjadi serangan judi online (defacement) pada beberapa subdomain perangkat daerah.",
        "Pemindaian kerentanan berkala, pembaruan CMS, dan penonaktifan subdomain yang tidak "
        "dipakai.",
    ),
    "PSN.2": (
        "Pengajuan sertifikat elektronik terkendala verifikasi identitas pegawai di BSrE.",
        "Pelayanan pendaftaran kolektif dan sosialisasi tanda tangan elektronik ke perangkat "
        "daerah.",
    ),
    "SEK.1": (
        "Rekomendasi evaluasi SAKIP tahun lalu belum seluruhnya ditindaklanjuti.",
        "Menyusun rencana aksi tindak lanjut rekomendasi dan memantaunya setiap triwulan.",
    ),
    "SEK.2": (
        "Beberapa kegiatan fisik baru dibayar setelah pekerjaan selesai pada akhir tahun.",
        "Percepatan pengajuan SPP dan pemantauan realisasi anggaran setiap bulan.",
    ),
}
DEFAULT_EXPLANATION = (
    "Pelaksanaan kegiatan pendukung belum sepenuhnya sesuai jadwal.",
    "Percepatan pelaksanaan kegiatan dan pemantauan rutin oleh kepala unit.",
)

# Monthly progress: physical % and the share of the year's spend reached, cumulative.
PHYSICAL = (6, 12, 20, 28, 37, 46, 55, 64, 74, 84, 93, 100)
SPEND_SHARE: tuple[str, ...] = (
    *("0.03", "0.07", "0.12", "0.19", "0.27", "0.36"),
    *("0.46", "0.56", "0.66", "0.78", "0.89", "1"),
)
# The share of the pagu spent by the year's end, per sub-activity in turn (85–99 %).
ABSORPTION = ("0.97", "0.93", "0.99", "0.88", "0.95", "0.91", "0.86", "0.98", "0.94", "0.90")

# (quarter, unit code): submitted after the request's due date (working days late).
LATE = {
    (1, "diskominfo-persandian"): 1,
    (3, "diskominfo-statistik"): 2,
    (4, "diskominfo-aptika"): 1,
}
# Working minutes each later step takes after it opens (20 by default): the recap is done soon
# after the last unit's data is reviewed; step 9's 15 minutes are met.
STEP_MINUTES = {2: 10, 9: 12}
# The quarter and unit whose data is returned once (a typo in one realisasi), then fixed.
RETURNED = (2, "diskominfo-ikp", "IKP.1.1")


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _working_day_at(day: dt.date, calendar: WorkingCalendar, hour: int = 8) -> dt.datetime:
    """`hour`:00 WITA on the first working day from `day`."""
    moment = dt.datetime.combine(day, dt.time(hour, 0), tzinfo=calendar.tz)
    while not is_working_moment(moment, calendar):
        moment += dt.timedelta(days=1)
    return moment


def _head(unit: Unit) -> User | None:
    holding = (
        active_holdings()
        .filter(position__unit=unit, position__is_unit_head=True, employee__user__isnull=False)
        .select_related("employee__user")
        .first()
    )
    return holding.employee.user if holding is not None else None


def _is_count(indicator: Any) -> bool:
    return indicator.unit_of_measure not in PERCENT_LIKE


def _quantize(value: Decimal, whole: bool) -> Decimal:
    return value.quantize(Decimal(1) if whole else CENT, ROUND_HALF_UP)


def _split(annual: Decimal, whole: bool) -> list[Decimal]:
    """Four incremental quarters that add up exactly to the annual target."""
    if whole and annual == annual.to_integral_value():
        base, rest = divmod(int(annual), 4)
        return [Decimal(base + (1 if q > 4 - rest else 0)) for q in QUARTERS]
    quarter = (annual / 4).quantize(CENT, ROUND_HALF_UP)
    return [quarter, quarter, quarter, annual - 3 * quarter]


def _quarter_side(indicator: Any, annual: Decimal) -> list[Decimal]:
    aggregation = indicator.aggregation
    whole = _is_count(indicator)
    if aggregation == Aggregation.INCREMENTAL:
        return _split(annual, whole)
    if aggregation == Aggregation.CUMULATIVE:
        return [
            _quantize(annual * q / 4, whole and annual == annual.to_integral_value())
            for q in (1, 2, 3)
        ] + [annual]
    return [annual] * 4  # average, latest


def quarter_targets(indicator: Any, annual: Target) -> dict[int, tuple[Decimal, Decimal | None]]:
    """The quarterly targets of an indicator from its annual target (low, high per quarter)."""
    lows = _quarter_side(indicator, annual.low)
    highs: list[Decimal | None] = (
        list(_quarter_side(indicator, annual.high)) if annual.high is not None else [None] * 4
    )
    return {q: (lows[q - 1], highs[q - 1]) for q in QUARTERS}


def _actions(indicator: Any, quarter: int) -> str:
    name = indicator.name[0].lower() + indicator.name[1:]
    if quarter == 1:
        return f"Penyusunan jadwal dan pengumpulan data awal {name}."
    if quarter == 4:
        return f"Penyelesaian kegiatan dan evaluasi akhir tahun {name}."
    return f"Pelaksanaan kegiatan dan pemantauan {name} triwulan {ROMAN[quarter]}."


def load_action_plans(*, agency: Unit, year: int, calendar: WorkingCalendar) -> list[ActionPlan]:
    planner = _user(PLANNER)
    drafted_at = _working_day_at(dt.date(year, 1, 12), calendar, 9)
    submitted_at = _working_day_at(dt.date(year, 1, 15), calendar, 10)
    reviewed_at = _working_day_at(dt.date(year, 1, 22), calendar, 9)
    plans = []
    for unit in plan_access.plan_units(agency):
        planned = plan_selectors.plan_indicators(agency=agency, unit=unit, year=year)
        if not planned:
            continue
        author = _head(unit) or planner
        plan = action_plan.action_plan_create(actor=author, unit=unit, year=year, now=drafted_at)
        targets = {}
        for item in planned:
            for q, (low, high) in quarter_targets(item.indicator, item.annual).items():
                targets[(item.indicator.pk, q)] = (low, high, _actions(item.indicator, q))
        plan = action_plan.action_plan_update(
            actor=author,
            plan=plan,
            expected_version=plan.version,
            targets=targets,
            now=drafted_at,
        )
        missing = [
            int(key.split("_")[1])
            for key in action_plan.submit_problems(plan)
            if key.startswith("justification_")
        ]
        if missing:
            text = (
                "Target triwulan dibulatkan ke bilangan bulat; capaian tahunan tetap diukur "
                "terhadap target Perjanjian Kinerja."
            )
            plan = action_plan.action_plan_update(
                actor=author,
                plan=plan,
                expected_version=plan.version,
                justifications=dict.fromkeys(missing, text),
                now=drafted_at,
            )
        plan = action_plan.action_plan_submit(actor=author, plan=plan, now=submitted_at)
        plans.append(action_plan.action_plan_accept(actor=planner, plan=plan, now=reviewed_at))
    return plans


# --- the quarterly data ------------------------------------------------------------------------


def _realisasi(indicator: Any, quarter: int, target: Target) -> Decimal:
    if indicator.code in LOWER_VALUES:
        return Decimal(LOWER_VALUES[indicator.code][quarter - 1])
    ratio = Decimal(RATIOS.get(indicator.code, DEFAULT_RATIOS)[quarter - 1])
    base = target.low if target.high is None else (target.low + target.high) / 2
    value = _quantize(base * ratio, _is_count(indicator))
    if indicator.unit_of_measure == "%":
        value = min(value, HUNDRED)
    return value


def _values(
    submission: UnitSubmission, targets: dict[tuple[int, int], Target], threshold: Decimal
) -> dict[int, tuple[Decimal | None, str, str]]:
    quarter = submission.period.quarter
    values: dict[int, tuple[Decimal | None, str, str]] = {}
    for indicator in monitoring_selectors.unit_indicators(submission):
        target = targets.get((indicator.pk, quarter))
        if target is None:
            continue
        value = _realisasi(indicator, quarter, target)
        capaian = compute_capaian(
            polarity=Polarity(indicator.polarity), target=target, realisasi=value
        ).display
        problems, solutions = "", ""
        if capaian is not None and capaian < threshold:
            problems, solutions = EXPLANATIONS.get(indicator.code, DEFAULT_EXPLANATION)
        values[indicator.pk] = (value, problems, solutions)
    return values


def _progress(
    submission: UnitSubmission, pagu: dict[int, Decimal], order: dict[int, int]
) -> dict[tuple[int, int], tuple[Decimal | None, Decimal | None]]:
    progress: dict[tuple[int, int], tuple[Decimal | None, Decimal | None]] = {}
    for sub in monitoring_selectors.unit_sub_activities(submission):
        final = Decimal(ABSORPTION[order[sub.pk] % len(ABSORPTION)])
        for month in monitoring_selectors.quarter_months(submission.period.quarter):
            budget_spent = (pagu[sub.pk] * final * Decimal(SPEND_SHARE[month - 1])).quantize(
                Decimal(1), ROUND_HALF_UP
            )
            progress[(sub.pk, month)] = (Decimal(PHYSICAL[month - 1]), budget_spent)
    return progress


def _open_tasks(period: ReportingPeriod) -> list[Task]:
    return list(
        Task.objects.filter(run_id=period.run_id, status=TaskStatus.OPEN)
        .select_related("assignee", "step", "unit")
        .order_by("step__number", "pk")
    )


def load_quarter(
    *,
    agency: Unit,
    year: int,
    quarter: int,
    calendar: WorkingCalendar,
    targets: dict[tuple[int, int], Target],
    pagu: dict[int, Decimal],
    order: dict[int, int],
) -> ReportingPeriod:
    planner = _user(PLANNER)
    month, day = OPENING[quarter]
    opened = _working_day_at(dt.date(year + (quarter == 4), month, day), calendar)

    def at(minutes: int, start: dt.datetime = opened) -> dt.datetime:
        return add_working_time(start, Decimal(minutes), "minute", calendar)

    period = monitoring.period_open(
        actor=_user(OPENER), agency=agency, year=year, quarter=quarter, now=opened
    )
    due = period.deadline
    assert due is not None, "opening a quarter sets the units' due date"
    threshold = agency_settings(agency).explanation_threshold
    submissions = list(
        UnitSubmission.objects.filter(period=period).select_related("unit", "period__agency")
    )
    submissions.sort(key=lambda s: s.unit.path)
    # When each unit sends: on time within the first few working days (a working day has 450
    # minutes), or the listed units after the due date (which ends a working day: the next
    # working day starts the lateness).
    planned: list[tuple[dt.datetime, UnitSubmission]] = []
    for index, submission in enumerate(submissions):
        late_days = LATE.get((quarter, submission.unit.code))
        when = at(150 + 450 * (late_days - 1), due) if late_days else at(120 + 330 * index)
        planned.append((when, submission))
    planned.sort(key=lambda pair: pair[0])

    reviewed = opened
    for when, submission in planned:
        task = monitoring_access.request_task(submission, open_only=True)
        assert task is not None, "the unit's data request task opens with the period"
        head = task.assignee
        values = _values(submission, targets, threshold)
        wrong = RETURNED[:2] == (quarter, submission.unit.code)
        if wrong:
            typo_id = next(pk for pk in values if _code(pk) == RETURNED[2])
            value, problems, solutions = values[typo_id]
            assert value is not None
            values = {**values, typo_id: (value * 10, problems, solutions)}
        monitoring.submission_save(
            actor=head,
            submission=submission,
            expected_version=None,
            values=values,
            progress=_progress(submission, pagu, order),
            now=when - dt.timedelta(minutes=1),
        )
        monitoring.submission_submit(actor=head, submission=submission, now=when)
        # The planning staff review each submission soon after it arrives.
        cursor = at(20, when)
        if wrong:
            reviewed = _return_and_fix(submission, targets, threshold, cursor, calendar)
        else:
            monitoring.submission_accept(actor=planner, submission=submission, now=cursor)
            reviewed = cursor

    # The recap (it locks the quarter) and every step after it, each done a while after it opens.
    cursor = reviewed
    for _round in range(10):
        tasks = _open_tasks(period)
        if not tasks:
            break
        for task in tasks:
            started = max(cursor, task.started_at or cursor)
            cursor = at(STEP_MINUTES.get(task.step.number, 20), started)
            try:
                engine.task_complete(
                    actor=task.assignee,
                    task=task,
                    note=f"Selesai untuk {monitoring.period_label(period)}.",
                    now=cursor,
                )
            except ValidationError:
                return ReportingPeriod.objects.get(pk=period.pk)
    return ReportingPeriod.objects.get(pk=period.pk)


def _code(indicator_id: int) -> str:
    from sakip.planning.models import Indicator

    return Indicator.objects.only("code").get(pk=indicator_id).code


def _return_and_fix(
    submission: UnitSubmission,
    targets: dict[tuple[int, int], Target],
    threshold: Decimal,
    cursor: dt.datetime,
    calendar: WorkingCalendar,
) -> dt.datetime:
    """The planner returns the data over a typo; the unit corrects it and resends; accepted."""
    planner = _user(PLANNER)

    def after(minutes: int, start: dt.datetime) -> dt.datetime:
        return add_working_time(start, Decimal(minutes), "minute", calendar)

    values = _values(submission, targets, threshold)
    typo_id = next(pk for pk in values if _code(pk) == RETURNED[2])
    note = (
        f"Realisasi {RETURNED[2]} tertulis sepuluh kali lipat dari rekap publikasi; "
        "mohon diperiksa dan diperbaiki."
    )
    submission = monitoring.submission_return(
        actor=planner,
        submission=submission,
        note=note,
        line_notes={typo_id: "Periksa kembali jumlah konten triwulan ini."},
        now=cursor,
    )
    task = monitoring_access.request_task(submission)
    head = task.assignee if task is not None else _head(submission.unit)
    monitoring.submission_save(
        actor=head,
        submission=submission,
        expected_version=submission.version,
        values={typo_id: values[typo_id]},
        now=after(90, cursor),
    )
    resent = after(120, cursor)
    submission = monitoring.submission_submit(actor=head, submission=submission, now=resent)
    accepted = after(30, resent)
    monitoring.submission_accept(
        actor=planner, submission=submission, note="Data sudah diperbaiki.", now=accepted
    )
    return after(10, accepted)


# Working days a scripted quarter takes from its opening to its lock, with room to spare.
QUARTER_SPAN = dt.timedelta(days=45)


def closed_quarters(year: int, now: dt.datetime) -> tuple[int, ...]:
    """The quarters of `year` whose scripted collection (opening to lock) is over by `now`."""
    return tuple(
        q for q in QUARTERS if dt.date(year + (q == 4), *OPENING[q]) + QUARTER_SPAN <= now.date()
    )


def load_data_year(
    *, agency: Unit, year: int, now: dt.datetime, quarters: tuple[int, ...] = QUARTERS
) -> list[ReportingPeriod]:
    """Rencana Aksi and the locked `quarters` of `year` (all four: a year before `now`; fewer:
    those of the current year that `closed_quarters` says are over)."""
    if quarters == QUARTERS:
        assert year < now.year, "the demo year must be over by `now`"
    else:
        assert set(quarters) <= set(closed_quarters(year, now)), "quarters not over by `now`"
    calendar = calendar_for(agency)
    load_action_plans(agency=agency, year=year, calendar=calendar)
    targets: dict[tuple[int, int], Target] = {}
    for row in QuarterTarget.objects.filter(
        action_plan__agency=agency,
        action_plan__year=year,
        action_plan__status=ActionPlanStatus.ACCEPTED,
        low__isnull=False,
    ):
        low = row.low
        assert low is not None  # filtered above
        targets[(row.indicator_id, row.quarter)] = (
            Target.range(low, row.high) if row.high is not None else Target.single(low)
        )
    budgets = list(
        Budget.objects.filter(
            year=year, sub_activity__activity__program__renstra__agency=agency
        ).order_by("sub_activity__code")
    )
    pagu = {b.sub_activity_id: b.pagu for b in budgets}
    order = {b.sub_activity_id: i for i, b in enumerate(budgets)}
    return [
        load_quarter(
            agency=agency,
            year=year,
            quarter=quarter,
            calendar=calendar,
            targets=targets,
            pagu=pagu,
            order=order,
        )
        for quarter in quarters
    ]
