"""Agency-level indicators (responsible unit = the agency itself) are reported by the Sekretariat
(decision 0005): on its entry page, in its Excel template, and counted in the capaian; never in a
Bidang's submission."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from sakip.measurement import Period
from sakip.monitoring import selectors
from sakip.monitoring.capaian import indicator_results
from sakip.planning import services as plan
from sakip.planning.action_plan_models import ActionPlan, ActionPlanStatus, QuarterTarget

from . import test_cycle_support as support
from .test_cycle_support import YEAR, client_for, open_quarter, save, submission_of

D = Decimal
pytestmark = pytest.mark.django_db

_media = support._media


@pytest.fixture
def cycle(organization, plan_data):
    return support.build_cycle(organization, plan_data)


@pytest.fixture
def agency_indicator(cycle):
    o = cycle.organization
    indicator = plan.indicator_create(
        actor=o["staf.evaluasi"],
        objective=cycle.plan.objective,
        code="IKU.1",
        name="Nilai SAKIP Dinas",
        unit_of_measure="nilai",
        responsible_unit=o.agency,
        is_iku=True,
        targets={YEAR: plan.TargetValue(D("70"))},
    )
    action_plan = ActionPlan.objects.create(
        agency=o.agency,
        unit=o.agency,
        year=YEAR,
        status=ActionPlanStatus.ACCEPTED,
        reviewed_by=o["staf.evaluasi"],
    )
    for quarter in (1, 2, 3, 4):
        QuarterTarget.objects.create(
            action_plan=action_plan, indicator=indicator, quarter=quarter, low=D("70")
        )
    return indicator


def test_the_sekretariat_reports_the_agency_indicators(cycle, agency_indicator):
    o = cycle.organization
    period = open_quarter(cycle)
    sekretariat = submission_of(period, o.secretariat)
    assert list(selectors.unit_indicators(sekretariat)) == [agency_indicator]

    url = reverse("monitoring:submission_detail", args=[period.pk, o.secretariat.pk])
    html = client_for("sekretaris").get(url).content.decode()
    assert f'id="indicator-{agency_indicator.pk}"' in html
    assert "Nilai SAKIP Dinas" in html

    response = client_for("sekretaris").get(
        reverse("monitoring:excel_template", args=[sekretariat.pk])
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content))["Realisasi"]
    codes = [row[0].value for row in sheet.iter_rows()]
    assert "IKU.1" in codes


def test_a_value_saved_by_the_sekretariat_yields_a_capaian(cycle, agency_indicator):
    o = cycle.organization
    period = open_quarter(cycle)
    sekretariat = submission_of(period, o.secretariat)
    save(cycle, sekretariat, "sekretaris", values={agency_indicator.pk: (D("63"), "", "")})

    results = indicator_results(
        agency=o.agency, year=YEAR, period=Period.quarter(1), include_drafts=True
    )
    result = next(r for r in results if r.indicator.pk == agency_indicator.pk)
    assert result.realisasi == D("63")
    assert result.capaian.display == D("90.00")


def test_a_bidang_does_not_report_the_agency_indicators(cycle, agency_indicator):
    o = cycle.organization
    period = open_quarter(cycle)
    ikp = submission_of(period, o.ikp)
    assert agency_indicator not in selectors.unit_indicators(ikp)
    url = reverse("monitoring:submission_detail", args=[period.pk, o.ikp.pk])
    html = client_for("kabid.ikp").get(url).content.decode()
    assert f'id="indicator-{agency_indicator.pk}"' not in html
    with pytest.raises(ValidationError):
        save(cycle, ikp, values={agency_indicator.pk: (D("63"), "", "")})
