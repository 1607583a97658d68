"""The planning models' access rules (planning/querysets.py) beyond the plan tree's
(organization/tests/test_access.py): targets and budgets go with their indicator and sub-activity,
a Rencana Aksi and an RKT form are kept per unit, a PK goes with its unit."""

from decimal import Decimal

from sakip.organization.models import Position
from sakip.planning import services as plan
from sakip.planning.models import (
    ActionPlan,
    ActionPlanJustification,
    Budget,
    IndicatorTarget,
    PerformanceAgreement,
    QuarterTarget,
    RktActivityLine,
    RktDocument,
    RktForm,
    RktIndicatorLine,
    SocializationMeeting,
)
from sakip.procedures.choices import TaskStatus
from sakip.procedures.models import Task

from . import rkt_factories
from .rkt_factories import complete, form_of, open_tasks, record_meeting, start

rkt_world = rkt_factories.rkt_world  # the fixture, shared by the RKT tests


def seen(model, user, action="view"):
    return set(model.objects.restrict(user, action))


def test_targets_go_with_their_indicator(organization, plan_data):
    o, p = organization, plan_data
    aptika = set(IndicatorTarget.objects.filter(indicator=p.indicator_aptika))
    assert aptika
    assert seen(IndicatorTarget, o["kabid.aptika"]) == aptika
    assert seen(IndicatorTarget, o["staf.evaluasi"], "change") == set(IndicatorTarget.objects.all())
    assert seen(IndicatorTarget, o["kabid.aptika"], "change") == set()


def test_budgets_go_with_their_sub_activity(organization, plan_data):
    o, actor = organization, organization["staf.evaluasi"]
    program = plan.program_create(
        actor=actor, renstra=plan_data.renstra, code="1", name="Program", responsible_unit=o.ikp
    )
    activity = plan.activity_create(
        actor=actor, program=program, code="1.1", name="Kegiatan", responsible_unit=o.ikp
    )
    sub = plan.sub_activity_create(
        actor=actor,
        activity=activity,
        code="1.1.1",
        name="Sub kegiatan",
        responsible_unit=o.seksi_ikp,
        budgets={2026: Decimal("1000000")},
    )
    budgets = set(Budget.objects.filter(sub_activity=sub))
    assert seen(Budget, o["kasi.ikp"]) == budgets
    assert seen(Budget, o["kabid.ikp"]) == budgets
    assert seen(Budget, o["kabid.aptika"]) == set()
    assert seen(Budget, o["staf.evaluasi"], "change") == budgets
    assert seen(Budget, o["kasi.ikp"], "change") == set()


def test_a_rencana_aksi_is_kept_per_unit(organization, plan_data):
    o, p = organization, plan_data
    ikp = ActionPlan.objects.create(agency=o.agency, unit=o.ikp, year=2026)
    aptika = ActionPlan.objects.create(agency=o.agency, unit=o.aptika, year=2026)
    target = QuarterTarget.objects.create(action_plan=ikp, indicator=p.indicator_ikp, quarter=1)
    why = ActionPlanJustification.objects.create(
        action_plan=ikp, indicator=p.indicator_ikp, text="Alasan"
    )
    # Seen by the unit's line (a seksi reads its bidang's plan) and the agency-wide roles.
    assert seen(ActionPlan, o["kasi.ikp"]) == {ikp}
    assert seen(ActionPlan, o["kabid.aptika"]) == {aptika}
    assert seen(ActionPlan, o["kadis"]) == {ikp, aptika}
    assert seen(ActionPlan, o["kadis.lain"]) == set()
    # Changed by the unit's head and the agency's planners.
    assert seen(ActionPlan, o["kabid.ikp"], "change") == {ikp}
    assert seen(ActionPlan, o["staf.evaluasi"], "change") == {ikp, aptika}
    for username in ("kasi.ikp", "kadis", "sekretaris"):
        assert seen(ActionPlan, o[username], "change") == set(), username
    for model, row in ((QuarterTarget, target), (ActionPlanJustification, why)):
        assert seen(model, o["kasi.ikp"]) == {row}
        assert seen(model, o["kabid.aptika"]) == set()
        assert seen(model, o["kabid.ikp"], "change") == {row}


def test_an_rkt_form_is_changed_by_its_head_or_the_holder_of_its_fill_task(rkt_world):
    w, o = rkt_world, rkt_world.org
    run = start(w)
    rkt_factories.walk_to_fill(w, run)
    ikp, aptika = form_of(run, o.ikp), form_of(run, o.aptika)
    document = ikp.document
    assert seen(RktForm, w["kasi.ikp"]) == {ikp}
    assert seen(RktForm, w["kabid.aptika"]) == {aptika}
    assert ikp in seen(RktForm, w["kadis"])
    assert seen(RktForm, w["kabid.ikp"], "change") == {ikp}
    assert seen(RktForm, w["staf.evaluasi"], "change") == set()
    # The fill task handed to someone else (an acting head): they may fill the form, while open.
    (fill,) = [t for t in open_tasks(run, "rkt.fill") if t.unit == o.ikp]
    Task.objects.filter(pk=fill.pk).update(assignee=w["pegawai.ikp"])
    assert seen(RktForm, w["pegawai.ikp"], "change") == {ikp}
    Task.objects.filter(pk=fill.pk).update(status=TaskStatus.DONE)
    assert seen(RktForm, w["pegawai.ikp"], "change") == set()
    # The form's lines go with it; the document is opened by the agency's people.
    for model in (RktIndicatorLine, RktActivityLine):
        lines = set(model.objects.filter(form=ikp))
        assert lines, model
        assert seen(model, w["kasi.ikp"]) == lines
        assert not seen(model, w["kabid.aptika"]) & lines
    assert seen(RktDocument, w["kabid.aptika"]) == {document}
    assert seen(RktDocument, w["kadis.lain"]) == set()
    assert seen(RktDocument, w["staf.evaluasi"], "change") == {document}
    assert seen(RktDocument, w["kadis"], "change") == set()


def test_the_socialization_meeting_is_recorded_by_the_holder_of_the_open_step(rkt_world):
    w = rkt_world
    run = start(w)
    (disposition,) = open_tasks(run, "rkt.disposition")
    complete(disposition)
    (planning,) = open_tasks(run, "rkt.plan")
    complete(planning, note="Sosialisasi Senin 13.00.")
    meeting = record_meeting(w, run)
    assert seen(SocializationMeeting, w["kabid.aptika"]) == {meeting}
    assert seen(SocializationMeeting, w["kadis.lain"]) == set()
    (socialize,) = open_tasks(run, "rkt.socialize")
    assert seen(SocializationMeeting, socialize.assignee, "change") == {meeting}
    assert seen(SocializationMeeting, w["kadis"], "change") == set()
    complete(socialize)
    assert seen(SocializationMeeting, socialize.assignee, "change") == set()


def test_a_pk_goes_with_its_unit(organization):
    o = organization
    rkt = RktDocument.objects.create(agency=o.agency, year=2026)
    position = Position.objects.get(unit=o.ikp, is_unit_head=True)
    pk = PerformanceAgreement.objects.create(
        rkt=rkt,
        position=position,
        unit=o.ikp,
        first_party_name="Kabid IKP",
        first_party_title="Kepala Bidang IKP",
        second_party_name="Kadis",
        second_party_title="Kepala Dinas",
    )
    for username in ("kabid.ikp", "kadis", "bagor"):
        assert seen(PerformanceAgreement, o[username]) == {pk}, username
    for username in ("kabid.aptika", "kasi.ikp", "kadis.lain"):
        assert seen(PerformanceAgreement, o[username]) == set(), username
    assert seen(PerformanceAgreement, o["staf.evaluasi"], "change") == {pk}
    assert seen(PerformanceAgreement, o["kabid.ikp"], "change") == set()
