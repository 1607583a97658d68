"""A report version made before one of its quarters was reopened cannot be published: the data it
was made from may change. The quarterly report covers its quarter, the semester report its two
quarters, the LKjIP the four quarters of its year. The pages show the reason instead of the
"Terbitkan" button, the publishing service refuses with it; a version published before the
reopening stays published, and a version made afterwards may be published."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from lxml import html as lxml_html

from sakip.monitoring import services
from sakip.monitoring.models import PeriodStatus, ReportingPeriod
from sakip.monitoring.tests.capaian_factories import YEAR, build_budget, build_year
from sakip.organization.models import Employee
from sakip.reports.annual.models import AnnualReport
from sakip.reports.models import DocumentKind, GeneratedDocument
from sakip.reports.publishing import document_publish

pytestmark = pytest.mark.django_db

REASON = "Realisasi C1 salah ketik"


@pytest.fixture
def dataset(organization, plan_data, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    year = build_year(organization, plan_data, quarters=(1, 2, 3, 4))
    build_budget(organization, plan_data, year)
    ReportingPeriod.objects.filter(pk__in=[p.pk for p in year.periods.values()]).update(
        status=PeriodStatus.LOCKED, locked_at=timezone.now()
    )
    return year


def _version(organization, kind, source, sequence):
    """A stored version (stand-in files: rendering is tested elsewhere)."""
    document = GeneratedDocument(
        agency=organization.agency,
        kind=kind,
        year=YEAR,
        number=f"{sequence:03d}/{kind}/{YEAR}",
        title=f"Laporan {kind}",
        source_type=source._meta.label_lower,
        source_id=str(source.pk),
        created_by=organization["staf.evaluasi"],
    )
    document.pdf.save(f"{kind}-{sequence:03d}.pdf", ContentFile(b"isi"), save=False)
    document.save()
    return document


def _reopen(organization, period, when=None):
    return services.period_reopen(
        actor=organization["staf.evaluasi"], period=period, reason=REASON, now=when
    )


def _text(node):
    return " ".join(node.text_content().split())


def _publication_cell(client, url, document):
    tree = lxml_html.fromstring(client.get(url).content.decode())
    return tree.xpath(f'//tr[@id="version-{document.pk}"]/td[@data-field="publication"]')[0]


def test_a_quarterly_version_made_before_the_reopening_is_not_published(
    client, organization, dataset
):
    period = dataset.periods[2]
    staf = organization["staf.evaluasi"]
    Employee.objects.filter(user=staf).update(name="Fitriani", back_title="S.E.")
    staf.refresh_from_db()
    published = _version(organization, DocumentKind.QUARTERLY, period, 1)
    document_publish(actor=staf, document=published)
    with pytest.raises(ValidationError) as error:
        document_publish(actor=staf, document=published)
    assert "oleh Fitriani, S.E. Dokumen yang telah terbit" in error.value.messages[0]
    draft = _version(organization, DocumentKind.QUARTERLY, period, 2)
    other_quarter = _version(organization, DocumentKind.QUARTERLY, dataset.periods[1], 3)
    reopened_at = timezone.now() + datetime.timedelta(minutes=1)
    _reopen(organization, period, when=reopened_at)

    # The service refuses, naming the quarter and when it was reopened.
    with pytest.raises(ValidationError) as error:
        document_publish(actor=staf, document=draft)
    (message,) = error.value.messages
    assert message.startswith("TW II dibuka kembali pada ")
    assert "Versi ini tidak dapat diterbitkan" in message
    draft.refresh_from_db()
    assert draft.published_at is None
    # The version published before stays published; another quarter's version is untouched.
    published.refresh_from_db()
    assert published.published_at is not None
    document_publish(actor=staf, document=other_quarter)

    # The report page: no "Terbitkan" link, a disabled button and the reason.
    client.force_login(staf)
    page = reverse("reports:quarterly_report", args=[period.pk])
    cell = _publication_cell(client, page, draft)
    assert cell.xpath(".//a") == []
    assert cell.xpath(".//button[@disabled]")
    assert _text(cell.get_element_by_id(f"publish-block-{draft.pk}")) == message
    assert _text(_publication_cell(client, page, published)).startswith("Terbit ")

    # The archive says the same; the confirmation page offers no confirmation; a POST is refused.
    archive = lxml_html.fromstring(client.get(reverse("reports:archive")).content.decode())
    assert _text(archive.get_element_by_id(f"publish-block-{draft.pk}")) == message
    confirm = client.get(reverse("reports:publish", args=[draft.pk]))
    assert confirm.status_code == 200
    assert b'id="publish-confirm"' not in confirm.content
    assert message in _text(lxml_html.fromstring(confirm.content.decode()))
    refused = client.post(reverse("reports:publish", args=[draft.pk]), {"next": page}, follow=True)
    assert message in refused.content.decode()
    draft.refresh_from_db()
    assert draft.published_at is None

    # Locked again, a new version is made from the corrected data and may be published.
    ReportingPeriod.objects.filter(pk=period.pk).update(status=PeriodStatus.LOCKED)
    fresh = _version(organization, DocumentKind.QUARTERLY, period, 4)
    GeneratedDocument.objects.filter(pk=fresh.pk).update(
        created_at=reopened_at + datetime.timedelta(minutes=5)
    )
    fresh.refresh_from_db()
    cell = _publication_cell(client, page, fresh)
    assert cell.xpath(f'.//a[@id="publish-{fresh.pk}"]')
    document_publish(actor=staf, document=fresh)


def test_a_semester_version_follows_both_of_its_quarters(organization, dataset):
    staf = organization["staf.evaluasi"]
    first_semester = _version(organization, DocumentKind.SEMESTER, dataset.periods[2], 1)
    second_semester = _version(organization, DocumentKind.SEMESTER, dataset.periods[4], 2)
    _reopen(organization, dataset.periods[1], when=timezone.now() + datetime.timedelta(minutes=1))
    with pytest.raises(ValidationError) as error:
        document_publish(actor=staf, document=first_semester)
    assert error.value.messages[0].startswith("TW I dibuka kembali pada ")
    document_publish(actor=staf, document=second_semester)  # TW III and IV: not reopened


def test_an_lkjip_version_follows_every_quarter_of_its_year(client, organization, dataset):
    staf = organization["staf.evaluasi"]
    report = AnnualReport.objects.create(agency=organization.agency, year=YEAR)
    lkjip = _version(organization, DocumentKind.ANNUAL, report, 1)
    _reopen(organization, dataset.periods[3], when=timezone.now() + datetime.timedelta(minutes=1))
    with pytest.raises(ValidationError) as error:
        document_publish(actor=staf, document=lkjip)
    assert error.value.messages[0].startswith("TW III dibuka kembali pada ")
    client.force_login(staf)
    cell = _publication_cell(client, reverse("reports:annual_report", args=[YEAR]), lkjip)
    assert cell.xpath(".//button[@disabled]") and cell.xpath(".//a") == []
