import time
import pytest
from tests.browser.support import login

pytestmark = pytest.mark.browser

def test_timing(page, admin, live_server):
    t = time.monotonic()
    def lap(label):
        nonlocal t
        now = time.monotonic(); print(f"{label}: {now - t:.3f}s"); t = now
    login(page); lap("login")
    page.goto("/partners/new/"); lap("goto new")
    for sel, v in [("#id_name", "武汉"), ("#id_contacts-0-name", "王建国"), ("#id_contacts-0-title", "采购经理"),
                   ("#id_contacts-0-phone", "13800138000"), ("#id_contacts-0-email", "wang@example.cn"),
                   ("#id_bank_accounts-0-bank_name", "中国工商银行武汉汉口支行"), ("#id_bank_accounts-0-account_name", "x"),
                   ("#id_bank_accounts-0-account_number", "6222020200112233445")]:
        page.fill(sel, v); lap(sel)
    page.check("#id_is_customer"); lap("check")
