import datetime
import pytest
from zhangfang.accounting.tests.conftest import Books
from zhangfang.accounting.tests.trade import Trade
from tests.browser.support import login

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("roles_without_2fa")]


def test_look(admin, company, page):
    books = Books(admin, company)
    t = Trade(books)
    inv = t.invoice(datetime.date(2026, 10, 3), "1000.00")
    t.receive(datetime.date(2026, 11, 4), "600.00", (inv, "600.00"))
    t.bill(datetime.date(2026, 11, 3), "80.00")
    login(page)
    page.goto("/accounting/invoices/new/")
    page.select_option("#id_partner", str(t.customer.pk))
    page.fill("#id_lines-0-description", "水泵")
    page.fill("#id_lines-0-quantity", "3")
    page.fill("#id_lines-0-unit_price", "33.33")
    page.select_option("#id_lines-0-tax", label="销项 13%")
    page.press("#id_lines-0-unit_price", "Tab")
    page.wait_for_timeout(800)
    page.screenshot(path="/tmp/h4-form.png", full_page=True)
    page.click("#zf-save")
    page.wait_for_load_state()
    page.screenshot(path="/tmp/h4-detail-draft.png", full_page=True)
    page.goto(f"/accounting/invoices/{inv.pk}/")
    page.screenshot(path="/tmp/h4-detail-posted.png", full_page=True)
    page.goto("/accounting/invoices/")
    page.screenshot(path="/tmp/h4-list.png", full_page=True)
    page.goto("/accounting/payments/new/")
    page.select_option("#id_partner", str(t.customer.pk))
    page.wait_for_timeout(800)
    page.screenshot(path="/tmp/h4-payment-form.png", full_page=True)
    page.goto("/accounting/aging/?as_of=2026-11-30")
    page.screenshot(path="/tmp/h4-aging.png", full_page=True)
    page.goto(f"/accounting/partners/{t.customer.pk}/open-items/")
    page.screenshot(path="/tmp/h4-open-items.png", full_page=True)
