"""A NUL character ("\\x00") in any text input is refused, on SQLite exactly as on PostgreSQL
(which answered 500): next to the field in forms, with the Indonesian 400 page for query strings,
and before any query for whatever bypassed both (sakip/core/nul.py)."""

import pytest
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import reverse

from sakip.audit.models import AuditEvent
from sakip.conftest import PASSWORD
from sakip.core import errors
from sakip.core.nul import NulCharacterError, has_nul
from sakip.procedures import engine
from sakip.procedures.choices import TaskStatus
from sakip.procedures.tests.factories import make_two_step_sop, open_task, start_run, wita

pytestmark = pytest.mark.django_db

NUL = "\x00"
FIELD_MESSAGE = "Karakter null tidak diizinkan."


def client_for(username: str | None = None, **kwargs) -> Client:
    client = Client(**kwargs)
    if username:
        assert client.login(username=username, password=PASSWORD)
    return client


# --- the database never sees a NUL ---------------------------------------------------------------


def test_a_nul_is_refused_before_it_reaches_the_database(organization):
    """What PostgreSQL refuses with an error is refused the same way on SQLite."""
    # Each in its own transaction, as services write (ARCHITECTURE.md, convention 2).
    with pytest.raises(NulCharacterError), transaction.atomic():
        AuditEvent.objects.create(object_type="x", object_id="1", action="a", note=f"a{NUL}b")
    with pytest.raises(NulCharacterError), transaction.atomic():
        AuditEvent.objects.filter(note__icontains=NUL).exists()
    assert not AuditEvent.objects.filter(object_type="x").exists()


def test_every_connection_is_guarded(organization):
    from sakip.core.nul import refuse_nul

    connection.ensure_connection()
    assert refuse_nul in connection.execute_wrappers


def test_json_values_and_arrays_are_inspected_too():
    class Jsonb:  # the shape of psycopg's JSON wrapper
        def __init__(self, obj):
            self.obj = obj

    assert has_nul(Jsonb({"note": [f"a{NUL}"]}))
    assert has_nul(Jsonb({f"k{NUL}": 1}))
    assert has_nul([["a", f"b{NUL}"]])
    assert not has_nul(Jsonb({"note": "a\\u0000 typed as text"}))
    assert not has_nul(b"\x00binary is not text")


def test_a_service_given_a_nul_writes_nothing(organization):
    run = start_run(organization, make_two_step_sop(organization.agency), now=wita(2026, 11, 23, 8))
    task = open_task(run, 1)
    with pytest.raises(NulCharacterError):
        engine.task_complete(actor=organization["staf.evaluasi"], task=task, note=f"siap{NUL}")
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN


@override_settings(DEBUG=False)
def test_a_nul_that_slipped_past_the_forms_is_the_indonesian_400_page(organization, monkeypatch):
    from sakip.procedures import selectors_runs

    def stores_a_nul(*args, **kwargs):
        with transaction.atomic():  # as a service writes
            AuditEvent.objects.create(object_type="x", object_id="1", action="a", note=NUL)

    monkeypatch.setattr(selectors_runs, "inbox", stores_a_nul)
    response = client_for("kabid.ikp").get(reverse("procedures:inbox"))
    assert response.status_code == 400
    html = response.content.decode()
    assert str(errors.NUL_REFUSED) in html and 'aria-label="Navigasi utama"' in html


# --- forms say so next to the field ----------------------------------------------------------


def test_a_nul_in_a_task_note_is_refused_next_to_the_field(organization):
    run = start_run(organization, make_two_step_sop(organization.agency), now=wita(2026, 11, 23, 8))
    task = open_task(run, 1)
    response = client_for("staf.evaluasi").post(
        reverse("procedures:task_complete", args=[task.pk]), {"note": f"Bahan{NUL} siap."}
    )
    assert response.status_code == 200
    assert FIELD_MESSAGE in response.content.decode()
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN


def test_a_nul_in_the_login_name_is_shown_next_to_the_field(organization):
    response = client_for().post(
        reverse("accounts:login"), {"username": f"kabid.ikp{NUL}", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert FIELD_MESSAGE in response.content.decode()  # was a silent page


# --- query strings: the 400 page -------------------------------------------------------------------


@override_settings(DEBUG=False)
@pytest.mark.parametrize(
    ("name", "query"),
    [
        ("planning:tree", {"q": f"IK{NUL}"}),
        ("procedures:run_list", {"status": NUL}),
        ("reports:archive", {"kind": f"a{NUL}"}),
        ("monitoring:period_list", {f"x{NUL}": "1"}),
    ],
)
def test_a_nul_in_a_query_string_is_the_indonesian_400_page(organization, name, query):
    response = client_for("kasubag.renkeu").get(reverse(name), query)
    assert response.status_code == 400
    html = response.content.decode()
    assert str(errors.NUL_TITLE) in html and 'aria-label="Navigasi utama"' in html


@override_settings(DEBUG=False)
def test_a_nul_in_the_admin_search_is_the_400_page(organization):
    response = client_for("admin").get(reverse("admin:accounts_user_changelist"), {"q": NUL})
    assert response.status_code == 400
    assert str(errors.NUL_TITLE) in response.content.decode()
