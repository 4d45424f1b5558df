"""Sign-in hardening: second factor, replay, lockout, timeouts, deprovisioning (SEC-1..4, SEC-6)."""

import time

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from zhangfang.core.models import AuditRecord, Notification, Role
from zhangfang.core.services import security as security_services
from zhangfang.core.services.tokens import api_token_authenticate, api_token_create

PASSWORD = "Pass-word-2026"


def current_code(device: TOTPDevice) -> str:
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"


def enrolled(user) -> tuple[TOTPDevice, list[str]]:
    device = security_services.totp_enrol_start(actor=user)
    return security_services.totp_enrol_confirm(actor=user, code=current_code(device))


def sign_in(client, username, password=PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_a_user_with_an_authenticator_needs_a_code_and_a_used_code_is_refused(client, make_user):
    user = make_user("sales")
    device, _codes = enrolled(user)
    device.last_t = -1  # the confirmation used the current step; allow it once more for this test
    device.save()
    code = current_code(device)

    response = sign_in(client, user.username)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login_verify"))
    assert "_auth_user_id" not in client.session  # not signed in on the password alone

    response = client.post(reverse("login_verify"), {"code": code})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)

    client.logout()
    sign_in(client, user.username)
    replay = client.post(reverse("login_verify"), {"code": code})
    assert replay.status_code == 422
    assert "_auth_user_id" not in client.session


def test_a_recovery_code_works_exactly_once(client, make_user):
    user = make_user("sales")
    _device, codes = enrolled(user)
    assert len(codes) == 10
    sign_in(client, user.username)
    assert client.post(reverse("login_verify"), {"code": codes[0]}).status_code == 302
    client.logout()
    sign_in(client, user.username)
    assert client.post(reverse("login_verify"), {"code": codes[0]}).status_code == 422


def test_five_wrong_passwords_lock_the_account_and_tell_the_administrator(client, admin, make_user):
    user = make_user("sales")
    for _attempt in range(5):
        response = sign_in(client, user.username, "wrong-password-1")
    assert response.status_code == 429
    assert sign_in(client, user.username).status_code == 429  # the right password no longer helps
    assert AuditRecord.objects.filter(action="lockout", object_id=str(user.pk)).count() == 1
    assert Notification.objects.filter(user=admin, title__contains=user.username).count() == 1


def test_a_role_requiring_two_factor_sends_its_holder_to_set_it_up(client, make_user):
    user = make_user("cashier")
    assert Role.objects.get(code="cashier").requires_2fa
    sign_in(client, user.username)
    response = client.get(reverse("partner_list"))
    assert response.status_code == 302 and response["Location"] == reverse("security")
    api = client.get("/api/v1/partners")
    assert api.status_code == 403 and api.json()["code"] == "second_factor_required"


def test_two_factor_cannot_be_switched_off_where_the_role_requires_it(make_user):
    user = make_user("cashier")
    enrolled(user)
    with pytest.raises(security_services.SecondFactorRequired):
        security_services.totp_disable(actor=user)
    assert TOTPDevice.objects.filter(user=user, confirmed=True).count() == 1


def test_changing_the_second_factor_asks_for_the_password_again(client, make_user):
    user = make_user("sales")
    sign_in(client, user.username)
    session = client.session
    session["zf_reauth_at"] = int(time.time()) - 3600
    session.save()
    response = client.post(reverse("security_enrol"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("reauth"))
    client.post(reverse("reauth"), {"password": PASSWORD, "next": reverse("security")})
    assert client.post(reverse("security_enrol")).status_code == 302
    assert TOTPDevice.objects.filter(user=user, confirmed=False).count() == 1


def test_an_idle_session_ends(client, make_user):
    user = make_user("sales")
    sign_in(client, user.username)
    session = client.session
    session["zf_seen_at"] = int(time.time()) - 31 * 60
    session.save()
    response = client.get(reverse("partner_list"))
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert "_auth_user_id" not in client.session


def test_deactivating_a_user_ends_their_sessions_and_revokes_their_tokens(client, admin, make_user):
    user = make_user("sales")
    sign_in(client, user.username)
    _token, plain = api_token_create(actor=user, name="导出", scope="read")
    assert Session.objects.count() == 1

    result = security_services.user_deactivate(actor=admin, user=user)

    assert result == {"sessions_ended": 1, "tokens_revoked": 1}
    assert Session.objects.count() == 0
    assert api_token_authenticate(plain) is None
    assert client.get(reverse("partner_list")).status_code == 302
    assert AuditRecord.objects.filter(action="deactivate", object_id=str(user.pk)).exists()


def test_pages_carry_security_headers(client):
    response = client.get(reverse("login"))
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_wrong_passwords_for_one_user_do_not_lock_another_at_the_same_address(client, make_user):
    guessed, bystander = make_user("sales"), make_user("sales")
    for _attempt in range(5):
        sign_in(client, guessed.username, "wrong-password-1")
    assert sign_in(client, bystander.username).status_code == 302


def test_the_demo_keeps_two_factor_where_real_data_exists(admin, company):
    from zhangfang.core.demo import build_demo
    from zhangfang.core.services.partners import partner_create

    partner_create(actor=admin, company=company, name="真实客户", is_customer=True)
    build_demo()
    assert Role.objects.get(code="admin").requires_2fa
