"""A clerk keys a voucher with the keyboard alone, watches it balance, saves and posts it."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from tests.browser.support import login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("roles_without_2fa")]


def test_a_voucher_keyed_with_the_keyboard_balances_and_is_posted(page, admin, live_server):
    from zhangfang.accounting.models import JournalEntry
    from zhangfang.accounting.tests.conftest import Books

    Books(admin, admin.default_company)
    login(page)
    page.goto("/accounting/entries/new/")
    difference = page.locator("#zf-difference")

    # line 1: bank 1,000.00 debit, typed field after field with Tab
    page.locator("#id_lines-0-account").click()
    page.keyboard.type("1002")
    page.keyboard.press("Tab")
    page.keyboard.type("收到货款")
    page.keyboard.press("Tab")
    page.keyboard.type("1000")
    expect(difference).to_have_text("1,000.00")
    # on to line 2 past credit, partner and cost centre: cash 200.00 debit
    for _field in range(4):
        page.keyboard.press("Tab")
    expect(page.locator("#id_lines-1-account")).to_be_focused()
    expect(page.locator("#id_lines-0-account")).to_have_value("1002 银行存款")  # the code is completed
    page.keyboard.type("1001")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.type("200")
    # Enter on the last line adds a third one
    page.keyboard.press("Enter")
    expect(page.locator("#id_lines-2-account")).to_be_focused()
    page.keyboard.type("6001")
    for _field in range(3):
        page.keyboard.press("Tab")
    expect(page.locator("#id_lines-2-credit")).to_be_focused()
    expect(difference).to_have_text("1,200.00")
    # "=" fills the amount that balances the voucher
    page.keyboard.type("=")
    expect(page.locator("#id_lines-2-credit")).to_have_value("1200.00")
    expect(difference).to_have_text("0.00")
    expect(page.locator("#zf-total-credit")).to_have_text("1,200.00")
    screenshot(page, "voucher-form-desktop", full_page=False)

    with page.expect_response(lambda r: r.request.method == "POST") as saved:
        page.keyboard.press("Control+s")
    assert saved.value.status == 302, f"saving answered HTTP {saved.value.status}"
    expect(page).to_have_url(re.compile(r"/accounting/entries/\d+/$"))
    page.locator("#zf-actions form[action$='/post/'] button").click()

    number = f"记-{datetime.date.today():%Y-%m}-0001"
    expect(page.locator("main h1")).to_have_text(number)
    expect(page.locator("main .alert-success")).to_contain_text(number)
    screenshot(page, "voucher-posted-desktop", full_page=False)
    entry = JournalEntry.objects.get(number=number)
    assert sorted((line.account.code, str(line.debit), str(line.credit)) for line in entry.lines.all()) == [
        ("1001", "200.00", "0.00"), ("1002", "1000.00", "0.00"), ("6001", "0.00", "1200.00")]
