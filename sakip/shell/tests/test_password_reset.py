"""Forgotten password: the link comes by e-mail (through the task queue), works once, and the
new password signs the person in."""

from __future__ import annotations

import re

from django.core import mail
from django.urls import reverse

from sakip.conftest import PASSWORD

NEW_PASSWORD = "Balangan-baru-2026"


def _ask_for_a_link(client, address: str, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("accounts:password_reset"), {"email": address})


def test_the_login_page_offers_a_forgotten_password_link(client, db):
    page = client.get(reverse("accounts:login")).content.decode()
    assert 'href="/akun/kata-sandi/lupa/"' in page and "Lupa kata sandi?" in page


def test_a_person_resets_a_forgotten_password_by_e_mail(
    client, organization, django_capture_on_commit_callbacks
):
    # The address is on the employee record only, as the office keeps it.
    employee = organization["kabid.ikp"].employee
    employee.email = "kabid.ikp@balangankab.go.id"
    employee.save()

    response = _ask_for_a_link(
        client, "Kabid.IKP@balangankab.go.id", django_capture_on_commit_callbacks
    )

    assert response.status_code == 302
    assert "Periksa surel Anda" in client.get(response["Location"]).content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["kabid.ikp@balangankab.go.id"]
    assert message.subject == "Kata sandi baru e-SAKIP"
    assert "Nama pengguna Anda: kabid.ikp" in message.body
    found = re.search(r"http://testserver(/akun/kata-sandi/atur/\S+)", str(message.body))
    assert found, message.body
    link = found.group(1)

    form_page = client.get(link, follow=True)
    assert "Buat kata sandi baru" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done.status_code == 302
    assert "Kata sandi sudah diganti" in client.get(done["Location"]).content.decode()

    assert client.login(username="kabid.ikp", password=NEW_PASSWORD)
    assert not client.login(username="kabid.ikp", password=PASSWORD)
    # The link works once.
    client.logout()
    reused = client.get(link, follow=True).content.decode()
    assert "Tautan ini tidak berlaku lagi" in reused


def test_an_unknown_address_gets_the_same_answer_and_no_mail(
    client, organization, django_capture_on_commit_callbacks
):
    response = _ask_for_a_link(client, "siapa@contoh.go.id", django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response["Location"] == "/akun/kata-sandi/lupa/terkirim/"
    assert mail.outbox == []


def test_an_inactive_account_gets_no_link(client, organization, django_capture_on_commit_callbacks):
    user = organization["kabid.ikp"]
    user.email = "kabid.ikp@balangankab.go.id"
    user.is_active = False
    user.save()
    _ask_for_a_link(client, "kabid.ikp@balangankab.go.id", django_capture_on_commit_callbacks)
    assert mail.outbox == []
