"""A person sets up two-factor sign-in, signs in with a code, and a replayed code is refused;
an attacker guessing passwords locks the account and the administrator hears of it."""

import time
from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from tests.browser.support import login

pytestmark = pytest.mark.browser
PASSWORD = "Pass-word-2026"


def code_at(secret: str, step: int) -> str:
    totp = TOTP(b32decode(secret))
    totp.time = step * 30
    return f"{totp.token():06d}"


def test_enrol_a_second_factor_then_sign_in_with_a_code_and_a_replay_is_refused(new_page, make_user):
    user = make_user("sales")
    page = new_page()
    login(page, user.username, PASSWORD)
    page.goto("/security/")
    page.get_by_role("button", name="设置双重验证").click()
    secret = page.locator("#totp-secret").inner_text().strip()
    expect(page.locator(".zf-qr svg")).to_be_visible()
    step = int(time.time()) // 30
    page.fill("#id_code", code_at(secret, step))
    page.get_by_role("button", name="确认").click()
    expect(page.locator("#recovery-codes .col")).to_have_count(10)
    expect(page.get_by_text("已开启", exact=True)).to_be_visible()

    page.locator("button.dropdown-toggle:has(.bi-person-circle)").click()
    page.locator("form[action='/logout/'] button").click()
    login(page, user.username, PASSWORD)
    assert "/login/verify/" in page.url
    page.fill("#id_code", code_at(secret, step))  # the code already used at enrolment
    page.get_by_role("button", name="验证").click()
    expect(page.locator(".invalid-feedback")).to_be_visible()
    assert "/login/verify/" in page.url

    page.wait_for_timeout(1500)  # django-otp throttles the next try for a second after a failure
    page.fill("#id_code", code_at(secret, step + 1))
    page.get_by_role("button", name="验证").click()
    expect(page.locator("h1")).to_contain_text("欢迎")


def test_five_wrong_passwords_lock_the_account_and_notify_the_administrator(new_page, admin, make_user):
    from zhangfang.core.models import Notification

    user = make_user("sales")
    page = new_page()
    for _attempt in range(5):
        login(page, user.username, "not-the-password")
    expect(page.get_by_role("heading", name="账户已锁定")).to_be_visible()
    login(page, user.username, PASSWORD)  # the right password no longer helps
    expect(page.get_by_role("heading", name="账户已锁定")).to_be_visible()
    assert Notification.objects.filter(user=admin, title__contains=user.username).count() == 1
