"""What the RKT form page shows: times in the history as "Jumat, 04 Desember 2026 15:45 WITA"
(never an ISO timestamp), and a name whose academic title ends in a period followed by the
sentence's period once ("S.AP.", never "S.AP..")."""

import re

import pytest
from django.urls import reverse
from lxml import html as lxml_html

from sakip.conftest import PASSWORD
from sakip.organization.models import Employee
from sakip.planning.rkt import services

from . import rkt_factories
from .rkt_factories import form_of, start, walk_to_fill, wita

rkt_world = rkt_factories.rkt_world

ISO = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


@pytest.fixture
def ikp_form(rkt_world):
    run = start(rkt_world)
    walk_to_fill(rkt_world, run)
    return form_of(run, rkt_world.org.ikp)


def _text(client, username, url):
    assert client.login(username=username, password=PASSWORD)
    response = client.get(url)
    assert response.status_code == 200
    tree = lxml_html.fromstring(response.content.decode())
    return " ".join(tree.text_content().replace("→", " ").split())


@pytest.mark.django_db
def test_the_form_history_shows_the_acknowledgement_time_in_words(client, rkt_world, ikp_form):
    services.rkt_acknowledge(
        actor=rkt_world["kabid.ikp"], form=ikp_form, now=wita(2026, 12, 4, 15, 45)
    )
    text = _text(client, "kabid.ikp", reverse("planning:rkt_form", args=[ikp_form.pk]))
    assert ISO.findall(text) == []
    assert "Sosialisasi diterima pada: — menjadi Jumat, 04 Desember 2026 15:45 WITA" in text


@pytest.mark.django_db
def test_a_title_ending_in_a_period_ends_the_sentence_once(client, rkt_world, ikp_form):
    Employee.objects.filter(user=rkt_world["kabid.ikp"]).update(
        name="Muhammad Ridwan", back_title="S.AP."
    )
    text = _text(client, "kasi.ikp", reverse("planning:rkt_form", args=[ikp_form.pk]))
    assert "Menunggu pengisian oleh Muhammad Ridwan, S.AP." in text
    assert "S.AP.." not in text
