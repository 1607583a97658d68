"""The documents' access rules (reports/querysets.py, ReportJobQuerySet): a unit's document goes
with the unit, the performance reports with the whole agency; the agency's planners publish; a
report job is its starter's alone."""

from sakip.reports.models import DocumentKind, GeneratedDocument, ReportJob


def seen(model, user, action="view"):
    return set(model.objects.restrict(user, action))


def _document(o, kind, unit=None):
    return GeneratedDocument.objects.create(
        agency=o.agency,
        kind=kind,
        year=2026,
        title=str(kind),
        source_type="x",
        source_id="1",
        unit=unit,
    )


def test_documents_of_a_unit_and_of_the_agency(organization):
    o = organization
    pk = _document(o, DocumentKind.PK, unit=o.ikp)
    quarterly = _document(o, DocumentKind.QUARTERLY)
    rkt = _document(o, DocumentKind.RKT)
    assert seen(GeneratedDocument, o["kabid.ikp"]) == {pk, quarterly}
    # The performance report is socialized to every official of the agency.
    assert seen(GeneratedDocument, o["kabid.aptika"]) == {quarterly}
    assert seen(GeneratedDocument, o["kadis"]) == {pk, quarterly, rkt}
    assert seen(GeneratedDocument, o["kadis.lain"]) == set()
    assert seen(GeneratedDocument, o["staf.evaluasi"], "change") == {pk, quarterly, rkt}
    for username in ("kadis", "kabid.ikp", "bagor"):
        assert seen(GeneratedDocument, o[username], "change") == set(), username


def test_a_report_job_is_its_starters_alone(organization):
    o = organization
    job = ReportJob.objects.create(
        kind=DocumentKind.QUARTERLY, agency=o.agency, year=2026, created_by=o["staf.evaluasi"]
    )
    for action in ("view", "change"):
        assert seen(ReportJob, o["staf.evaluasi"], action) == {job}
        for username in ("kasubag.renkeu", "kadis", "admin"):
            assert seen(ReportJob, o[username], action) == set(), username
