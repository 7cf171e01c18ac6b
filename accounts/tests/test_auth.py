from __future__ import annotations

import re

from django.core import mail

from accounts.models import User


def test_sign_up_requires_e_mail_verification(client, db):
    response = client.post("/cs/ucet/signup/", {
        "email": "nova@obec.cz", "password1": "Silne-Heslo-2026", "password2": "Silne-Heslo-2026",
    })
    assert response.status_code == 302
    user = User.objects.get(email="nova@obec.cz")
    # Not verified yet: logging in sends the user to the verification notice, not in.
    client.logout()
    client.post("/cs/ucet/login/", {"login": "nova@obec.cz", "password": "Silne-Heslo-2026"})
    assert "_auth_user_id" not in client.session
    assert len(mail.outbox) >= 1
    link = re.search(r"https?://[^\s]+/confirm-email/[^\s]+/", mail.outbox[0].body).group(0)
    path = link.split("testserver", 1)[1]
    client.post(path)
    assert user.emailaddress_set.get().verified
    assert client.session.get("_auth_user_id") == str(user.pk)


def test_login_with_wrong_password_is_refused_and_rate_limited(client, make_user):
    make_user("eva@obec.cz", password="Spravne-Heslo-1")
    for _ in range(6):
        response = client.post("/en/account/login/", {"login": "eva@obec.cz",
                                                      "password": "spatne"})
        assert "_auth_user_id" not in client.session
    assert "Too many failed sign-in attempts" in response.content.decode()
    # Even the right password is refused until the limit (5 per 5 minutes per account) passes.
    client.post("/en/account/login/", {"login": "eva@obec.cz", "password": "Spravne-Heslo-1"})
    assert "_auth_user_id" not in client.session


def test_login_with_right_password(client, make_user):
    make_user("jan@obec.cz", password="Spravne-Heslo-1")
    response = client.post("/cs/ucet/login/", {"login": "jan@obec.cz",
                                               "password": "Spravne-Heslo-1"})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_password_reset_sends_a_link(client, make_user):
    make_user("petr@obec.cz")
    client.post("/cs/ucet/password/reset/", {"email": "petr@obec.cz"})
    assert any("petr@obec.cz" in m.to for m in mail.outbox)
    assert "/password/reset/key/" in mail.outbox[-1].body


def test_login_page_is_czech_and_english(client, db):
    assert 'lang="cs"' in client.get("/cs/ucet/login/").content.decode()
    assert 'lang="en"' in client.get("/en/account/login/").content.decode()
