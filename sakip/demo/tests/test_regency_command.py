"""`manage.py generate_regency` on a database of its own (the regency of test_regency.py is
built once for that module and seen by all of its tests)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sakip.demo.loader import load_demo
from sakip.organization.models import Unit

PASSWORD = "rahasia-demo"


@pytest.mark.django_db
def test_the_command_needs_the_demo():
    with pytest.raises(CommandError, match="load_demo"):
        call_command("generate_regency", stdout=StringIO())


@pytest.mark.django_db
def test_the_command_refuses_outside_demo_mode(settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="DEMO_MODE"):
        call_command("generate_regency", stdout=StringIO())


@pytest.mark.django_db
def test_the_command_reports_what_the_regency_holds(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    load_demo(password=PASSWORD, with_sop_run=False, with_data_year=False)
    template_units = Unit.objects.filter(path__startswith="/").count()
    out = StringIO()
    call_command("generate_regency", "--agencies", "2", "--last-year-only", stdout=out)
    text = out.getvalue()
    assert "2 perangkat daerah baru" in text
    # The demo's regency with its agency, and two agencies of 16 units each.
    assert Unit.objects.count() == template_units + 2 * 16
    assert f"3 perangkat daerah, {template_units + 32} unit" in text
    assert "kadis.dinas07" in text
