"""A salesperson's order from quotation to paid invoice, clicked through the pages: quotation
keyed, confirmed, delivered from the delivery page, invoiced and paid from the order's status bar."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.support import login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("roles_without_2fa")]


def test_an_order_goes_from_quotation_to_paid(page, admin, live_server):
    from zhangfang.accounting.models import Invoice
    from zhangfang.sales.models import SalesOrder
    from zhangfang.sales.tests.shop import Shop

    shop = Shop(admin, admin.default_company)
    pump = shop.product(name="离心泵 IS80", price="1000.00")
    shop.receive(pump, "10", "600.00")
    login(page)

    # the quotation: 3 pumps at the product's price, 13 % VAT
    page.goto("/sales/orders/new/")
    page.select_option("#id_partner", str(shop.customer.pk))
    page.select_option("#id_lines-0-product", str(pump.pk))
    page.fill("#id_lines-0-quantity", "3")
    page.select_option("#id_lines-0-tax", str(shop.vat13.pk))
    page.locator("#zf-save").click()
    expect(page).to_have_url(re.compile(r"/sales/orders/\d+/$"))
    expect(page.locator("#zf-order-total")).to_contain_text("3,390.00")
    order = SalesOrder.objects.get()

    # confirmed: the delivery order is made and reserved
    page.locator("#zf-actions form[action$='/confirm/'] button").click()
    expect(page.locator("#zf-order-status")).to_have_text(re.compile(r"\S"))
    screenshot(page, "sales-order-confirmed", full_page=False)
    page.locator("#zf-actions a[href*='/sales/deliveries/']").click()
    expect(page.locator("#zf-picking-status")).to_be_visible()

    # the warehouse validates it with a tracking number
    page.fill("#id_tracking_number", "SF1130000001")
    page.locator("#zf-validate").click()
    expect(page.locator("main .alert-success")).to_be_visible()
    page.locator("#zf-order-link").click()

    # invoiced, then paid in full from the order
    page.locator("#zf-actions form[action$='/invoice/'] button").click()
    expect(page.locator("#zf-payment-state")).to_have_attribute("data-state", "not_paid")
    page.locator("#zf-actions a[href$='/payment/']").click()
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(rf"/sales/orders/{order.pk}/$"))
    expect(page.locator("#zf-payment-state")).to_have_attribute("data-state", "paid")
    screenshot(page, "sales-order-paid", full_page=False)

    order.refresh_from_db()
    assert order.status == "done"
    assert Invoice.objects.get(kind="out_invoice").payment_state == "paid"
