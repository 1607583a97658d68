"""The LKjIP's narrative sections: their list, the texts pre-filled from the data (numbers computed
by hand from capaian_factories' year), the services that store and reset the staff's texts (racing
edits refused, every change audited), who may write them, and the step 9 handler."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from sakip.audit.models import AuditEvent
from sakip.audit.selectors import audit_events_for
from sakip.monitoring.models import Realisasi, ReportingPeriod, SubmissionStatus, UnitSubmission
from sakip.monitoring.tests.capaian_factories import YEAR, build_budget, build_year
from sakip.planning import services as plan
from sakip.planning.models import Indicator, IndicatorTarget
from sakip.procedures.actions import handler_for
from sakip.procedures.models import Task
from sakip.procedures.tests.factories import make_two_step_sop, start_run, wita
from sakip.reports.annual import sections
from sakip.reports.annual.data import annual_report_data
from sakip.reports.annual.handlers import AnnualReportHandler
from sakip.reports.annual.models import AnnualReport, AnnualReportSection
from sakip.reports.annual.prefill import join_id, prefilled_texts, summarize_explanations
from sakip.reports.annual.section_services import (
    NOT_ALLOWED,
    STALE_EDIT,
    TEXT_REQUIRED,
    UNKNOWN_SECTION,
    StaleSectionError,
    annual_section_reset,
    annual_section_save,
)
from sakip.reports.annual.selectors import (
    narratives_for,
    section_history,
    section_states,
    with_narratives,
)

pytestmark = pytest.mark.django_db
D = Decimal
ON = datetime.date(2027, 1, 15)


@pytest.fixture
def year_data(organization, plan_data):
    year = build_year(organization, plan_data)
    build_budget(organization, plan_data, year)
    return year


def _data(organization):
    return annual_report_data(organization.agency, YEAR, on=ON)


def _save(organization, username="staf.evaluasi", key="executive_summary", text="Teks", version=0):
    return annual_section_save(
        actor=organization[username],
        agency=organization.agency,
        year=YEAR,
        key=key,
        text=text,
        version=version,
    )


# --- the list of sections --------------------------------------------------------------------


def test_sections_follow_the_lkjip_outline_with_one_section_per_objective(
    organization, plan_data, year_data
):
    data = _data(organization)
    objective_key = f"objective:{plan_data.objective.pk}"
    assert sections.section_keys_for(data) == [
        "foreword",
        "executive_summary",
        "bab1_background",
        "bab1_duties",
        "bab1_issues",
        "bab2_plan",
        "bab2_agreement",
        objective_key,
        "bab3_budget",
        "bab4_conclusion",
        "bab4_improvement",
    ]
    assert objective_key not in sections.SECTION_KEYS
    section = sections.section_for(data, objective_key)
    assert section is not None and section.chapter == "bab3"
    assert section.title == "Analisis capaian sasaran 1: Meningkatnya kualitas layanan SPBE"
    assert sections.section_for(data, "objective:999999") is None
    assert sections.section_for(data, "bab9_unknown") is None
    chapters = sections.chapters_for(data)
    assert [c.title for c in chapters] == [
        "Kata Pengantar",
        "Ikhtisar Eksekutif",
        "Bab I Pendahuluan",
        "Bab II Perencanaan Kinerja",
        "Bab III Akuntabilitas Kinerja",
        "Bab IV Penutup",
    ]
    assert [s.key for s in chapters[4].sections] == [objective_key, "bab3_budget"]


# --- pre-filled texts ------------------------------------------------------------------------


def test_join_and_merge_of_repeated_explanations():
    assert join_id(["a"]) == "a"
    assert join_id(["a", "b"]) == "a dan b"
    assert join_id(["a", "b", "c"]) == "a, b, dan c"
    assert summarize_explanations(
        ["TW I: Sinyal lemah", "TW II: Sinyal lemah", "TW III: Hujan"]
    ) == [
        "TW I, TW II: Sinyal lemah",
        "TW III: Hujan",
    ]


def test_prefilled_texts_say_what_the_data_says(organization, plan_data, year_data):
    # Analysis (3): C1's Renstra end target 50 → realisasi 42 / 50 × 100 = 84,00%.
    Indicator.objects.filter(pk=year_data.indicators["C1"].pk).update(end_target_low=D("50"))
    # Analysis (2): 2025, C1 had annual target 40 and an accepted TW IV realisasi of 30 → 75,00%.
    IndicatorTarget.objects.create(indicator=year_data.indicators["C1"], year=2025, low=D("40"))
    period_2025 = ReportingPeriod.objects.create(agency=organization.agency, year=2025, quarter=4)
    submission = UnitSubmission.objects.create(
        period=period_2025, unit=organization.ikp, status=SubmissionStatus.ACCEPTED
    )
    Realisasi.objects.create(
        submission=submission, indicator=year_data.indicators["C1"], value=D("30")
    )
    texts = prefilled_texts(_data(organization))
    summary = texts["executive_summary"]
    # Indicators: C1–C5 of the factory plus IK1, IK2, IK1.1 of plan_data = 8, all under S1.
    assert "Pada tahun 2026, Dinas Kominfo Uji mengukur 8 indikator kinerja pada 1 sasaran" in (
        summary
    )
    # C1 105,00, C2 105,00, C3 103,33, C5 95,94 → Sangat Tinggi (4); C4 (2·40 − 55)/40 = 62,50
    # → Rendah (1); IK1, IK2, IK1.1 have no realisasi → n/a (3).
    assert "Sebanyak 4 indikator berkategori Sangat Tinggi dan 1 indikator berkategori Rendah." in (
        summary
    )
    assert "Sebanyak 3 indikator belum dapat dihitung capaiannya." in summary
    # Pagu 1.004.422.800 + 250.000.000 + 500.000.000 = 1.754.422.800; spent (last month of each
    # sub-activity) 1.000.972.958 + 50.000.000 + 125.000.000 = 1.175.972.958; 67,029…% → 67,03%.
    assert (
        "Realisasi anggaran Rp1.175.972.958 dari pagu Rp1.754.422.800 (serapan 67,03%)." in summary
    )
    # No quarter is locked in the factory's year.
    assert "Data TW I, TW II, TW III, dan TW IV belum dikunci" in summary

    budget = texts["bab3_budget"]
    assert "sebesar Rp1.754.422.800 yang dilaksanakan melalui 2 program" in budget
    # Program IKP: 1.050.972.958 / 1.254.422.800 = 83,78%; Aptika: 125.000.000 / 500.000.000 = 25%.
    assert (
        "Serapan terendah pada Program Aplikasi Informatika (25,00%) dan tertinggi pada "
        "Program Informasi Publik (83,78%)." in budget
    )

    objective = texts[f"objective:{plan_data.objective.pk}"]
    assert (
        "Indikator C4: realisasi 55 dokumen dari target 40 dokumen, capaian 62,50% (Rendah)."
        in (objective)
    )
    # C5: mean realisasi (92 + 70 + 85 + 60) / 4 = 76,75 below the range 80–90 → 76,75 / 80.
    assert "Indikator C5: realisasi 76,75 dokumen dari target 80–90 dokumen, capaian 95,94%" in (
        objective
    )
    assert "Indeks SPBE: capaian belum dapat dihitung" in objective
    # Best: C1 105,00% (C2 ties, C1 comes first); worst: C4 62,50%.
    assert (
        "Capaian tertinggi pada indikator Indikator C1 (105,00%) dan terendah pada indikator "
        "Indikator C4 (62,50%)." in objective
    )
    assert (
        "Dibandingkan tahun 2025, capaian indikator Indikator C1 naik dari 75,00% menjadi 105,00%."
        in objective
    )
    assert (
        "Terhadap target akhir Renstra 50 dokumen, realisasi indikator Indikator C1 tahun ini "
        "mencapai 84,00%." in objective
    )
    assert "Kendala yang dilaporkan: C1 — TW I: Kendala C1 TW 1; TW II: Kendala C1 TW 2" in (
        objective
    )
    assert "C4 — TW I: Solusi C4 TW 1" in objective

    # 5 measured: C1, C2, C3 ≥ 100 (met), C4 and C5 < 100.
    assert (
        "Dari 8 indikator kinerja pada 1 sasaran strategis tahun 2026, 3 indikator mencapai atau "
        "melampaui target dan 2 indikator belum mencapai target." in texts["bab4_conclusion"]
    )
    assert "Indikator C4 (62,50%) dan Indikator C5 (95,94%)" in texts["bab1_issues"]
    improvement = texts["bab4_improvement"]
    assert "belum mencapai target: Indikator C4 dan Indikator C5." in improvement
    # The steps are the solutions of C4 and C5 (4 quarters each), not those of C1–C3.
    assert "1. Solusi C4 TW 1." in improvement and "8. Solusi C5 TW 4." in improvement
    assert "Solusi C1" not in improvement

    duties = texts["bab1_duties"]
    assert "1. Sekretariat, membawahi Sub Bagian Perencanaan dan Keuangan;" in duties
    assert "2. Bidang IKP, membawahi Seksi Publikasi;" in duties
    assert "3. Bidang Aptika, membawahi Seksi Infrastruktur." in duties
    assert "Dinas Lain" not in duties
    assert "Renstra 2025–2029 menetapkan 1 tujuan dan 1 sasaran strategis" in texts["bab2_plan"]
    assert texts["foreword"] == ""
    # The same data gives the same text.
    assert prefilled_texts(_data(organization)) == texts


def test_prefill_without_data_says_so(organization, plan_data):
    texts = prefilled_texts(annual_report_data(organization.agency, YEAR, on=ON))
    assert "Pagu anggaran tahun 2026 belum tercatat." in texts["bab3_budget"]
    assert "Belum ada solusi atau tindak lanjut" in texts["bab4_improvement"]
    no_renstra = prefilled_texts(annual_report_data(organization.agency, 2040, on=ON))
    assert no_renstra["bab2_plan"] == "Belum ada Renstra yang mencakup tahun 2040."


# --- services --------------------------------------------------------------------------------


def test_planner_saves_a_section_audited_and_versioned(organization, plan_data, year_data):
    data = _data(organization)
    prefilled = prefilled_texts(data)["executive_summary"]
    section = _save(organization, text="Ringkasan\r\n\r\nParagraf kedua.  ")
    assert section.text == "Ringkasan\n\nParagraf kedua."  # CRLF and trailing blanks gone
    assert section.version == 1 and section.updated_by == organization["staf.evaluasi"]
    assert AnnualReport.objects.filter(agency=organization.agency, year=YEAR).count() == 1
    event = audit_events_for(section).get(action="create")
    assert event.actor == organization["staf.evaluasi"]
    assert event.changes == {"text": [None, "Ringkasan\n\nParagraf kedua."]}

    again = _save(organization, username="kasubag.renkeu", text="Ringkasan baru", version=1)
    assert again.pk == section.pk and again.version == 2
    event = audit_events_for(section).get(action="update")
    assert event.changes == {"text": ["Ringkasan\n\nParagraf kedua.", "Ringkasan baru"]}

    texts = narratives_for(organization.agency, YEAR, data)
    assert texts["executive_summary"] == "Ringkasan baru"
    assert texts["bab1_background"] == prefilled_texts(data)["bab1_background"]
    state = next(s for s in section_states(organization.agency, YEAR, data) if s.is_edited)
    assert state.key == "executive_summary" and state.prefilled == prefilled
    assert state.updated_by == "Kasubag Renkeu" and state.version == 2


def test_stale_edit_is_refused_and_nothing_is_overwritten(organization, plan_data, year_data):
    # Two planners open the never-edited section (version 0); the first saves.
    _save(organization, username="kasubag.renkeu", text="Teks Kasubag")
    with pytest.raises(StaleSectionError) as refused:
        _save(organization, username="staf.evaluasi", text="Teks Staf", version=0)
    assert refused.value.messages == [str(STALE_EDIT % {"actor": "Kasubag Renkeu"})]
    assert AnnualReportSection.objects.get().text == "Teks Kasubag"
    assert AuditEvent.objects.filter(object_type="reports.annualreportsection").count() == 1


def test_reset_goes_back_to_the_data_and_keeps_the_history(organization, plan_data, year_data):
    data = _data(organization)
    key = f"objective:{plan_data.objective.pk}"
    section = _save(organization, key=key, text="Analisis staf")
    with pytest.raises(StaleSectionError):
        annual_section_reset(
            actor=organization["staf.evaluasi"],
            agency=organization.agency,
            year=YEAR,
            key=key,
            version=0,
        )
    annual_section_reset(
        actor=organization["kasubag.renkeu"],
        agency=organization.agency,
        year=YEAR,
        key=key,
        version=1,
    )
    section.refresh_from_db()
    assert section.text == "" and section.version == 2
    assert narratives_for(organization.agency, YEAR, data)[key] == prefilled_texts(data)[key]
    event = audit_events_for(section).get(action="reset")
    assert event.changes == {"text": ["Analisis staf", None]}
    history = section_history(section)
    assert [entry.action for entry in history] == [
        "Mengembalikan ke teks dari data",
        "Mengubah teks",
    ]
    assert history[0].changes[0].after == "(teks dari data)"
    # The report's objective narrative follows the texts given to it.
    filled = with_narratives(data, narratives_for(organization.agency, YEAR, data))
    assert filled.objectives[0].narrative == prefilled_texts(data)[key]
    # Resetting a section that already follows the data changes nothing.
    annual_section_reset(
        actor=organization["kasubag.renkeu"], agency=organization.agency, year=YEAR, key=key
    )
    assert audit_events_for(section).count() == 2


def test_bad_texts_and_keys_are_refused_next_to_the_field(organization, plan_data):
    with pytest.raises(ValidationError) as empty:
        _save(organization, text="  \r\n ")
    assert empty.value.message_dict == {"text": [str(TEXT_REQUIRED)]}
    with pytest.raises(ValidationError) as too_long:
        _save(organization, text="x" * 30001)
    assert "paling banyak 30000 karakter (sekarang 30001)" in too_long.value.message_dict["text"][0]
    with pytest.raises(ValidationError) as unknown:
        _save(organization, key="bab9_unknown")
    assert unknown.value.message_dict == {"key": [str(UNKNOWN_SECTION)]}
    other_renstra = plan.renstra_create(
        actor=None, agency=organization.other_agency, start_year=2025, title="Renstra Lain"
    )
    goal = plan.goal_create(actor=None, renstra=other_renstra, code="T1", statement="Tujuan lain")
    other = plan.objective_create(actor=None, goal=goal, code="S1", statement="Sasaran lain")
    with pytest.raises(ValidationError):
        _save(organization, key=f"objective:{other.pk}")
    assert not AnnualReportSection.objects.exists()


@pytest.mark.parametrize("username", ["kadis", "sekretaris", "kabid.ikp", "kadis.lain", "outsider"])
def test_only_the_agency_planners_write_sections(organization, plan_data, username):
    with pytest.raises(ValidationError) as refused:
        _save(organization, username=username)
    assert refused.value.messages == [str(NOT_ALLOWED)]
    assert not AnnualReportSection.objects.exists()


def test_narratives_read_in_a_fixed_number_of_queries(
    organization, plan_data, year_data, django_assert_num_queries
):
    data = _data(organization)
    _save(organization, text="Satu")
    _save(organization, key="bab4_conclusion", text="Dua")
    # The stored sections, and the unit tree for Bab I.
    with django_assert_num_queries(2):
        texts = narratives_for(organization.agency, YEAR, data)
    assert texts["executive_summary"] == "Satu" and texts["bab4_conclusion"] == "Dua"


# --- SOP 2 step 9 ----------------------------------------------------------------------------


def test_step_9_opens_the_lkjip_page_of_the_runs_year(organization, plan_data):
    revision = make_two_step_sop(organization.agency)
    run = start_run(organization, revision, now=wita(2027, 1, 4, 9))
    ReportingPeriod.objects.create(agency=organization.agency, year=YEAR, quarter=4, run=run)
    task = Task.objects.filter(run=run).first()
    assert task is not None
    handler = handler_for(SimpleNamespace(action="data.annual_report"))  # type: ignore[arg-type]
    assert isinstance(handler, AnnualReportHandler)
    assert (
        handler.work_url(task) == f"/pengumpulan-data/lkjip/{YEAR}/?agency={organization.agency.pk}"
    )
    other_run = start_run(organization, revision, now=wita(2027, 1, 4, 9))
    other_task = Task.objects.filter(run=other_run).first()
    assert other_task is not None
    assert handler.work_url(other_task) is None  # no period
